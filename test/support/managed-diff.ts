// Compares the objects marked as ours in a sandbox's OVS and NB with the objects a set of routes calls for
// (peer-routes.ts expectedPairs), read with the independent readers of ovn-inspect.ts. An orphan is a
// managed object or address entry nothing asks for; a missing item is one asked for that is absent or
// differs. Both are counted per object and per address entry, with a few samples for failure messages.
import type { ExpectedPair } from './peer-routes.js';
import type { OvsSandbox } from './ovs-sandbox.js';
import { allLsps, allPgs, allPorts, isManaged } from './ovn-inspect.js';

/** What the EVPN side should look like. */
export interface ManagedWant {
  pairs: readonly ExpectedPair[];
  /** Configured VNIs and their logical switches (each gets a Port_Group, even without pairs). */
  switches: ReadonlyMap<number, string>;
  localVtep: string;
  bridge: string;
}

/** The difference, counted. */
export interface ManagedDiff {
  orphans: number;
  missing: number;
  /** Up to 10 examples of each. */
  samples: string[];
}

const SAMPLES = 10;

/** Reads OVS and the NB and diffs the managed objects against `want`. */
export async function managedDiff(sb: OvsSandbox, want: ManagedWant): Promise<ManagedDiff> {
  const d: ManagedDiff = { orphans: 0, missing: 0, samples: [] };
  const orphan = (what: string, n = 1): void => {
    d.orphans += n;
    if (d.samples.length < SAMPLES) d.samples.push(`orphan: ${what}`);
  };
  const missing = (what: string, n = 1): void => {
    d.missing += n;
    if (d.samples.length < SAMPLES) d.samples.push(`missing: ${what}`);
  };
  const wantByName = new Map(want.pairs.map((p) => [`evpn-${p.vni}-${p.vtep}`, p]));

  const lsps = (await allLsps(sb)).filter((l) => isManaged(l.ids));
  const seen = new Set<string>();
  for (const l of lsps) {
    const p = wantByName.get(l.name);
    if (p === undefined || seen.has(l.name)) {
      orphan(`LSP ${l.name} with ${l.addresses.length} addresses`, 1 + l.addresses.length);
      continue;
    }
    seen.add(l.name);
    const ids = { 'evpnctl-managed': 'true', 'evpnctl-vni': String(p.vni), 'evpnctl-vtep': p.vtep };
    if (l.switch !== want.switches.get(p.vni) || l.type !== '' || !contains(l.ids, ids)) {
      missing(`LSP ${l.name} as wanted (switch ${l.switch}, type ${JSON.stringify(l.type)}, ids ${JSON.stringify(l.ids)})`);
    }
    const have = new Set(l.addresses);
    const wanted = new Set(p.addresses);
    const extra = l.addresses.filter((a) => !wanted.has(a));
    const absent = p.addresses.filter((a) => !have.has(a));
    if (extra.length > 0) orphan(`${extra.length} address entries on ${l.name}, e.g. ${JSON.stringify(extra[0])}`, extra.length);
    if (absent.length > 0) missing(`${absent.length} address entries on ${l.name}, e.g. ${JSON.stringify(absent[0])}`, absent.length);
  }
  for (const [name, p] of wantByName) if (!seen.has(name)) missing(`LSP ${name} with ${p.addresses.length} addresses`, 1 + p.addresses.length);

  const ports = (await allPorts(sb)).filter((p) => isManaged(p.portIds));
  const portSeen = new Set<string>();
  for (const port of ports) {
    const key = `evpn-${port.portIds['evpnctl-vni']}-${port.portIds['evpnctl-vtep']}`;
    const p = wantByName.get(key);
    if (p === undefined || portSeen.has(key)) {
      orphan(`OVS port ${port.name} (${key})`);
      continue;
    }
    portSeen.add(key);
    const options = { remote_ip: p.vtep, key: String(p.vni), local_ip: want.localVtep, dst_port: '4789' };
    const ids = { 'evpnctl-managed': 'true', 'evpnctl-vni': String(p.vni), 'evpnctl-vtep': p.vtep };
    if (port.bridge !== want.bridge || port.type !== 'vxlan' || JSON.stringify(sorted(port.options)) !== JSON.stringify(sorted(options))
      || !contains(port.ifaceIds, { 'iface-id': key, ...ids }) || !contains(port.portIds, ids)) {
      missing(`OVS port ${port.name} as wanted: ${JSON.stringify(port)}`);
    }
  }
  for (const key of wantByName.keys()) if (!portSeen.has(key)) missing(`OVS port for ${key}`);

  const pgs = (await allPgs(sb)).filter((g) => isManaged(g.ids));
  const pgSeen = new Set<number>();
  for (const g of pgs) {
    const vni = Number(g.ids['evpnctl-vni']);
    if (!want.switches.has(vni) || g.name !== `evpn_vni_${vni}` || pgSeen.has(vni)) {
      orphan(`Port_Group ${g.name}`);
      continue;
    }
    pgSeen.add(vni);
    const members = want.pairs.filter((p) => p.vni === vni).map((p) => `evpn-${p.vni}-${p.vtep}`).sort();
    const acl = { direction: 'to-lport', priority: 32000, match: `inport == @${g.name} && outport == @${g.name} && flags.loopback == 0`, action: 'drop' };
    const [a, ...more] = g.acls;
    if (JSON.stringify(g.ports) !== JSON.stringify(members)) missing(`Port_Group ${g.name} members ${JSON.stringify(members)}, has ${JSON.stringify(g.ports)}`);
    if (a === undefined || more.length > 0 || !contains({ ...a }, acl)) missing(`Port_Group ${g.name} with exactly the split-horizon ACL, has ${JSON.stringify(g.acls)}`);
  }
  for (const vni of want.switches.keys()) if (!pgSeen.has(vni)) missing(`Port_Group evpn_vni_${vni}`);
  return d;
}

const contains = (have: Readonly<Record<string, unknown>>, want: Readonly<Record<string, unknown>>): boolean =>
  Object.entries(want).every(([k, v]) => have[k] === v);

const sorted = (m: Readonly<Record<string, string>>): [string, string][] => Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1));
