// Validators for every value a user can type. Each returns the normalized value or throws a
// ValidationError naming the field, the value and what was expected.
import { isIPv4, isIPv6 } from 'node:net';
import { ValidationError } from '../errors.js';
import { canonicalIpv6 } from './ipv6.js';
import { formatRd, parseRd as wireParseRd } from '../session-engine/wire/rd.js';
import { formatRt, parseRt as wireParseRt } from '../session-engine/wire/route-target.js';

const MAX_AS = 4294967295; // RFC 6793: 4-octet AS numbers
const MAX_VNI = 0xffffff; // RFC 7348: 24-bit VNI

/** Parses an unsigned integer written in decimal or 0x-hex, as rest_vtep accepts. */
export function parseUint(field: string, value: unknown, min: number, max: number): number {
  let n: number | undefined;
  if (typeof value === 'number' && Number.isInteger(value)) n = value;
  else if (typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value.trim())) n = Number(value.trim());
  else if (typeof value === 'string' && /^0x[0-9a-f]+$/i.test(value.trim())) n = Number.parseInt(value.trim().slice(2), 16);
  if (n === undefined || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new ValidationError(field, value, `an integer from ${min} to ${max}`);
  }
  return n;
}

/** AS number, 1..4294967295. */
export const parseAsn = (value: unknown, field = 'AS number'): number => parseUint(field, value, 1, MAX_AS);

/** VXLAN Network Identifier, 1..16777215. */
export const parseVni = (value: unknown, field = 'VNI'): number => parseUint(field, value, 1, MAX_VNI);

/** TCP port, 1..65535. */
export const parsePort = (value: unknown, field = 'port'): number => parseUint(field, value, 1, 65535);

/** BGP hold time: 0 or 3..65535 seconds (RFC 4271 §4.2). */
export function parseHoldTime(value: unknown, field = 'hold time'): number {
  const n = parseUint(field, value, 0, 65535);
  if (n === 1 || n === 2) throw new ValidationError(field, value, '0 or an integer from 3 to 65535 (RFC 4271 §4.2)');
  return n;
}

/** eBGP multihop TTL, 1..255. */
export const parseTtl = (value: unknown, field = 'ebgp-multihop'): number => parseUint(field, value, 1, 255);

/** A dotted-quad IPv4 address (router IDs, RDs). */
export function parseIpv4(value: unknown, field = 'IPv4 address'): string {
  if (typeof value !== 'string' || !isIPv4(value)) throw new ValidationError(field, value, 'an IPv4 address like 192.168.10.20');
  return value;
}

/** An IPv4 or IPv6 address, IPv6 in its canonical compressed form. */
export function parseIp(value: unknown, field = 'IP address'): string {
  if (typeof value === 'string' && isIPv4(value)) return value;
  if (typeof value === 'string' && isIPv6(value)) return canonicalIpv6(value);
  throw new ValidationError(field, value, 'an IPv4 or IPv6 address like 10.0.0.1 or 2001:db8::1');
}

/** An IPv6 address in its canonical compressed form (an IPv6 VTEP). */
export function parseIpv6(value: unknown, field = 'IPv6 address'): string {
  if (typeof value === 'string' && isIPv6(value)) return canonicalIpv6(value);
  throw new ValidationError(field, value, 'an IPv6 address like 2001:db8::1');
}

/** Why an address cannot be a BGP neighbor's, or undefined when it can. */
export function nonUnicastRule(ip: string): string | undefined {
  if (isIPv4(ip)) {
    const [a = 0, b = 0, c = 0, d = 0] = ip.split('.').map(Number);
    if (a === 255 && b === 255 && c === 255 && d === 255) return 'not the limited broadcast address 255.255.255.255 (RFC 919)';
    if (a === 0) return 'not an address of 0.0.0.0/8, "this host on this network" (RFC 1122 §3.2.1.3)';
    if (a >= 224 && a <= 239) return 'not a multicast address of 224.0.0.0/4 (RFC 5771)';
    if (a >= 240) return 'not a reserved address of 240.0.0.0/4 (RFC 1112 §4)';
    return undefined;
  }
  if (ip === '::') return 'not the unspecified address :: (RFC 4291 §2.5.2)';
  if (/^ff[0-9a-f]{2}:/i.test(ip)) return 'not a multicast address of ff00::/8 (RFC 4291 §2.7)';
  return undefined;
}

