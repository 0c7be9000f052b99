// Write fencing for HA groups (issue 10). The active daemon of a group holds an OVSDB lock named after the
// group (RFC 7047 §4.1.8), but the lock only lives on its own connection, while the NB writes go through
// ovn-nbctl processes, which cannot assert a lock they do not hold. So the lock holder stamps a fencing token
// into NB_Global, through its locked connection with {"op": "assert", "lock": ...} (§5.2.10): one key
// `evpnctl-fence.<group>.<epoch>` = <chassis>, the epoch one above the last. Every NB write transaction of
// the active starts with a "wait" op (§5.2.6) on NB_Global: the row whose external_ids include our token,
// `until "=="` one such row, timeout 0. Once the token was replaced no row matches, the wait fails at once,
// and the whole transaction is refused before any write (an ovn-nbctl chain gets the same from
// `get NB_Global . external_ids:<key>`, fenceCommand: ovn-nbctl turns it into such a wait).
// Tokens are never deleted except by the next claim (which replaces them): a release that removed its token
// would let the next claim reuse the epoch, and a stale batch of the old holder would pass again.
// The value also names the holder's BGP identity (`<chassis> router-id=<ip> vtep=<ip>[,<ip>]`), so the other
// members know its routes for the group's own (never imported, see Rib.setGroupMembers); a plain
// `<chassis>` (written before identities) still reads.
import { isIPv4 } from 'node:net';
import { ValidationError } from '../errors.js';
import { parseIp } from '../model/validate.js';
import { q, type Command } from './chain.js';

/** Prefix of every fence key; the full key is `evpnctl-fence.<group>.<epoch>`. */
export const FENCE_KEY_PREFIX = 'evpnctl-fence.';

/** HA group names: they go into a lock name and a map key, so letters, digits, '_' and '-' only. */
export const HA_GROUP_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks an HA group name (`--ha-group`). */
export function parseHaGroup(value: unknown): string {
  if (typeof value !== 'string' || !HA_GROUP_PATTERN.test(value)) {
    throw new ValidationError('HA group', value, "1 to 64 letters, digits, '_' or '-'");
  }
  return value;
}

/** The BGP identity of a group member: its router id and VTEP address(es). */
export interface FenceMember {
  routerId: string;
  vteps: readonly string[];
}

/** The token the active holds: who, and which takeover; member is absent in a token of the plain form. */
export interface FenceToken {
  group: string;
  epoch: number;
  chassis: string;
  member?: FenceMember;
}

/** The value of a fence key: the chassis, then the member's identity when there is one. */
export const fenceValue = (chassis: string, member?: FenceMember | null): string =>
  (member == null ? chassis : `${chassis} router-id=${member.routerId} vtep=${member.vteps.join(',')}`);

/**
 * Reads a fence value: a plain chassis name (printable ASCII, no space), or the chassis followed by exactly
 * `router-id=<IPv4>` and `vtep=<IP>[,<IP>]`. Null for anything else: a token is never half-trusted.
 */
export function parseFenceValue(value: string): { chassis: string; member?: FenceMember } | null {
  const [chassis, ...fields] = value.split(' ');
  if (chassis === undefined || !/^[\x21-\x7e]{1,255}$/.test(chassis)) return null;
  if (fields.length === 0) return { chassis };
  const routerId = /^router-id=(\S+)$/.exec(fields[0] ?? '')?.[1];
  const vteps = /^vtep=(\S+)$/.exec(fields[1] ?? '')?.[1]?.split(',');
  if (fields.length !== 2 || routerId === undefined || !isIPv4(routerId) || vteps === undefined || vteps.length > 2) return null;
  try {
    return { chassis, member: { routerId, vteps: vteps.map((v) => parseIp(v)) } };
  } catch (err) {
    if (err instanceof ValidationError) return null; // not an address: the value is malformed
    throw err;
  }
}

/**
 * The OVSDB lock name of a group. Lock names are <id>s (RFC 7047 §3.1: letters, digits and '_', not first a
 * digit); ovsdb-server refuses "a-b". So '_' becomes "_u" and '-' becomes "_d": distinct groups, distinct locks.
 */
export const lockName = (group: string): string => `evpnctl_ha_${group.replace(/_/g, '_u').replace(/-/g, '_d')}`;

/** The NB_Global external_ids key of a token. */
export const fenceKey = (group: string, epoch: number): string => `${FENCE_KEY_PREFIX}${group}.${epoch}`;

/** The epochs of every well-formed key of one group, whatever its value (a claim replaces them all). */
function epochsOf(group: string, externalIds: Readonly<Record<string, string>>): number[] {
  const prefix = `${FENCE_KEY_PREFIX}${group}.`;
  const out: number[] = [];
  for (const k of Object.keys(externalIds)) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    if (/^\d{1,15}$/.test(rest)) out.push(Number(rest));
  }
  return out.sort((a, b) => a - b);
}

