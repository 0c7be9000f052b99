// The desired remote side, built from EVPN events: per VNI, which remote (VTEP, key) pairs exist, which
// of them take BUM traffic (the flood list) and which MACs sit behind each. A MAC sits behind exactly one
// pair per VNI, so it can never appear in two EVPN LSPs of a switch (a move is an upsert that also dirties
// the old pair). Every change records which pairs and VNIs must be re-diffed, so a batch looks at nothing
// else. A pair whose VTEP is of a family we have no VTEP in cannot be programmed (OVS refuses a vxlan port
// with local_ip and remote_ip of different families): it is kept, left out of OVS/OVN and reported.
import { isIPv4 } from 'node:net';
import { eventKey, type EvpnEvent } from '../route-engine/evpn/events.js';
import { parseIp, parseMac, parseVni } from '../model/validate.js';
import { addressEntry } from './addresses.js';
import { canonicalVtep, pairKey } from './naming.js';
import type { LocalVteps, OvnNetwork } from './types.js';

/** The form the BGP decoder gives every MAC; anything else goes through parseMac (normalize or refuse). */
const CANONICAL_MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;

/**
 * An event's MAC and IPs in the one spelling the addresses entry needs. Events carry decoder output, so
 * the common case is checked without the allocations of the full validators (lower-casing, replacing, a new
 * array); IPv4 text that isIPv4 accepts has no other spelling. IPv6 and odd spellings take the full path,
 * and anything malformed is still refused.
 */
const eventMac = (mac: string): string => (CANONICAL_MAC.test(mac) ? mac : parseMac(mac, 'event MAC'));
const eventIps = (ips: readonly string[]): readonly string[] =>
  ips.every((ip) => isIPv4(ip)) ? ips : ips.map((ip) => parseIp(ip, 'event IP'));

/** One remote (VTEP, key) of a VNI. */
interface PairRemote {
  readonly vtep: string;
  readonly key: number;
  /** From vtep-added: true = in the flood list (IR type 3), false = known from type 2s only; null = no vtep-added (MACs only). */
  flood: boolean | null;
  /** The DesiredModel epoch in which it was last marked dirty. */
  dirtyIn: number;
  /** mac → its addresses entry (built once, when the event comes). */
  readonly macs: Map<string, string>;
}

interface VniRemotes {
  readonly vni: number;
  /** `${vtep}|${key}` → pair. */
  pairs: Map<string, PairRemote>;
  /** mac → the pair it is behind (its entry is the pair's). */
  macs: Map<string, PairRemote>;
  /** The pair of the last event: events come in runs of one pair (one UPDATE's routes share a next hop). */
  last: PairRemote | null;
}

/** A remote pair that is wanted but cannot be programmed, and why. */
export interface UnprogrammablePair {
  vni: number;
  vtep: string;
  key: number;
  reason: string;
}

/** The dirty sets handed to a batch. */
export interface DirtySet {
  pairs: Set<string>;
  vnis: Set<number>;
}

const endId = (vtep: string, key: number): string => `${vtep}|${key}`;
const splitEnd = (id: string): { vtep: string; key: number } => {
  const bar = id.lastIndexOf('|');
  return { vtep: id.slice(0, bar), key: Number(id.slice(bar + 1)) };
};

const familyOf = (vtep: string): 'ipv4' | 'ipv6' => (isIPv4(vtep) ? 'ipv4' : 'ipv6');

/** A VTEP argument in one canonical form: a single address is the VTEP of its family only. */
function localVtepsOf(local: LocalVteps | string | null): LocalVteps | null {
  if (local === null) return null;
  if (typeof local === 'string') {
    const v = canonicalVtep(local);
    return isIPv4(v) ? { ipv4: v, ipv6: null } : { ipv4: null, ipv6: v };
  }
  return { ipv4: local.ipv4 === null ? null : canonicalVtep(local.ipv4), ipv6: local.ipv6 === null ? null : canonicalVtep(local.ipv6) };
}

const sameLocal = (a: LocalVteps | null, b: LocalVteps | null): boolean =>
  a === b || (a !== null && b !== null && a.ipv4 === b.ipv4 && a.ipv6 === b.ipv6);

