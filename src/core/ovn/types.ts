// Small shared shapes of the OVN side: the per-VNI network it programs and the logger it writes to.

/** What the programmer needs to know about one configured network (a subset of NetworkConfig). */
export interface OvnNetwork {
  vni: number;
  /** OVN logical switch name or uuid. */
  logicalSwitch: string;
  /** Add "unknown" to EVPN ports so OVN floods BUM and unknown unicast to the remote VTEPs. */
  floodUnknown: boolean;
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
}
