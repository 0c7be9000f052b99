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
import { ValidationError } from '../errors.js';
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

/** The token the active holds: who, and which takeover. */
export interface FenceToken {
  group: string;
  epoch: number;
  chassis: string;
}

/**
 * The OVSDB lock name of a group. Lock names are <id>s (RFC 7047 §3.1: letters, digits and '_', not first a
 * digit); ovsdb-server refuses "a-b". So '_' becomes "_u" and '-' becomes "_d": distinct groups, distinct locks.
 */
export const lockName = (group: string): string => `evpnctl_ha_${group.replace(/_/g, '_u').replace(/-/g, '_d')}`;

/** The NB_Global external_ids key of a token. */
export const fenceKey = (group: string, epoch: number): string => `${FENCE_KEY_PREFIX}${group}.${epoch}`;

/** The tokens of one group among NB_Global's external_ids (normally one; never trusts a malformed key). */
export function tokensOf(group: string, externalIds: Readonly<Record<string, string>>): FenceToken[] {
  const prefix = `${FENCE_KEY_PREFIX}${group}.`;
  const out: FenceToken[] = [];
  for (const [k, v] of Object.entries(externalIds)) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    if (!/^\d{1,15}$/.test(rest)) continue;
    out.push({ group, epoch: Number(rest), chassis: v });
  }
  return out.sort((a, b) => a.epoch - b.epoch);
}

/** The group's current token: the one with the highest epoch, or null before any takeover. */
export function currentToken(group: string, externalIds: Readonly<Record<string, string>>): FenceToken | null {
  return tokensOf(group, externalIds).at(-1) ?? null;
}

/** The value of a token's key in NB_Global's external_ids (what claimOps writes and the fence waits for). */
export const fenceValue = (t: FenceToken): string => t.chassis;

/**
 * The OVSDB op that fences a prepared transaction on a token; put it first in every NB write of the active.
 * columns [] and rows [{}]: exactly one row (NB_Global has at most one) must still carry our key and value.
 */
export const fenceWaitOp = (t: FenceToken): Record<string, unknown> => ({
  op: 'wait', table: 'NB_Global', where: [['external_ids', 'includes', ['map', [[fenceKey(t.group, t.epoch), fenceValue(t)]]]]],
  columns: [], until: '==', rows: [{}], timeout: 0,
});

/** What fenceWaitOp checks, for the error when it fails. */
export const fenceExpects = (t: FenceToken): string =>
  `the HA fence token ${fenceKey(t.group, t.epoch)} = ${JSON.stringify(fenceValue(t))} in NB_Global`;

/** The ovn-nbctl command that fences a chain on a token (the same check as fenceWaitOp, for ovn-nbctl writes). */
export const fenceCommand = (t: FenceToken): Command => ['get', 'NB_Global', '.', `external_ids:${q(fenceKey(t.group, t.epoch))}`];

/**
 * The ops of a takeover on the lock-holding connection (database OVN_Northbound): assert the lock, check
 * that NB_Global's external_ids are still what we read (so two claims never pick the same epoch, even from
 * two servers during a leader change), then replace the group's tokens by ours. With no NB_Global row yet,
 * insert one (the table holds at most one row, so a racing insert fails instead of doubling it).
 */
export function claimOps(group: string, chassis: string, nbGlobal: { uuid: string; externalIds: Readonly<Record<string, string>> } | null): { ops: unknown[]; token: FenceToken } {
  const prior = nbGlobal === null ? [] : tokensOf(group, nbGlobal.externalIds);
  const epoch = (prior.at(-1)?.epoch ?? 0) + 1;
  const token: FenceToken = { group, epoch, chassis };
  const assert = { op: 'assert', lock: lockName(group) };
  const mine = ['map', [[fenceKey(group, epoch), fenceValue(token)]]];
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
  if (prior.length > 0) mutations.push(['external_ids', 'delete', ['set', prior.map((t) => fenceKey(group, t.epoch))]]);
  mutations.push(['external_ids', 'insert', mine]);
  return {
    token,
    ops: [assert, { op: 'wait', table: 'NB_Global', where, columns: ['external_ids'], until: '==', rows: [{ external_ids: current }], timeout: 0 },
      { op: 'mutate', table: 'NB_Global', where, mutations }],
  };
}