/** Desired networks and remote MACs, with dirty tracking. */
export class DesiredModel {
  private readonly nets = new Map<number, OvnNetwork>();
  private local: LocalVteps | null = null;
  private readonly remotes = new Map<number, VniRemotes>();
  private dirtyPairs = new Set<string>();
  private dirtyVnis = new Set<number>();
  /**
   * `${vtep}|${key}` → the VNIs that want a pair with that end. OVS tells tunnel ports apart by (remote_ip,
   * local_ip, key, dst_port) only, so one remote (VTEP, key) can feed one logical switch: when two EVIs want
   * it (one imports the other's routes by RT), one gets the port and the other is reported.
   */
  private readonly claims = new Map<string, Set<number>>();
  /** Counts takeDirty() calls: a pair whose dirtyIn equals it is in the current dirty sets. */
  private epoch = 0;
  /** Canonical spellings of VTEPs seen so far: events repeat a handful of VTEPs many times. */
  private readonly vtepSpelling = new Map<string, string>();

  /**
   * Replaces the network list and our VTEPs (one per family; a single address is the VTEP of its family,
   * null = none configured: ports get no local_ip); returns true when anything changed.
   */
  setNetworks(networks: readonly OvnNetwork[], localVteps: LocalVteps | string | null): boolean {
    const local = localVtepsOf(localVteps);
    const localChanged = !sameLocal(local, this.local);
    let changed = localChanged;
    this.local = local;
    const next = new Map(networks.map((n) => [n.vni, { ...n }]));
    for (const [vni, old] of this.nets) {
      const now = next.get(vni);
      if (now === undefined) {
        this.dirtyVni(vni);
        // The EVPN instance is gone; a re-added network re-imports its routes.
        const gone = this.remotes.get(vni);
        for (const p of gone?.pairs.values() ?? []) this.claim(vni, p, false);
        this.remotes.delete(vni);
        changed = true;
      } else if (now.logicalSwitch !== old.logicalSwitch || now.floodUnknown !== old.floodUnknown) {
        this.dirtyVni(vni);
        changed = true;
      }
    }
    for (const vni of next.keys()) if (!this.nets.has(vni)) { this.dirtyVni(vni); changed = true; }
    this.nets.clear();
    for (const [vni, n] of next) this.nets.set(vni, n);
    // Which VNI owns a contested (VTEP, key) end depends on which VNIs are configured.
    if (changed) {
      for (const [id, vnis] of this.claims) {
        if (vnis.size < 2) continue;
        const { vtep, key } = splitEnd(id);
        for (const v of vnis) this.dirtyPairs.add(pairKey(v, vtep, key));
      }
    }
    if (localChanged) for (const vni of this.remotes.keys()) this.dirtyVni(vni);
    return changed;
  }

  /** Applies one event. Throws ValidationError/TypeError on a malformed one (nothing is changed then). */
  apply(e: EvpnEvent): void {
    parseVni(e.vni, 'event VNI');
    const key = parseVni(eventKey(e), 'event key');
    const vtep = this.vtepSpelling.get(e.vtep) ?? this.learnVtep(e.vtep);
    const mac = e.type === 'mac-added' || e.type === 'mac-moved' || e.type === 'mac-removed' ? eventMac(e.mac) : '';
    const entry = e.type === 'mac-added' || e.type === 'mac-moved' ? addressEntry(mac, eventIps(e.ips)) : '';
    const r = this.remotesOf(e.vni);
    switch (e.type) {
      case 'vtep-added': {
        const pair = this.pairOf(r, vtep, key);
        pair.flood = e.flood ?? true;
        this.markDirty(e.vni, pair);
        return;
      }
      case 'vtep-removed': {
        const p = r.pairs.get(endId(vtep, key));
        if (p !== undefined) {
          for (const m of p.macs.keys()) r.macs.delete(m);
          this.dropPair(r, e.vni, p);
        }
        break;
      }
      case 'mac-added':
      case 'mac-moved': {
        const pair = this.pairOf(r, vtep, key);
        const old = r.macs.get(mac);
        if (old !== pair) {
          if (old !== undefined) this.unlink(r, e.vni, mac, old);
          r.macs.set(mac, pair);
        }
        pair.macs.set(mac, entry);
        this.markDirty(e.vni, pair);
        return;
      }
      case 'mac-removed': {
        // A removal names the pair it withdraws from; after a move that is not where the MAC is any more.
        const old = r.macs.get(mac);
        if (old !== undefined && old.vtep === vtep && old.key === key) {
          r.macs.delete(mac);
          this.unlink(r, e.vni, mac, old);
        }
        break;
      }
    }
    this.dirtyPairs.add(pairKey(e.vni, vtep, key));
    this.dirtyVnis.add(e.vni);
  }

