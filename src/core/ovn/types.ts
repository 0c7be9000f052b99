// Small shared shapes of the OVN side: the per-VNI network it programs and the logger it writes to.

/** What the programmer needs to know about one configured network (a subset of NetworkConfig). */
export interface OvnNetwork {
  vni: number;
  /** OVN logical switch name or uuid. */
  logicalSwitch: string;
  /** Add "unknown" to EVPN ports so OVN floods BUM and unknown unicast to the remote VTEPs. */
  floodUnknown: boolean;
}

/**
 * Our own VTEP addresses, one per family: a VXLAN port takes the one of its remote's family as local_ip
 * (OVS refuses remote_ip and local_ip of different families). null for a family we have no VTEP in.
 */
export interface LocalVteps {
  ipv4: string | null;
  ipv6: string | null;
}

/** The logging surface the OVN side uses; the daemon's Logger satisfies it. */
export interface OvnLog {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

/** A logger that drops everything. */
export const quietLog: OvnLog = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

/** Health of an OVN-side component, as StatusView.ovn shows it. */
export interface OvnStatus {
  state: 'ok' | 'degraded' | 'starting' | 'disabled';
  lastError: string | null;
  /** Standing problems (a remote VTEP we cannot program, an OVS interface error), each one line; empty when none. */
  problems?: string[];
  /** The full text behind a one-line lastError (argv, expected/got), for `status --verbose`. */
  detail?: string;
}
