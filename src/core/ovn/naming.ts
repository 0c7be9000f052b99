// Names and marks of everything the programmer creates. OVS port names stay within 15 characters
// (IFNAMSIZ-1: netdev-linux and tooling assume interface-sized names) and are deterministic; the readable
// identity (VNI, VTEP) lives in external_ids, which is also what reconcile trusts.
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { canonicalIpv6 } from '../model/validate.js';

/** external_ids keys that mark and identify our objects. */
export const EXT = {
  managed: 'evpnctl-managed',
  vni: 'evpnctl-vni',
  vtep: 'evpnctl-vtep',
} as const;

/** Longest OVS port name we produce (Linux IFNAMSIZ is 16 with the NUL). */
export const MAX_PORT_NAME = 15;

/** The one spelling of a VTEP address used in names and keys (RFC 5952 for IPv6). */
export function canonicalVtep(vtep: string): string {
  if (isIPv4(vtep)) return vtep;
  if (isIPv6(vtep)) return canonicalIpv6(vtep);
  throw new TypeError(`expected a VTEP IPv4 or IPv6 address, got ${JSON.stringify(vtep)}`);
}

/** The key of a (VNI, remote VTEP) pair in maps. */
export const pairKey = (vni: number, vtep: string): string => `${vni}|${vtep}`;

/** The inverse of pairKey. */
export function parsePairKey(key: string): { vni: number; vtep: string } {
  const bar = key.indexOf('|');
  return { vni: Number(key.slice(0, bar)), vtep: key.slice(bar + 1) };
}

/** The LSP of a pair, as in the lab recipe; it is also the OVS interface's iface-id. */
export const lspName = (vni: number, vtep: string): string => `evpn-${vni}-${vtep}`;

/** The Port_Group of a VNI. Port_Group names must be valid match identifiers ([A-Za-z_][A-Za-z0-9_]*, ovn-nb(5)). */
export const portGroupName = (vni: number): string => `evpn_vni_${vni}`;

const hex6 = (vni: number): string => vni.toString(16).padStart(6, '0');

/**
 * Candidate OVS port names of a pair. IPv4: 'v' + 6 hex digits of VNI + 8 of the address, exactly 15
 * characters and injective, so there is one candidate. IPv6: 'w' + VNI + 8 hex digits of
 * sha256(address#attempt); a collision moves to the next attempt (see allocatePortName).
 */
export function portNameCandidate(vni: number, vtep: string, attempt: number): string {
  if (isIPv4(vtep)) {
    const ip = vtep.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('');
    return `v${hex6(vni)}${ip}`;
  }
  const h = createHash('sha256').update(`${canonicalVtep(vtep)}#${attempt}`).digest('hex').slice(0, 8);
  return `w${hex6(vni)}${h}`;
}

/** True when name is one of the names this pair could have been given. */
export function isCandidateName(vni: number, vtep: string, name: string, maxAttempts = 16): boolean {
  if (isIPv4(vtep)) return name === portNameCandidate(vni, vtep, 0);
  for (let a = 0; a < maxAttempts; a++) if (portNameCandidate(vni, vtep, a) === name) return true;
  return false;
}

/**
 * The first candidate name not owned by another pair. owner(name) says which pair key holds a name
 * already (from the managed ports read back and the names handed out so far).
 */
export function allocatePortName(vni: number, vtep: string, owner: (name: string) => string | undefined, maxAttempts = 16): string {
  const me = pairKey(vni, vtep);
  for (let a = 0; a < maxAttempts; a++) {
    const name = portNameCandidate(vni, vtep, a);
    const holder = owner(name);
    if (holder === undefined || holder === me) return name;
    if (isIPv4(vtep)) break;
  }
  throw new RangeError(`expected a free OVS port name for VNI ${vni} VTEP ${vtep}, got collisions on every candidate`);
}

/** external_ids that mark an object as ours and name its pair (or just its VNI). */
export function managedIds(vni: number, vtep?: string): Record<string, string> {
  const ids: Record<string, string> = { [EXT.managed]: 'true', [EXT.vni]: String(vni) };
  if (vtep !== undefined) ids[EXT.vtep] = vtep;
  return ids;
}

/** Reads the identity back from external_ids; null when it is missing or malformed. */
export function identityOf(ids: Readonly<Record<string, string>>): { vni: number; vtep: string | null } | null {
  if (ids[EXT.managed] !== 'true') return null;
  const vniText = ids[EXT.vni] ?? '';
  if (!/^[1-9][0-9]{0,7}$/.test(vniText)) return null;
  const vni = Number(vniText);
  if (vni > 0xffffff) return null;
  const raw = ids[EXT.vtep];
  if (raw === undefined) return { vni, vtep: null };
  if (!isIPv4(raw) && !isIPv6(raw)) return null;
  return { vni, vtep: canonicalVtep(raw) };
}
