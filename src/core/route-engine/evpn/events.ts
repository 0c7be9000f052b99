// Typed events from the EVPN instances to the rest of the daemon (the OVN programmer, metrics).
// They flow through the daemon's single state-change queue. Each carries the full new state of the
// thing it names, so a consumer can treat added/moved as an upsert and replay is harmless.
//
// A remote end is a (VTEP, key) pair: the VXLAN key is the VNI the route's label carries (RFC 8365
// §5.1.3: type 2 Label1, type 3 the PMSI Tunnel label), which an EVI importing by an explicit RT may see
// differ from its own VNI. `key` absent means the EVI's VNI (events built by hand, older producers).

/**
 * A remote (VTEP, key) joined a VNI (its first imported type 2, or a type 3 with ingress replication),
 * or its flood membership changed. `flood`: the VTEP sent a type 3 with a PMSI Tunnel of type ingress
 * replication for this key, so BUM traffic goes to it (RFC 8365 §9); absent means true.
 */
export interface VtepAdded {
  type: 'vtep-added';
  vni: number;
  vtep: string;
  key?: number;
  flood?: boolean;
}

/** The last route from a remote (VTEP, key) in a VNI went away. */
export interface VtepRemoved {
  type: 'vtep-removed';
  vni: number;
  vtep: string;
  key?: number;
}

/** A MAC is now (best path) behind a remote VTEP, with these IPs (MAC-only and MAC+IP routes merged). */
export interface MacAdded {
  type: 'mac-added';
  vni: number;
  mac: string;
  ips: string[];
  vtep: string;
  key?: number;
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
  key?: number;
  seq: number;
  sticky: boolean;
}

/** A MAC is no longer behind the remote (VTEP, key): withdrawn, or its best path is now local or elsewhere. */
export interface MacRemoved {
  type: 'mac-removed';
  vni: number;
  mac: string;
  vtep: string;
  key?: number;
}

export type EvpnEvent = VtepAdded | VtepRemoved | MacAdded | MacMoved | MacRemoved;

/** The VXLAN key of an event: its key, or the VNI when it names none. */
export const eventKey = (e: EvpnEvent): number => e.key ?? e.vni;

/**
 * The VXLAN key a route's label gives in an EVI: the label itself (RFC 8365 §5.1.3 puts the whole VNI in
 * the 24 bits), or the EVI's VNI when the label is 0, which is no VNI and which some MPLS-minded senders use.
 */
export const labelKey = (label: number, vni: number): number => (label > 0 && label <= 0xffffff ? label : vni);
