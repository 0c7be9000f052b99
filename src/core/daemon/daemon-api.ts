// The core API implemented over the persisted desired state. Every mutation runs in the single queue:
// validate, compute the next state, persist it atomically, then reconfigure the runtime.
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { clientSpec, networkSpec, neighborConfig, speakerConfig, type NetworkSpec } from '../api/inputs.js';
import type { AddOptions, CoreApi, DelOptions, MacFilter, RouteFilter } from '../api/core-api.js';
import { nextNetworkIndex, type ClientConfig, type DesiredState, type NetworkConfig, type SpeakerConfig } from '../model/config.js';
import { PROTOCOL_VERSION } from '../control/protocol.js';
import type { ClientView, ConfigView, MacView, NeighborView, NetworkView, RouteView, SpeakerView, StatusView } from '../model/views.js';
import { parseIp, parseMac } from '../model/validate.js';
import { VERSION } from '../version.js';
import type { SerialQueue } from './queue.js';
import type { Runtime } from './runtime.js';
import type { StateStore } from './state-store.js';
import { clientView, networkView, neighborView, speakerView } from './views.js';


export interface DaemonApiDeps {
  store: StateStore;
  queue: SerialQueue;
  runtime: Runtime;
  /** Monotonic seconds, for uptime. */
  now: () => number;
  socketPath: string;
  stateDir: string;
}

const NO_SPEAKER = 'no BGP speaker is configured; run `evpnctl speaker add` first';

/** Compares two plain config objects, ignoring key order. */
function sameConfig(a: object, b: object): boolean {
  const norm = (o: object) => JSON.stringify(Object.entries(o).filter(([, v]) => v !== undefined).sort(([x], [y]) => x.localeCompare(y)));
  return norm(a) === norm(b);
}

/** Which of the speaker's own addresses `address` is (the daemon would dial itself), or undefined. */
function ownAddressRole(sp: SpeakerConfig, address: string): string | undefined {
  if (sp.routerId === address) return `router id ${sp.routerId}`;
  if (sp.vtepIp === address) return `VTEP IP ${address}`;
  if (sp.listenAddress === address) return `listen address ${address}`;
  return undefined;
}

/** What of a network the operator chose (not the daemon-assigned index), for --may-exist comparisons. */
function specOf(n: NetworkConfig): NetworkSpec {
  const { index: _index, ...spec } = n;
  return spec;
}

export class DaemonApi implements CoreApi {
  private state: DesiredState;
  private readonly startedAt: number;

  constructor(private readonly deps: DaemonApiDeps) {
    this.state = deps.store.load();
    this.startedAt = deps.now();
  }

  /** The current desired state (read-only use). */
  get desired(): DesiredState {
    return this.state;
  }

  /** Persists `next`, makes it current and reconfigures the runtime. Must run inside the queue. */
  private async commit(next: DesiredState): Promise<void> {
    this.deps.store.save(next);
    this.state = next;
    await this.deps.runtime.apply(next);
  }

  private mutate<T>(change: (s: DesiredState) => Promise<T> | T): Promise<T> {
    return this.deps.queue.run(() => change(this.state));
  }

  async status(): Promise<StatusView> {
    const s = this.state;
    const rt = this.deps.runtime;
    return {
      version: VERSION,
      protocolVersion: PROTOCOL_VERSION,
      pid: process.pid,
      uptime: Math.round(this.deps.now() - this.startedAt),
      socket: this.deps.socketPath,
      stateDir: this.deps.stateDir,
      speaker: s.speaker ? speakerView(s.speaker) : null,
      neighbors: { configured: s.neighbors.length, established: s.neighbors.filter((n) => rt.neighbor(n.address).state === 'established').length },
      networks: s.networks.length,
      clients: s.clients.length,
      routes: rt.routeCounts(),
      bgp: rt.bgpStatus(),
      ovn: rt.ovnStatus(),
      ha: rt.haStatus(),
    };
  }

