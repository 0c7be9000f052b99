// The one core API. The control socket and the REST adapter are thin translations onto these calls.
import type { ClientView, ConfigView, MacView, NeighborView, NetworkView, RouteView, SpeakerView, StatusView } from '../model/views.js';

export interface AddOptions {
  /** Adding what exists with the same settings succeeds instead of failing with `exists`. */
  mayExist?: boolean;
}

export interface DelOptions {
  /** Deleting what does not exist succeeds instead of failing with `not_found`. */
  ifExists?: boolean;
}

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
  /** Removes the speaker and with it every neighbor, network and client. Null when none existed. */
  speakerDel(opts?: DelOptions): Promise<SpeakerView | null>;

  neighborAdd(input: unknown, opts?: AddOptions): Promise<NeighborView>;
  neighborList(): Promise<NeighborView[]>;
  neighborShow(address: string): Promise<NeighborView>;
  neighborDel(address: string, opts?: DelOptions): Promise<NeighborView | null>;

  networkAdd(input: unknown, opts?: AddOptions): Promise<NetworkView>;
  networkList(): Promise<NetworkView[]>;
  networkShow(vni: number): Promise<NetworkView>;
  networkDel(vni: number, opts?: DelOptions): Promise<NetworkView | null>;

  clientAdd(input: unknown, opts?: AddOptions): Promise<ClientView>;
  /** Explicit, OVN-discovered and remote clients of one VNI or of all. */
  clientList(vni?: number): Promise<ClientView[]>;
  clientDel(vni: number, mac: string, opts?: DelOptions): Promise<ClientView | null>;

  routeList(filter?: RouteFilter): Promise<RouteView[]>;
  /** The desired configuration as given (for `config show` and `config apply`). */
  configShow(): Promise<ConfigView>;
  /** The MAC tables of the EVIs (every VNI, or one). */
  macList(filter?: MacFilter): Promise<MacView[]>;
}