  /** Marks a pair that exists dirty, once per batch: a batch of 100k MACs would build its key text 100k times. */
  private markDirty(vni: number, p: PairRemote): void {
    if (p.dirtyIn === this.epoch) return;
    p.dirtyIn = this.epoch;
    this.dirtyPairs.add(pairKey(vni, p.vtep, p.key));
    this.dirtyVnis.add(vni);
  }

  /** The configured network of a VNI. */
  network(vni: number): OvnNetwork | undefined {
    return this.nets.get(vni);
  }

  /** All configured networks. */
  networks(): OvnNetwork[] {
    return [...this.nets.values()];
  }

  /** Our own VTEPs, null when none is configured. */
  localVteps(): LocalVteps | null {
    return this.local;
  }

  /** The local_ip for a port towards this remote VTEP: our VTEP of its family, or null (none configured, or none of that family). */
  localFor(vtep: string): string | null {
    return this.local === null ? null : this.local[familyOf(vtep)];
  }

  /** Remote pairs of a configured VNI that need a port: announced or with MACs, and programmable. */
  pairs(vni: number): { vtep: string; key: number }[] {
    const r = this.remotes.get(vni);
    if (r === undefined || !this.nets.has(vni)) return [];
    return [...r.pairs.values()].filter((p) => this.programmable(vni, p))
      .map((p) => ({ vtep: p.vtep, key: p.key }))
      .sort((a, b) => (a.vtep < b.vtep ? -1 : a.vtep > b.vtep ? 1 : a.key - b.key));
  }

  /** Remote VTEPs of a configured VNI that have a port (each once, whatever its keys). */
  vteps(vni: number): string[] {
    return [...new Set(this.pairs(vni).map((p) => p.vtep))];
  }

  /** True when the pair should exist (its VNI is configured, the pair is known and can be programmed). */
  hasPair(vni: number, vtep: string, key: number = vni): boolean {
    const r = this.remotes.get(vni);
    const p = r?.pairs.get(endId(vtep, key));
    return p !== undefined && this.nets.has(vni) && this.programmable(vni, p);
  }

  /** True when the pair is in the flood list: it announced a type 3 with ingress replication for this key (RFC 8365 §9). */
  floods(vni: number, vtep: string, key: number = vni): boolean {
    return this.remotes.get(vni)?.pairs.get(endId(vtep, key))?.flood === true;
  }

  /** The LSP addresses of a pair: one "MAC ip..." entry per MAC, plus "unknown" when the VNI floods unknown unicast and the pair takes BUM. */
  addresses(vni: number, vtep: string, key: number = vni): Set<string> {
    const p = this.remotes.get(vni)?.pairs.get(endId(vtep, key));
    const out = new Set<string>(p?.macs.values());
    if (this.nets.get(vni)?.floodUnknown === true && p?.flood === true) out.add('unknown');
    return out;
  }

  /** Pairs of configured VNIs that are wanted but cannot be programmed (no VTEP of their family). */
  unprogrammable(): UnprogrammablePair[] {
    const out: UnprogrammablePair[] = [];
    for (const [vni, r] of this.remotes) {
      if (!this.nets.has(vni)) continue;
      for (const p of r.pairs.values()) {
        if (this.programmable(vni, p)) continue;
        const family = familyOf(p.vtep);
        const owner = this.ownerOf(p.vtep, p.key);
        const reason = !this.familyOk(p.vtep)
          ? `remote VTEP ${p.vtep} (VNI ${vni}, key ${p.key}) is ${family === 'ipv4' ? 'IPv4' : 'IPv6'} but the speaker has no ${family === 'ipv4' ? 'IPv4 VTEP (--vtep-ip)' : 'IPv6 VTEP (--vtep-ip6)'}: not programmed`
          : `remote VTEP ${p.vtep} key ${p.key} is wanted by VNI ${vni} and VNI ${owner ?? '?'} (their RTs import the same routes), and `
            + `OVS can deliver one VXLAN key from one VTEP to one logical switch only: programmed for VNI ${owner ?? '?'}, not for VNI ${vni}`;
        out.push({ vni, vtep: p.vtep, key: p.key, reason });
      }
    }
    return out.sort((a, b) => a.vni - b.vni || (a.vtep < b.vtep ? -1 : a.vtep > b.vtep ? 1 : a.key - b.key));
  }

