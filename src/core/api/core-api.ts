// The one core API. The control socket and the REST adapter are thin translations onto these calls.
import type { ClientView, ConfigView, MacView, NeighborView, NetworkView, ReloadView, RouteView, SpeakerView, StatusView } from '../model/views.js';

export interface AddOptions {
  /** Adding what exists with the same settings succeeds instead of failing with `exists`. */
  mayExist?: boolean;
}

export interface DelOptions {
  /** Deleting what does not exist succeeds instead of failing with `not_found`. */
  ifExists?: boolean;
}

import type { MonitorEvent } from '../daemon/monitor-bus.js';

/** What `--wait` waited for: milliseconds until OVN had everything, and the peers it was sent to. */
export interface WaitView {
  waitedMs: number;
  peers: string[];
}

/** A change made in place: the object as it is now, and what the change did (or will do) to sessions and routes. */
export interface ChangeResult<T> {
  object: T;
  notes: string[];
}

export interface SpeakerSetOptions {
  /** Confirms a change that resets every session (AS, router id, VTEP). */
  yes?: boolean;
}

export interface NeighborSetOptions {
  /** Also resets the session (Cease / Administrative Reset), so a new hold time applies now. */
  reset?: boolean;
}

/** `hard`: NOTIFICATION Cease / Administrative Reset and a new session; `in`: ROUTE-REFRESH; `out`: our table again. */
export type ResetMode = 'hard' | 'in' | 'out';

export interface RouteFilter {
  vni?: number;
  type?: 1 | 2 | 3 | 4 | 5;
  mac?: string;
  /** The route's IP, type-3 originating IP or type-5 prefix address. */
  ip?: string;
  /** Received from this neighbor ("local" for our own routes). */
  neighbor?: string;
  rd?: string;
  /** The VTEP: next hop or originating IP. */
  vtep?: string;
}

export interface MacFilter {
  vni?: number;
  mac?: string;
}

export interface CoreApi {
  status(): Promise<StatusView>;

  speakerAdd(input: unknown, opts?: AddOptions): Promise<SpeakerView>;
  speakerShow(): Promise<SpeakerView>;
  /** Changes speaker settings in place; an AS, router-id or VTEP change resets every session and needs `yes`. */
  speakerSet(input: unknown, opts?: SpeakerSetOptions): Promise<ChangeResult<SpeakerView>>;
  /** Removes the speaker and with it every neighbor, network and client. Null when none existed. */
  speakerDel(opts?: DelOptions): Promise<SpeakerView | null>;

  neighborAdd(input: unknown, opts?: AddOptions): Promise<NeighborView>;
  neighborList(): Promise<NeighborView[]>;
  neighborShow(address: string): Promise<NeighborView>;
  neighborDel(address: string, opts?: DelOptions): Promise<NeighborView | null>;
  /** Changes a neighbor in place; only a remote AS, local address or port change resets its session. */
  neighborSet(address: string, input: unknown, opts?: NeighborSetOptions): Promise<ChangeResult<NeighborView>>;
  neighborReset(address: string, mode: ResetMode): Promise<ChangeResult<NeighborView>>;

  networkAdd(input: unknown, opts?: AddOptions): Promise<NetworkView>;
  networkList(): Promise<NetworkView[]>;
  networkShow(vni: number): Promise<NetworkView>;
  networkDel(vni: number, opts?: DelOptions): Promise<NetworkView | null>;
  /** Changes RD, RTs or flood-unknown in place: routes re-advertised, peers asked to refresh, no session reset. */
  networkSet(vni: number, input: unknown): Promise<ChangeResult<NetworkView>>;

  clientAdd(input: unknown, opts?: AddOptions): Promise<ClientView>;
  /** Explicit, OVN-discovered and remote clients of one VNI or of all. */
  clientList(vni?: number): Promise<ClientView[]>;
  clientDel(vni: number, mac: string, opts?: DelOptions): Promise<ClientView | null>;

  routeList(filter?: RouteFilter): Promise<RouteView[]>;
  /** The desired configuration as given (for `config show` and `config apply`). */
  configShow(): Promise<ConfigView>;
  /** The MAC tables of the EVIs (every VNI, or one). */
  macList(filter?: MacFilter): Promise<MacView[]>;

  /** Lifts the freeze of a MAC that duplicate detection froze (RFC 7432 §15.1); not_found when it is not frozen. */
  macClearDuplicate(vni: number, mac: string): Promise<ChangeResult<NetworkView>>;
  /**
   * Resolves once every change made so far is programmed in OVN (the NB monitor's snapshot taken, local MACs
   * advertised, the programmer's batches applied) and its UPDATEs written to the established peers, like
   * `ovn-nbctl --wait`; fails after timeoutMs, the change itself staying made.
   */
  waitSettled(timeoutMs: number): Promise<WaitView>;

  /** Starts a hitless reload (new binary's session and route engines; sessions stay up). */
  daemonReload(): Promise<ReloadView>;
  /** What happens from now on, until the consumer stops iterating. */
  monitor(): AsyncIterable<MonitorEvent>;
}