/** The tokens of one group among NB_Global's external_ids (normally one; never trusts a malformed key or value). */
export function tokensOf(group: string, externalIds: Readonly<Record<string, string>>): FenceToken[] {
  const out: FenceToken[] = [];
  for (const epoch of epochsOf(group, externalIds)) {
    const value = parseFenceValue(externalIds[fenceKey(group, epoch)] ?? '');
    if (value !== null) out.push({ group, epoch, ...value });
  }
  return out;
}

/** The group's current token: the one with the highest epoch, or null before any takeover. */
export function currentToken(group: string, externalIds: Readonly<Record<string, string>>): FenceToken | null {
  return tokensOf(group, externalIds).at(-1) ?? null;
}

/**
 * The OVSDB op that fences a prepared transaction on a token; put it first in every NB write of the active.
 * columns [] and rows [{}]: exactly one row (NB_Global has at most one) must still carry our key and value.
 */
export const fenceWaitOp = (t: FenceToken): Record<string, unknown> => ({
  op: 'wait', table: 'NB_Global', where: [['external_ids', 'includes', ['map', [[fenceKey(t.group, t.epoch), fenceValue(t.chassis, t.member)]]]]],
  columns: [], until: '==', rows: [{}], timeout: 0,
});

/** What fenceWaitOp checks, for the error when it fails. */
export const fenceExpects = (t: FenceToken): string =>
  `the HA fence token ${fenceKey(t.group, t.epoch)} = ${JSON.stringify(fenceValue(t.chassis, t.member))} in NB_Global`;

/** The ovn-nbctl command that fences a chain on a token (the same check as fenceWaitOp, for ovn-nbctl writes). */
export const fenceCommand = (t: FenceToken): Command => ['get', 'NB_Global', '.', `external_ids:${q(fenceKey(t.group, t.epoch))}`];

/**
 * The ops of a takeover on the lock-holding connection (database OVN_Northbound): assert the lock, check
 * that NB_Global's external_ids are still what we read (so two claims never pick the same epoch, even from
 * two servers during a leader change), then replace the group's tokens by ours. With no NB_Global row yet,
 * insert one (the table holds at most one row, so a racing insert fails instead of doubling it).
 */
export function claimOps(
  group: string, chassis: string, nbGlobal: { uuid: string; externalIds: Readonly<Record<string, string>> } | null, member?: FenceMember | null,
): { ops: unknown[]; token: FenceToken } {
  const prior = nbGlobal === null ? [] : epochsOf(group, nbGlobal.externalIds);
  const epoch = (prior.at(-1) ?? 0) + 1;
  const token: FenceToken = { group, epoch, chassis, ...(member != null && { member }) };
  const assert = { op: 'assert', lock: lockName(group) };
  const mine = ['map', [[fenceKey(group, epoch), fenceValue(chassis, member)]]];
  if (nbGlobal === null) {
    return {
      token,
      ops: [assert, { op: 'wait', table: 'NB_Global', where: [], columns: [], until: '==', rows: [], timeout: 0 },
        { op: 'insert', table: 'NB_Global', row: { external_ids: mine } }],
    };
  }
  const where = [['_uuid', '==', ['uuid', nbGlobal.uuid]]];
  const current = ['map', Object.entries(nbGlobal.externalIds).sort(([a], [b]) => a.localeCompare(b))];
  const mutations: unknown[] = [];
  if (prior.length > 0) mutations.push(['external_ids', 'delete', ['set', prior.map((e) => fenceKey(group, e))]]);
  mutations.push(['external_ids', 'insert', mine]);
  return {
    token,
    ops: [assert, { op: 'wait', table: 'NB_Global', where, columns: ['external_ids'], until: '==', rows: [{ external_ids: current }], timeout: 0 },
      { op: 'mutate', table: 'NB_Global', where, mutations }],
  };
}

/**
 * The ops that rewrite the value of our own token with our current identity (the speaker was configured or
 * changed after the claim): same key, so the fence of every batch still holds; the lock is asserted.
 */
export function restampOps(t: FenceToken, member: FenceMember | null): unknown[] {
  const key = fenceKey(t.group, t.epoch);
  return [{ op: 'assert', lock: lockName(t.group) }, {
    op: 'mutate', table: 'NB_Global', where: [],
    mutations: [['external_ids', 'delete', ['set', [key]]], ['external_ids', 'insert', ['map', [[key, fenceValue(t.chassis, member)]]]]],
  }];
}

/** True when two identities are the same (both absent counts). */
export const sameMember = (a: FenceMember | undefined, b: FenceMember | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.routerId === b.routerId && a.vteps.join() === b.vteps.join());