  /** Remote MACs known for a VNI (for status and tests). */
  macCount(vni?: number): number {
    let n = 0;
    for (const [v, r] of this.remotes) if (vni === undefined || v === vni) n += r.macs.size;
    return n;
  }

  /** Hands out and clears what changed since the last call. */
  takeDirty(): DirtySet {
    const d = { pairs: this.dirtyPairs, vnis: this.dirtyVnis };
    this.dirtyPairs = new Set();
    this.dirtyVnis = new Set();
    this.epoch++;
    return d;
  }

  /** Puts a dirty set back (a batch failed before using it). */
  restoreDirty(d: DirtySet): void {
    for (const p of d.pairs) this.dirtyPairs.add(p);
    for (const v of d.vnis) this.dirtyVnis.add(v);
  }

  /** True when something waits for a batch. */
  isDirty(): boolean {
    return this.dirtyPairs.size > 0 || this.dirtyVnis.size > 0;
  }

  /** A pair can be programmed when its family is fine and no other VNI owns its (VTEP, key) end. */
  private programmable(vni: number, p: PairRemote): boolean {
    return this.familyOk(p.vtep) && this.ownerOf(p.vtep, p.key) === vni;
  }

  /** We have a VTEP of the remote's family, or none at all (no local_ip then). */
  private familyOk(vtep: string): boolean {
    return this.local === null || this.local[familyOf(vtep)] !== null;
  }

  /** Which configured VNI gets the port of a (VTEP, key) end: the VNI equal to the key, else the lowest. */
  private ownerOf(vtep: string, key: number): number | null {
    let owner: number | null = null;
    for (const v of this.claims.get(endId(vtep, key)) ?? []) {
      if (!this.nets.has(v)) continue;
      if (v === key) return v;
      if (owner === null || v < owner) owner = v;
    }
    return owner;
  }

  private learnVtep(raw: string): string {
    const vtep = canonicalVtep(raw);
    this.vtepSpelling.set(raw, vtep);
    return vtep;
  }

  private remotesOf(vni: number): VniRemotes {
    let r = this.remotes.get(vni);
    if (r === undefined) {
      r = { vni, pairs: new Map(), macs: new Map(), last: null };
      this.remotes.set(vni, r);
    }
    return r;
  }

  private pairOf(r: VniRemotes, vtep: string, key: number): PairRemote {
    const last = r.last;
    if (last !== null && last.vtep === vtep && last.key === key) return last;
    const id = endId(vtep, key);
    let p = r.pairs.get(id);
    if (p === undefined) {
      p = { vtep, key, flood: null, dirtyIn: -1, macs: new Map() };
      r.pairs.set(id, p);
      this.claim(r.vni, p, true);
    }
    r.last = p;
    return p;
  }

  private dropPair(r: VniRemotes, vni: number, p: PairRemote): void {
    if (r.last === p) r.last = null;
    r.pairs.delete(endId(p.vtep, p.key));
    this.claim(vni, p, false);
  }

  /** Adds or removes a VNI's claim on an end; the other claimants' pairs are re-diffed (the owner may change). */
  private claim(vni: number, p: PairRemote, on: boolean): void {
    const id = endId(p.vtep, p.key);
    let set = this.claims.get(id);
    if (set === undefined) {
      set = new Set();
      this.claims.set(id, set);
    }
    if (on) set.add(vni);
    else set.delete(vni);
    for (const other of set) if (other !== vni) this.dirtyPairs.add(pairKey(other, p.vtep, p.key));
    if (set.size === 0) this.claims.delete(id);
  }

  /** The MAC leaves the pair; a pair without MACs that no vtep-added announced goes with it. */
  private unlink(r: VniRemotes, vni: number, mac: string, pair: PairRemote): void {
    pair.macs.delete(mac);
    if (pair.macs.size === 0 && pair.flood === null) this.dropPair(r, vni, pair);
    this.dirtyPairs.add(pairKey(vni, pair.vtep, pair.key));
  }

  private dirtyVni(vni: number): void {
    this.dirtyVnis.add(vni);
    const r = this.remotes.get(vni);
    if (r === undefined) return;
    for (const p of r.pairs.values()) this.dirtyPairs.add(pairKey(vni, p.vtep, p.key));
  }
}