  speakerAdd(input: unknown, opts: AddOptions = {}): Promise<SpeakerView> {
    const cfg = speakerConfig(input);
    return this.mutate(async (s) => {
      if (s.speaker) {
        if (opts.mayExist && sameConfig(s.speaker, cfg)) return speakerView(s.speaker);
        throw new ConflictError(`a BGP speaker already exists (AS ${s.speaker.asn}, router-id ${s.speaker.routerId}); delete it first with \`evpnctl speaker del\``);
      }
      await this.commit({ ...s, speaker: cfg });
      return speakerView(cfg);
    });
  }

  async speakerShow(): Promise<SpeakerView> {
    if (!this.state.speaker) throw new NotFoundError(NO_SPEAKER);
    return speakerView(this.state.speaker);
  }

  speakerDel(opts: DelOptions = {}): Promise<SpeakerView | null> {
    return this.mutate(async (s) => {
      if (!s.speaker) {
        if (opts.ifExists) return null;
        throw new NotFoundError(NO_SPEAKER);
      }
      const view = speakerView(s.speaker);
      await this.commit({ neighbors: [], networks: [], clients: [] }); // the speaker owns everything else
      return view;
    });
  }

  neighborAdd(input: unknown, opts: AddOptions = {}): Promise<NeighborView> {
    const cfg = neighborConfig(input);
    return this.mutate(async (s) => {
      if (!s.speaker) throw new NotFoundError(NO_SPEAKER);
      const own = ownAddressRole(s.speaker, cfg.address);
      if (own !== undefined) {
        throw new ValidationError('address', cfg.address, `an address of another BGP speaker, not this speaker's own ${own}`);
      }
      const old = s.neighbors.find((n) => n.address === cfg.address);
      if (old) {
        if (opts.mayExist && sameConfig(old, cfg)) return this.neighborViewOf(cfg.address);
        throw new ConflictError(`neighbor ${cfg.address} already exists; delete it first to change its settings`);
      }
      await this.commit({ ...s, neighbors: [...s.neighbors, cfg] });
      return this.neighborViewOf(cfg.address);
    });
  }

  async neighborList(): Promise<NeighborView[]> {
    return this.state.neighbors.map((n) => this.neighborViewOf(n.address));
  }

  async neighborShow(address: string): Promise<NeighborView> {
    return this.neighborViewOf(parseIp(address, 'neighbor address'));
  }

  neighborDel(address: string, opts: DelOptions = {}): Promise<NeighborView | null> {
    const addr = parseIp(address, 'neighbor address');
    return this.mutate(async (s) => {
      const old = s.neighbors.find((n) => n.address === addr);
      if (!old) {
        if (opts.ifExists) return null;
        throw new NotFoundError(`no such neighbor: ${addr}`);
      }
      const view = this.neighborViewOf(addr);
      await this.commit({ ...s, neighbors: s.neighbors.filter((n) => n !== old) });
      return view;
    });
  }

  networkAdd(input: unknown, opts: AddOptions = {}): Promise<NetworkView> {
    const spec = networkSpec(input);
    return this.mutate(async (s) => {
      if (!s.speaker) throw new NotFoundError(NO_SPEAKER);
      const old = s.networks.find((n) => n.vni === spec.vni);
      if (old) {
        if (opts.mayExist && sameConfig(specOf(old), spec)) return this.networkViewOf(old);
        throw new ConflictError(`network with VNI ${spec.vni} already exists (logical switch ${old.logicalSwitch}); delete it first to change it`);
      }
      const taken = s.networks.find((n) => n.logicalSwitch === spec.logicalSwitch);
      if (taken) throw new ConflictError(`logical switch ${spec.logicalSwitch} is already mapped to VNI ${taken.vni}`);
      const cfg: NetworkConfig = { ...spec, index: nextNetworkIndex(s.networks) };
      await this.commit({ ...s, networks: [...s.networks, cfg] });
      return this.networkViewOf(cfg);
    });
  }

  async networkList(): Promise<NetworkView[]> {
    return this.state.networks.map((n) => this.networkViewOf(n));
  }

  async networkShow(vni: number): Promise<NetworkView> {
    return this.networkViewOf(this.findNetwork(vni));
  }

