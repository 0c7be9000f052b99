// The desired remote side, built from EVPN events: per VNI, which remote VTEPs exist and which MACs sit
// behind each. A MAC sits behind exactly one VTEP per VNI, so it can never appear in two EVPN LSPs of a
// switch (a move is an upsert that also dirties the old VTEP). Every change records which (VNI, VTEP)
// pairs and VNIs must be re-diffed, so a batch looks at nothing else.
import { isIPv4 } from 'node:net';
import type { EvpnEvent } from '../evpn/events.js';
import { parseIp, parseMac, parseVni } from '../model/validate.js';
import { addressEntry } from './addresses.js';
import { canonicalVtep, pairKey } from './naming.js';
import type { OvnNetwork } from './types.js';

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

interface VniRemotes {
  /** VTEPs announced by vtep-added (type-3 or first type-2), kept even without MACs: they take BUM. */
  explicit: Set<string>;
  /** mac → where it is and its addresses entry (built once, when the event comes). */
  macs: Map<string, { vtep: string; entry: string }>;
  /** vtep → its MACs, to build one LSP's addresses without scanning the VNI. */
  byVtep: Map<string, Set<string>>;
}

/** The dirty sets handed to a batch. */
export interface DirtySet {
  pairs: Set<string>;
  vnis: Set<number>;
}

/** Desired networks and remote MACs, with dirty tracking. */
export class DesiredModel {
  private readonly nets = new Map<number, OvnNetwork>();
  private local: string | null = null;
  private readonly remotes = new Map<number, VniRemotes>();
  private dirtyPairs = new Set<string>();
  private dirtyVnis = new Set<number>();
  /** Canonical spellings of VTEPs seen so far: events repeat a handful of VTEPs many times. */
  private readonly vtepSpelling = new Map<string, string>();

  /** Replaces the network list; returns true when anything changed. */
  setNetworks(networks: readonly OvnNetwork[], localVtep: string | null): boolean {
    const local = localVtep === null ? null : canonicalVtep(localVtep);
    const previousLocal = this.local;
    let changed = local !== previousLocal;
    this.local = local;
    const next = new Map(networks.map((n) => [n.vni, { ...n }]));
    for (const [vni, old] of this.nets) {
      const now = next.get(vni);
      if (now === undefined) {
        this.dirtyVni(vni);
        this.remotes.delete(vni); // the EVPN instance is gone; a re-added network re-imports its routes
        changed = true;
      } else if (now.logicalSwitch !== old.logicalSwitch || now.floodUnknown !== old.floodUnknown) {
        this.dirtyVni(vni);
        changed = true;
      }
    }
    for (const vni of next.keys()) if (!this.nets.has(vni)) { this.dirtyVni(vni); changed = true; }
    this.nets.clear();
    for (const [vni, n] of next) this.nets.set(vni, n);
    if (local !== previousLocal) for (const vni of this.remotes.keys()) this.dirtyVni(vni);
    return changed;
  }

  /** Applies one event. Throws ValidationError/TypeError on a malformed one (nothing is changed then). */
  apply(e: EvpnEvent): void {
    parseVni(e.vni, 'event VNI');
    const vtep = this.vtepSpelling.get(e.vtep) ?? this.learnVtep(e.vtep);
    const r = this.remotesOf(e.vni);
    switch (e.type) {
      case 'vtep-added':
        r.explicit.add(vtep);
        break;
      case 'vtep-removed':
        r.explicit.delete(vtep);
        for (const mac of r.byVtep.get(vtep) ?? []) r.macs.delete(mac);
        r.byVtep.delete(vtep);
        break;
      case 'mac-added':
      case 'mac-moved': {
        const mac = eventMac(e.mac);
        const entry = addressEntry(mac, eventIps(e.ips));
        const old = r.macs.get(mac);
        if (old !== undefined && old.vtep !== vtep) this.unlink(r, e.vni, mac, old.vtep);
        r.macs.set(mac, { vtep, entry });
        const set = r.byVtep.get(vtep) ?? new Set<string>();
        set.add(mac);
        r.byVtep.set(vtep, set);
        break;
      }
      case 'mac-removed': {
        const mac = eventMac(e.mac);
        // A removal names the VTEP it withdraws from; after a move that is not where the MAC is any more.
        if (r.macs.get(mac)?.vtep === vtep) {
          r.macs.delete(mac);
          this.unlink(r, e.vni, mac, vtep);
        }
        break;
      }
    }
    this.dirtyPairs.add(pairKey(e.vni, vtep));
    this.dirtyVnis.add(e.vni);
  }

  /** The configured network of a VNI. */
  network(vni: number): OvnNetwork | undefined {
    return this.nets.get(vni);
  }

  /** All configured networks. */
  networks(): OvnNetwork[] {
    return [...this.nets.values()];
  }

  /** Our own VTEP (options:local_ip), null when unset. */
  localVtep(): string | null {
    return this.local;
  }

  /** Remote VTEPs of a configured VNI that need a port: announced, or with at least one MAC. */
  vteps(vni: number): string[] {
    const r = this.remotes.get(vni);
    if (r === undefined || !this.nets.has(vni)) return [];
    return [...new Set([...r.explicit, ...r.byVtep.keys()])].sort();
  }

  /** True when the pair should exist (its VNI is configured and the VTEP is known). */
  hasPair(vni: number, vtep: string): boolean {
    const r = this.remotes.get(vni);
    return r !== undefined && this.nets.has(vni) && (r.explicit.has(vtep) || r.byVtep.has(vtep));
  }

  /** The LSP addresses of a pair: one "MAC ip..." entry per MAC, plus "unknown" when flooding. */
  addresses(vni: number, vtep: string): Set<string> {
    const out = new Set<string>();
    const r = this.remotes.get(vni);
    for (const mac of r?.byVtep.get(vtep) ?? []) {
      const m = r?.macs.get(mac);
      if (m !== undefined) out.add(m.entry);
    }
    if (this.nets.get(vni)?.floodUnknown === true) out.add('unknown');
    return out;
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

  private learnVtep(raw: string): string {
    const vtep = canonicalVtep(raw);
    this.vtepSpelling.set(raw, vtep);
    return vtep;
  }

  private remotesOf(vni: number): VniRemotes {
    let r = this.remotes.get(vni);
    if (r === undefined) {
      r = { explicit: new Set(), macs: new Map(), byVtep: new Map() };
      this.remotes.set(vni, r);
    }
    return r;
  }

  private unlink(r: VniRemotes, vni: number, mac: string, vtep: string): void {
    const set = r.byVtep.get(vtep);
    set?.delete(mac);
    if (set !== undefined && set.size === 0) r.byVtep.delete(vtep);
    this.dirtyPairs.add(pairKey(vni, vtep));
  }

  private dirtyVni(vni: number): void {
    this.dirtyVnis.add(vni);
    const r = this.remotes.get(vni);
    if (r === undefined) return;
    for (const v of new Set([...r.explicit, ...r.byVtep.keys()])) this.dirtyPairs.add(pairKey(vni, v));
  }
}
