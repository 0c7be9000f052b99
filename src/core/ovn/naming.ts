// Names and marks of everything the programmer creates. OVS port names stay within 15 characters
// (IFNAMSIZ-1: netdev-linux and tooling assume interface-sized names) and are deterministic; the readable
// identity (VNI, VTEP, key) lives in external_ids, which is also what reconcile trusts.
//
// A pair is (VNI, remote VTEP, VXLAN key): the key is the VNI the routes' labels carry (RFC 8365 §5.1.3),
// nearly always the EVI's own VNI. Objects of that usual pair keep the names they always had (so objects
// made before keys existed are adopted as they are); only a key that differs shows in the names.
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { canonicalIpv6 } from '../model/validate.js';

/** external_ids keys that mark and identify our objects. */
export const EXT = {
  managed: 'evpnctl-managed',
  vni: 'evpnctl-vni',
  vtep: 'evpnctl-vtep',
  /** The VXLAN key of a pair; absent on objects made before keys existed, which means key = VNI. */
  key: 'evpnctl-key',
  /** What a Port_Group is for: absent = split horizon of the VNI, "no-flood" = the ports BUM must not reach. */
  role: 'evpnctl-role',
} as const;

/** EXT.role of the Port_Group of a VNI's EVPN ports that are not in the flood list. */
export const NO_FLOOD_ROLE = 'no-flood';

/** Longest OVS port name we produce (Linux IFNAMSIZ is 16 with the NUL). */
export const MAX_PORT_NAME = 15;

/** The one spelling of a VTEP address used in names and keys (RFC 5952 for IPv6). */
export function canonicalVtep(vtep: string): string {
  if (isIPv4(vtep)) return vtep;
  if (isIPv6(vtep)) return canonicalIpv6(vtep);
  throw new TypeError(`expected a VTEP IPv4 or IPv6 address, got ${JSON.stringify(vtep)}`);
}

/** The key of a (VNI, remote VTEP, VXLAN key) pair in maps: `vni|vtep`, plus `|key` when the key is not the VNI. */
export const pairKey = (vni: number, vtep: string, key: number = vni): string => (key === vni ? `${vni}|${vtep}` : `${vni}|${vtep}|${key}`);

/** The inverse of pairKey. */
export function parsePairKey(k: string): { vni: number; vtep: string; key: number } {
  const first = k.indexOf('|');
  const last = k.lastIndexOf('|');
  const vni = Number(k.slice(0, first));
  if (last === first) return { vni, vtep: k.slice(first + 1), key: vni };
  return { vni, vtep: k.slice(first + 1, last), key: Number(k.slice(last + 1)) };
}

/** The LSP of a pair, as in the lab recipe (plus `-k<key>` when the key is not the VNI); also the iface-id. */
export const lspName = (vni: number, vtep: string, key: number = vni): string =>
  (key === vni ? `evpn-${vni}-${vtep}` : `evpn-${vni}-${vtep}-k${key}`);

/** The Port_Group of a VNI. Port_Group names must be valid match identifiers ([A-Za-z_][A-Za-z0-9_]*, ovn-nb(5)). */
export const portGroupName = (vni: number): string => `evpn_vni_${vni}`;

/** The Port_Group of a VNI's EVPN ports that are not in the flood list (no BUM to them). */
export const noFloodGroupName = (vni: number): string => `evpn_noflood_${vni}`;

const hex6 = (vni: number): string => vni.toString(16).padStart(6, '0');

/**
 * Candidate OVS port names of a pair. IPv4 with key = VNI: 'v' + 6 hex digits of VNI + 8 of the address,
 * exactly 15 characters and injective, so there is one candidate. IPv6 with key = VNI: 'w' + VNI + 8 hex
 * digits of sha256(address#attempt). Key ≠ VNI (either family): 'k' + 14 hex digits of
 * sha256(vni|address|key#attempt). A hashed name that collides moves to the next attempt (allocatePortName).
 */
export function portNameCandidate(vni: number, vtep: string, attempt: number, key: number = vni): string {
  if (key !== vni) {
    return `k${createHash('sha256').update(`${vni}|${canonicalVtep(vtep)}|${key}#${attempt}`).digest('hex').slice(0, 14)}`;
  }
  if (isIPv4(vtep)) {
    const ip = vtep.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('');
    return `v${hex6(vni)}${ip}`;
  }
  const h = createHash('sha256').update(`${canonicalVtep(vtep)}#${attempt}`).digest('hex').slice(0, 8);
  return `w${hex6(vni)}${h}`;
}

/** True when the pair has a single candidate name (nothing to try after a collision). */
const singleCandidate = (vni: number, vtep: string, key: number): boolean => key === vni && isIPv4(vtep);

/** True when name is one of the names this pair could have been given. */
export function isCandidateName(vni: number, vtep: string, name: string, key: number = vni, maxAttempts = 16): boolean {
  if (singleCandidate(vni, vtep, key)) return name === portNameCandidate(vni, vtep, 0);
  for (let a = 0; a < maxAttempts; a++) if (portNameCandidate(vni, vtep, a, key) === name) return true;
  return false;
}

/**
 * The first candidate name not owned by another pair. owner(name) says which pair key holds a name
 * already (from the managed ports read back and the names handed out so far).
 */
export function allocatePortName(vni: number, vtep: string, owner: (name: string) => string | undefined, key: number = vni, maxAttempts = 16): string {
  const me = pairKey(vni, vtep, key);
  for (let a = 0; a < maxAttempts; a++) {
    const name = portNameCandidate(vni, vtep, a, key);
    const holder = owner(name);
    if (holder === undefined || holder === me) return name;
    if (singleCandidate(vni, vtep, key)) break;
  }
  throw new RangeError(`expected a free OVS port name for VNI ${vni} VTEP ${vtep} key ${key}, got collisions on every candidate`);
}

/** external_ids that mark an object as ours and name its pair with its key (or just its VNI). */
export function managedIds(vni: number, vtep?: string, key: number = vni): Record<string, string> {
  const ids: Record<string, string> = { [EXT.managed]: 'true', [EXT.vni]: String(vni) };
  if (vtep !== undefined) {
    ids[EXT.vtep] = vtep;
    ids[EXT.key] = String(key);
  }
  return ids;
}

/** A VNI or VXLAN key as external_ids spell it: 1..16777215 in decimal; null otherwise. */
function parse24(text: string | undefined): number | null {
  if (text === undefined || !/^[1-9][0-9]{0,7}$/.test(text)) return null;
  const n = Number(text);
  return n > 0xffffff ? null : n;
}

/**
 * Reads the identity back from external_ids; null when it is missing or malformed. A pair object without
 * a key (made before keys existed, when the key was always the VNI) reads as key = VNI, so it is adopted
 * and its external_ids completed, never duplicated.
 */
export function identityOf(ids: Readonly<Record<string, string>>): { vni: number; vtep: string | null; key: number } | null {
  if (ids[EXT.managed] !== 'true') return null;
  const vni = parse24(ids[EXT.vni]);
  if (vni === null) return null;
  const raw = ids[EXT.vtep];
  if (raw === undefined) return { vni, vtep: null, key: vni };
  if (!isIPv4(raw) && !isIPv6(raw)) return null;
  const key = ids[EXT.key] === undefined ? vni : parse24(ids[EXT.key]);
  if (key === null) return null;
  return { vni, vtep: canonicalVtep(raw), key };
}