  networkDel(vni: number, opts: DelOptions = {}): Promise<NetworkView | null> {
    return this.mutate(async (s) => {
      const old = s.networks.find((n) => n.vni === vni);
      if (!old) {
        if (opts.ifExists) return null;
        throw new NotFoundError(`no such VNI: ${vni}`);
      }
      const view = this.networkViewOf(old);
      await this.commit({ ...s, networks: s.networks.filter((n) => n !== old), clients: s.clients.filter((c) => c.vni !== vni) });
      return view;
    });
  }

  async clientAdd(input: unknown, opts: AddOptions = {}): Promise<ClientView> {
    const spec = clientSpec(input);
    this.findNetwork(spec.vni);
    let mac = spec.mac;
    let ip = spec.ip;
    if (mac === undefined) {
      const port = await this.deps.runtime.resolvePort(spec.port);
      const entry = port?.entries[0];
      if (!entry) {
        throw new ValidationError('mac', null, port ? `a MAC: port ${spec.port} has no addresses in OVN, so give --mac` : 'a MAC (--mac): the daemon is not connected to the OVN NB database to read it from the port');
      }
      mac = entry.mac;
      ip ??= entry.ips[0];
    }
    const cfg: ClientConfig = ip === undefined ? { vni: spec.vni, mac, port: spec.port } : { vni: spec.vni, mac, port: spec.port, ip };
    return this.mutate(async (s) => {
      if (!s.networks.some((n) => n.vni === cfg.vni)) throw new NotFoundError(`no such VNI: ${cfg.vni}`);
      const old = s.clients.find((c) => c.vni === cfg.vni && c.mac === cfg.mac);
      if (old) {
        if (opts.mayExist && sameConfig(old, cfg)) return clientView(old, s.speaker);
        throw new ConflictError(`client ${cfg.mac} already exists in VNI ${cfg.vni}; delete it first to change it`);
      }
      await this.commit({ ...s, clients: [...s.clients, cfg] });
      return clientView(cfg, s.speaker);
    });
  }

  async clientList(vni?: number): Promise<ClientView[]> {
    if (vni !== undefined) this.findNetwork(vni);
    const configured = this.state.clients.filter((c) => vni === undefined || c.vni === vni).map((c) => clientView(c, this.state.speaker));
    return [...configured, ...this.deps.runtime.learnedClients(vni)];
  }

  clientDel(vni: number, mac: string, opts: DelOptions = {}): Promise<ClientView | null> {
    const m = parseMac(mac);
    return this.mutate(async (s) => {
      if (!s.networks.some((n) => n.vni === vni)) throw new NotFoundError(`no such VNI: ${vni}`);
      const old = s.clients.find((c) => c.vni === vni && c.mac === m);
      if (!old) {
        if (opts.ifExists) return null;
        throw new NotFoundError(`no such client: ${m} in VNI ${vni}`);
      }
      await this.commit({ ...s, clients: s.clients.filter((c) => c !== old) });
      return clientView(old, s.speaker);
    });
  }

  async routeList(filter: RouteFilter = {}): Promise<RouteView[]> {
    if (filter.vni !== undefined) this.findNetwork(filter.vni);
    return this.deps.runtime.routes(filter);
  }

  async configShow(): Promise<ConfigView> {
    const s = this.state;
    return { speaker: s.speaker ?? null, neighbors: s.neighbors, networks: s.networks.map(specOf), clients: s.clients };
  }

  async macList(filter: MacFilter = {}): Promise<MacView[]> {
    if (filter.vni !== undefined) this.findNetwork(filter.vni);
    return this.deps.runtime.macs(filter);
  }

  private findNetwork(vni: number): NetworkConfig {
    const n = this.state.networks.find((x) => x.vni === vni);
    if (!n) throw new NotFoundError(`no such VNI: ${vni}`);
    return n;
  }

  private neighborViewOf(address: string): NeighborView {
    const n = this.state.neighbors.find((x) => x.address === address);
    if (!n) throw new NotFoundError(`no such neighbor: ${address}`);
    return neighborView(n, this.state.speaker, this.deps.runtime.neighbor(address));
  }

  private networkViewOf(n: NetworkConfig): NetworkView {
    return networkView(n, this.state.speaker, this.deps.runtime.network(n.vni));
  }
}
