// Typed events from the EVPN instances to the rest of the daemon (the OVN programmer, metrics).
// They flow through the daemon's single state-change queue. Each carries the full new state of the
// thing it names, so a consumer can treat added/moved as an upsert and replay is harmless.

/** A remote VTEP joined a VNI: the first type-3 (originating IP) or type-2 (next hop) from it was imported. */
export interface VtepAdded {
  type: 'vtep-added';
  vni: number;
  vtep: string;
}

/** The last route from a remote VTEP in a VNI went away. */
export interface VtepRemoved {
  type: 'vtep-removed';
  vni: number;
  vtep: string;
}

/** A MAC is now (best path) behind a remote VTEP, with these IPs (MAC-only and MAC+IP routes merged). */
export interface MacAdded {
  type: 'mac-added';
  vni: number;
  mac: string;
  ips: string[];
  vtep: string;
  seq: number;
  sticky: boolean;
}

/** A MAC's best path moved to another VTEP (RFC 7432 §15). `from` is a VTEP IP or "local". */
export interface MacMoved {
  type: 'mac-moved';
  vni: number;
  mac: string;
  ips: string[];
  from: string;
  vtep: string;
  seq: number;
  sticky: boolean;
}

/** A MAC is no longer behind the remote VTEP: withdrawn, or its best path is now local. */
export interface MacRemoved {
  type: 'mac-removed';
  vni: number;
  mac: string;
  vtep: string;
}

export type EvpnEvent = VtepAdded | VtepRemoved | MacAdded | MacMoved | MacRemoved;
