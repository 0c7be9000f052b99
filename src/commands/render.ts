// The human renderings of every view, in one place. JSON output is the view itself (see README).
import type { ClientView, MacView, NeighborView, NetworkView, RouteView, SpeakerView, StatusView } from '../core/model/views.js';
import type { Output } from './output.js';

const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '-' : String(v));

/** "3d04h", "12m05s": the uptime format of bgpctl/FRR summaries. */
export function formatDuration(sec: number | null): string {
  if (sec === null) return 'never';
  const s = Math.floor(sec);
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const p2 = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d${p2(h)}h${p2(m)}m`;
  if (h > 0) return `${h}h${p2(m)}m${p2(r)}s`;
  return `${m}m${p2(r)}s`;
}

/** "received Cease / Administrative Reset (2m05s ago)": the error with its age, "-" without one. */
const errorText = (n: Pick<NeighborView, 'lastError' | 'lastErrorAge'>): string =>
  n.lastError === null ? '-' : n.lastErrorAge === null ? n.lastError : `${n.lastError} (${formatDuration(n.lastErrorAge)} ago)`;

export function stateText(o: Output, state: NeighborView['state']): string {
  return state === 'established' ? o.c.green(state) : state === 'idle' ? o.c.yellow(state) : state;
}

export function speaker(o: Output, v: SpeakerView): string {
  return o.details([['AS', v.asn], ['router-id', v.routerId], ['VTEP IP', v.vtepIp], ['IPv4 VTEP', v.vtepIp4 ?? '-'], ['IPv6 VTEP', v.vtepIp6 ?? '-'], ['listen', `${v.listenAddress ?? '*'}:${v.listenPort}`]]);
}

/** Up/Down as in FRR's summary: time Established, or time since the last session ended ("never" before any). */
const upDown = (n: NeighborView): number | null => (n.state === 'established' ? n.uptime : (n.downtime ?? null));

const TYPES = ['1', '2', '3', '4', '5'] as const;

/** "2: 3/3/2, 3: 1/1/1" (received/accepted/advertised per route type; types with none left out). */
const routeTypeText = (n: NeighborView): string | null => {
  const parts = TYPES.filter((t) => { const c = n.routeTypes?.[t]; return c !== undefined && c.received + c.accepted + c.advertised > 0; })
    .map((t) => { const c = n.routeTypes[t]; return `type ${t}: ${c.received}/${c.accepted}/${c.advertised}`; });
  return parts.length === 0 ? null : `${parts.join(', ')} (received/accepted/advertised)`;
};

const historyText = (n: NeighborView): string | null =>
  (n.history ?? []).length === 0 ? null
    : n.history.map((h) => `${h.event} ${formatDuration(h.age)} ago${h.reason === null ? '' : `: ${h.reason}`}`).join('\n');

export function neighbors(o: Output, list: NeighborView[]): string {
  return o.table(
    ['Neighbor', 'AS', { head: 'Type', drop: 2 }, 'State', 'Up/Down', 'Rcvd', 'Accepted', 'Advertised', { head: 'Last error', drop: 1 }],
    list.map((n) => [n.address, n.remoteAs, dash(n.type), stateText(o, n.state), formatDuration(upDown(n)), n.prefixes.received, n.prefixes.accepted, n.prefixes.advertised, errorText(n)]),
  );
}

export function neighbor(o: Output, n: NeighborView): string {
  return o.details([
    ['neighbor', n.address], ['remote AS', n.remoteAs], ['type', n.type], ['state', stateText(o, n.state)],
    ['uptime', n.uptime === null ? null : formatDuration(n.uptime)], ['local address', n.localAddress], ['port', n.port],
    ['passive', n.passive ? 'yes' : 'no'], ['hold time', `${n.holdTime} s configured${n.negotiatedHoldTime === null ? '' : `, ${n.negotiatedHoldTime} s negotiated`}`],
    ['ebgp-multihop', n.ebgpMultihop], ['capabilities', n.capabilities.join(', ')],
    ['prefixes', `${n.prefixes.received} received, ${n.prefixes.accepted} accepted, ${n.prefixes.advertised} advertised`],
    ['messages', `${n.messages.received} received, ${n.messages.sent} sent`], ['last error', n.lastError === null ? null : errorText(n)],
    ['last attempt', n.lastAttemptError ?? null], ['down for', n.state !== 'established' && n.downtime !== null ? formatDuration(n.downtime) : null],
    ['peer router-id', n.peerRouterId ?? null],
    ['connection', n.connection ? `${n.connection.localAddress}:${n.connection.localPort} -> ${n.connection.remoteAddress}:${n.connection.remotePort}` : null],
    ['routes by type', routeTypeText(n)], ['history', historyText(n)],
  ]);
}

/** Automatic import RTs match the VNI with any AS (`*:10`); configured ones match exactly. */
const autoImport = (n: NetworkView): boolean => n.importMatch.some((m) => m.startsWith('*:'));

/** The switch name, with "(waiting for logical switch)" when the NB does not have it. */
const switchText = (n: NetworkView): string => (n.switchStatus === 'waiting for logical switch' ? `${n.logicalSwitch} (waiting for logical switch)` : n.logicalSwitch);

export function networks(o: Output, list: NetworkView[]): string {
  return o.table(
    ['VNI', 'Logical switch', { head: 'RD', drop: 4 }, { head: 'Import RT', drop: 3 }, { head: 'Export RT', drop: 2 }, 'Local MACs', 'Remote MACs', { head: 'Remote VTEPs', drop: 1 }],
    list.map((n) => [
      n.vni, switchText(n), dash(n.rd), autoImport(n) ? `${n.importMatch[0] ?? ''} (auto)` : n.importRts.join(','), n.exportRts.join(','),
      n.localMacs, n.remoteMacs, n.remoteVteps.join(',') || '-',
    ]),
  );
}

export function network(o: Output, n: NetworkView): string {
  const imports = autoImport(n) ? `${n.importMatch.join(', ')} (automatic: VNI ${n.vni} from any AS)` : `${n.importRts.join(', ')} (exact)`;
  return o.details([
    ['VNI', n.vni], ['logical switch', switchText(n)], ['network id', n.networkId], ['RD', n.rd], ['import RTs', imports],
    ['export RTs', n.exportRts.join(', ')], ['flood unknown', n.floodUnknown ? 'yes' : 'no'], ['local MACs', n.localMacs],
    ['remote MACs', n.remoteMacs], ['duplicate MACs', (n.duplicateMacs ?? []).map((d) => `${d.mac} frozen at ${d.location}`).join(', ') || null], ['remote VTEPs', n.remoteVteps.join(', ')], ['flood list', n.floodVteps.join(', ') || '-'],
  ]);
}

export function clients(o: Output, list: ClientView[]): string {
  return o.table(['VNI', 'MAC', 'IP', { head: 'Port', drop: 1 }, 'Source', { head: 'Next hop', drop: 2 }], list.map((c) => [c.vni, c.mac, dash(c.ip), dash(c.port), c.source, dash(c.nextHop)]));
}

export function client(o: Output, c: ClientView): string {
  return clients(o, [c]);
}

/**
 * Status codes as SR Linux prints them: u used (OVN follows it), * valid, > best; S stale; r our own route sent
 * back; g another HA group member's route.
 */
function routeStatus(o: Output, r: RouteView): string {
  if (r.reflected) return o.c.yellow('r');
  if (r.group !== null) return o.c.yellow('g');
  const code = `${r.used ? 'u' : ' '}*${r.best ? '>' : ' '}`;
  return `${r.used ? o.c.green(code) : code}${r.stale ? 'S' : ''}`;
}

const ROUTE_LEGEND = 'status: u used for OVN (MAC mobility winner, flood list), * valid, > best,\n        S stale, r our own route sent back, g an HA group member\'s route\n        (r and g: not imported)';

/** Where a route came from, and why it is not imported when it is ours or the group's. */
const routeFrom = (r: RouteView): string =>
  (r.reflected ? `${r.from} (ours, reflected)` : r.group !== null ? `${r.from} (group member ${r.group})` : r.from);

export function routes(o: Output, list: RouteView[]): string {
  return o.table(
    // ESI and ETag are blank in VLAN-based service (left out); to fit 80 columns ETag goes first, then RTs,
    // RD, Seq, From, and the ESI last (it names the route of types 1 and 4).
    ['', 'Type', { head: 'RD', drop: 3 }, { head: 'ESI', drop: 6 }, { head: 'ETag', drop: 1 }, 'MAC', 'IP/Prefix', 'VNI', 'Next hop',
      { head: 'RTs', drop: 2 }, { head: 'Seq', drop: 4 }, { head: 'From', drop: 5 }],
    list.map((r) => [
      // ETag 0 is "no tag" (RFC 8365 §5.1.3, VLAN-based service): shown as blank so the column can go.
      routeStatus(o, r), r.type, r.rd, r.esi === null || /^[0:]+$/.test(r.esi) ? '-' : r.esi, r.etag === 0 ? '-' : r.etag,
      dash(r.mac), dash(r.ip ?? r.prefix ?? r.originatorIp), dash(r.vni), r.nextHop, r.rts.join(','), r.seq > 0 || r.sticky ? `${r.seq}${r.sticky ? ' sticky' : ''}` : '-',
      routeFrom(r),
    ]),
  ) + (list.length > 0 ? `\n${o.c.dim(ROUTE_LEGEND)}` : '');
}

/** `route show`: each route as a key/value block, blocks separated by a blank line. */
export function routeDetails(o: Output, list: RouteView[]): string {
  return list.map((r) => o.details([
    ['status', `${routeStatus(o, r).trim()}${r.used ? ' (used for OVN)' : ''}`], ['type', r.type], ['RD', r.rd], ['ESI', r.esi],
    ['ETag', r.etag], ['MAC', r.mac], ['IP', r.ip], ['prefix', r.prefix], ['originating IP', r.originatorIp], ['VNI', r.vni], ['label', r.label],
    ['next hop', r.nextHop], ['RTs', r.rts.join(', ')], ['MAC mobility', r.seq > 0 || r.sticky ? `seq ${r.seq}${r.sticky ? ', sticky' : ''}` : null],
    ['best', r.best ? 'yes' : 'no'], ['stale', r.stale ? 'yes' : 'no'], ['from', routeFrom(r)],
  ])).join('\n\n');
}

export function macs(o: Output, list: MacView[]): string {
  const seq = (n: number | null) => (n === null ? '-' : n);
  return o.table(
    // Seq L/R: our and the highest remote MAC Mobility sequence, as FRR's `show evpn mac` "Seq #'s".
    ['VNI', 'MAC', { head: 'IPs', drop: 1 }, 'Type', 'VTEP', 'Seq L/R', 'Flags'],
    list.map((m) => [
      m.vni, m.mac, m.ips.join(',') || '-', m.where, dash(m.vtep), `${seq(m.localSeq)}/${seq(m.remoteSeq)}`,
      [m.sticky ? 'sticky' : '', m.duplicate ? o.c.red('duplicate') : ''].filter(Boolean).join(',') || '-',
    ]),
  );
}

/** True when `status` must exit non-zero: BGP or OVN degraded, or a configured neighbor not established. */
export function unhealthy(s: StatusView): boolean {
  return s.bgp.state === 'degraded' || s.ovn.state === 'degraded' || s.neighbors.established < s.neighbors.configured;
}

export function status(o: Output, s: StatusView, verbose = false): string {
  const sub = (x: StatusView['bgp']) => (x.state === 'ok' ? o.c.green('ok') : x.state === 'degraded' ? o.c.red(`degraded: ${x.lastError ?? ''}`) : x.state);
  // --verbose: every standing problem of both sides and the full text behind a one-line error.
  const more = (name: string, x: StatusView['bgp']): [string, string][] => !verbose ? [] : [
    ...(x.problems ?? []).filter((p) => p !== x.lastError).map((p): [string, string] => [`${name} problem`, p]),
    ...(x.detail !== undefined ? [[`${name} detail`, x.detail] as [string, string]] : []),
  ];
  return o.details([
    ['daemon', `evpnctl ${s.version}, pid ${s.pid}, up ${formatDuration(s.uptime)}`],
    ['processes', s.processes.sessionEngine === null ? `one process (--single-process), pid ${s.processes.routeEngine}` : `supervisor ${s.processes.supervisor}, session engine ${s.processes.sessionEngine}, route engine ${s.processes.routeEngine}`], ['socket', s.socket], ['state dir', s.stateDir],
    ['speaker', s.speaker ? `AS ${s.speaker.asn}, router-id ${s.speaker.routerId}, VTEP ${s.speaker.vtepIp}${s.speaker.vtepIp6 !== null && s.speaker.vtepIp6 !== s.speaker.vtepIp ? `, IPv6 VTEP ${s.speaker.vtepIp6}` : ''}` : 'not configured'],
    ['neighbors', `${s.neighbors.established}/${s.neighbors.configured} established`], ['networks', s.networks], ['clients', s.clients],
    ['routes', `${s.routes.local} local, ${s.routes.remote} remote`], ['BGP', sub(s.bgp)], ...more('BGP', s.bgp), ['OVN', sub(s.ovn)],
    ...(s.ha.role === 'none' ? [] : [['HA', haText(o, s.ha)] as [string, string]]),
    // Every standing OVN problem on its own line: one bad VXLAN port must not hide another.
    ...(s.ovn.problems ?? []).filter((p) => p !== s.ovn.lastError).map((p): [string, string] => ['', o.c.red(p)]),
    ...more('OVN', s.ovn).filter(([k]) => k !== 'OVN problem'),
  ]);
}

/** An in-place change: the object, then what the change did to sessions and routes. */
export function changed<T>(render: (o: Output, v: T) => string): (o: Output, r: { object: T; notes: string[] }) => string {
  return (o, r) => [render(o, r.object), ...r.notes.map((n) => `note: ${n}`)].join('\n');
}

/** "active in group g (chassis gw1, epoch 3, 2 takeovers); since 0m05s: lock acquired". */
function haText(o: Output, h: StatusView['ha']): string {
  const role = h.role === 'active' ? o.c.green('active') : o.c.yellow(h.role);
  const holder = h.role === 'active' ? '' : `, active: ${h.holder ?? 'none'}`;
  const since = h.lastChange === null ? '' : `; since ${formatDuration(h.lastChange.age)}: ${h.lastChange.reason}`;
  const lock = h.lock?.lastError ? `; lock: ${h.lock.lastError}` : '';
  return `${role} in group ${h.group ?? '-'} (chassis ${h.chassis ?? '-'}${holder}, epoch ${h.epoch ?? '-'}, ${h.takeovers} takeover(s))${since}${lock}`;
}

/** The one-line confirmation after a delete. */
export function deleted(what: string, existed: boolean): string {
  return existed ? `${what} deleted` : `${what} did not exist (nothing to do)`;
}