/**
 * A BGP neighbor's address: a unicast IPv4 or IPv6 address. 0.0.0.0 would make the daemon dial itself,
 * and broadcast or multicast addresses can never answer a TCP connection.
 */
export function parseNeighborAddress(value: unknown, field = 'address'): string {
  const ip = parseIp(value, field);
  const rule = nonUnicastRule(ip);
  if (rule !== undefined) throw new ValidationError(field, value, `a unicast IPv4 or IPv6 address, ${rule}`);
  return ip;
}

export { canonicalIpv6 };

const MAC_RE = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;

/** A unicast or multicast 48-bit MAC, normalized to lower case with colons. */
export function parseMac(value: unknown, field = 'MAC address'): string {
  if (typeof value !== 'string' || !MAC_RE.test(value)) {
    throw new ValidationError(field, value, 'a MAC address like 02:ac:10:ff:00:22');
  }
  return value.toLowerCase().replace(/-/g, ':');
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID such as a Neutron network id. */
export function parseUuid(value: unknown, field = 'UUID'): string {
  if (typeof value !== 'string' || !UUID_RE.test(value)) {
    throw new ValidationError(field, value, 'a UUID like 7d29da33-5d12-4c04-95de-1672709ae946');
  }
  return value.toLowerCase();
}

/** A non-empty name without whitespace or control characters (logical switch and port names). */
export function parseName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 255 || /[\s\p{Cc}"]/u.test(value)) {
    throw new ValidationError(field, value, 'a non-empty name without spaces or quotes, at most 255 characters');
  }
  return value;
}

/** Route distinguisher (RFC 4364 §4.2): `IP:n`, `AS:n`, or `ASL:n` for a 4-octet-AS RD; returned normalized. */
export function parseRd(value: unknown, field = 'RD'): string {
  if (typeof value !== 'string') throw new ValidationError(field, value, 'ASN:number or IPv4:number, like 65000:10 or 192.168.10.20:2');
  return formatRd(wireParseRd(value, field));
}

/** Route target (RFC 4360 §4, RFC 5668), same textual forms as an RD; returned normalized. */
export function parseRt(value: unknown, field = 'RT'): string {
  if (typeof value !== 'string') throw new ValidationError(field, value, 'ASN:number or IPv4:number, like 65000:10');
  return formatRt(wireParseRt(value, field));
}

/** Log levels of the daemon. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function parseLogLevel(value: unknown, field = 'log level'): LogLevel {
  if (typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new ValidationError(field, value, `one of ${LOG_LEVELS.join(', ')}`);
}

/** An OVSDB remote: unix:PATH, tcp:IP:PORT, ssl:IP:PORT, or a comma-separated list of them (a cluster). */
export function parseDbRemote(value: unknown, field = 'database remote'): string {
  const expected = 'unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT (HOST an IP, [IPv6] or a host name), comma-separated for a cluster';
  if (typeof value !== 'string' || value.length === 0) throw new ValidationError(field, value, expected);
  for (const part of value.split(',')) {
    if (part.startsWith('unix:') && part.length > 5) continue;
    // The OVS tools resolve host names themselves (ovsdb-server and the clients link libunbound), as ovn-nbctl does.
    const m = /^(?:tcp|ssl):(\[[0-9a-fA-F:.]+\]|[0-9.]+|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*):(\d{1,5})$/.exec(part);
    const port = Number(m?.[2]);
    if (!m || port < 1 || port > 65535) throw new ValidationError(field, value, expected);
  }
  return value;
}

/** ADDR:PORT for an HTTP listener, IPv6 in brackets. */
export function parseListen(value: unknown, field = 'listen address'): { host: string; port: number } {
  const expected = 'ADDR:PORT like 127.0.0.1:8080 or [::1]:8080';
  if (typeof value !== 'string') throw new ValidationError(field, value, expected);
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+|localhost)):(\d{1,5})$/.exec(value);
  if (!m) throw new ValidationError(field, value, expected);
  const host = m[1] ?? m[2] ?? '';
  if (host !== 'localhost' && !isIPv4(host) && !isIPv6(host)) throw new ValidationError(field, value, expected);
  return { host, port: parsePort(m[3], field) };
}
