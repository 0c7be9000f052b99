// The core API implemented over the persisted desired state. Every mutation runs in the single queue:
// validate, compute the next state, persist it atomically, then reconfigure the runtime.
import { ConflictError, EvpnError, NotFoundError, ValidationError } from '../errors.js';
import {
  NEIGHBOR_SETTABLE, NETWORK_SETTABLE, SPEAKER_SETTABLE, clientSpec, networkSpec, neighborConfig, patched, speakerConfig, type NetworkSpec,
} from '../api/inputs.js';
import type { WaitView } from '../api/core-api.js';
import type { MonitorEvent } from './monitor-bus.js';
import type { AddOptions, ChangeResult, CoreApi, DelOptions, MacFilter, NeighborSetOptions, ResetMode, RouteFilter, SpeakerSetOptions } from '../api/core-api.js';
import { neighborChangeNotes, networkChangeNotes, speakerChangeNotes, speakerIdentityChanged } from './change-notes.js';
import { nextNetworkIndex, type DesiredState, type NetworkConfig, type SpeakerConfig } from '../model/config.js';
import { PROTOCOL_VERSION } from '../control/protocol.js';
import type { ClientView, ConfigView, MacView, NeighborView, NetworkView, ProcessesView, ReloadView, RouteView, SpeakerView, StatusView } from '../model/views.js';
import { parseIp, parseMac } from '../model/validate.js';
import { VERSION } from '../version.js';
import type { SerialQueue } from '../queue.js';
import type { Runtime } from './runtime.js';
import type { StateStore } from './state-store.js';
import { clientView, networkView, neighborView, speakerView } from './views.js';
import { placeClient } from './client-placement.js';


export interface DaemonApiDeps {
  store: StateStore;
  queue: SerialQueue;
  runtime: Runtime;
  /** Monotonic seconds, for uptime. */
  now: () => number;
  socketPath: string;
  stateDir: string;
  /** The daemon's processes; default: this one process does everything (--single-process). */
  processes?: ProcessesView;
  /** Asks the supervisor for a hitless reload; absent in --single-process. */
  reload?: () => Promise<ReloadView>;
}

/** How long `network add` waits for the NB monitor's first snapshot before answering without the switch check. */
const SWITCH_CHECK_MS = 2000;

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
      pid: this.processes.supervisor,
      processes: this.processes,
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
        throw new ConflictError(`a BGP speaker already exists (AS ${s.speaker.asn}, router-id ${s.speaker.routerId}); change it in place with \`evpnctl speaker set\` (\`speaker del\` would delete every neighbor, network and client with it)`);
      }
      await this.commit({ ...s, speaker: cfg });
      return speakerView(cfg);
    });
  }

  async speakerShow(): Promise<SpeakerView> {
    if (!this.state.speaker) throw new NotFoundError(NO_SPEAKER);
    return speakerView(this.state.speaker);
  }

  speakerSet(input: unknown, opts: SpeakerSetOptions = {}): Promise<ChangeResult<SpeakerView>> {
    return this.mutate(async (s) => {
      if (!s.speaker) throw new NotFoundError(NO_SPEAKER);
      const next = speakerConfig(patched(s.speaker, input, 'speaker', SPEAKER_SETTABLE));
      for (const n of s.neighbors) {
        const own = ownAddressRole(next, n.address);
        if (own !== undefined) throw new ValidationError('speaker', n.address, `a speaker address that is not neighbor ${n.address}'s`, `the new ${own} ${n.address} is the address of neighbor ${n.address}; delete that neighbor first`);
      }
      if (speakerIdentityChanged(s.speaker, next) && opts.yes !== true) {
        throw new ValidationError('yes', false, 'confirmation', `changing the AS, router id or VTEP resets all ${s.neighbors.length} BGP session(s) and re-originates every route `
          + '(neighbors, networks and clients are kept); run the command again with --yes to do it');
      }
      const notes = speakerChangeNotes(s.speaker, next, s);
      if (!sameConfig(s.speaker, next)) await this.commit({ ...s, speaker: next });
      return { object: speakerView(next), notes };
    });
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
        throw new ConflictError(`neighbor ${cfg.address} already exists; change its settings in place with \`evpnctl neighbor set ${cfg.address}\``);
      }
      await this.commit({ ...s, neighbors: [...s.neighbors, cfg] });
      return this.neighborViewOf(cfg.address);
    });
  }

  async neighborList(): Promise<NeighborView[]> {
    return this.state.neighbors.map((n) => this.neighborViewOf(n.address));
  }

  async neighborShow(address: string): Promise<NeighborView> {
    return this.neighborViewOf(parseIp(address, 'neighbor address'), true);
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

  neighborSet(address: string, input: unknown, opts: NeighborSetOptions = {}): Promise<ChangeResult<NeighborView>> {
    const addr = parseIp(address, 'neighbor address');
    return this.mutate(async (s) => {
      const old = s.neighbors.find((n) => n.address === addr);
      if (!old) throw new NotFoundError(`no such neighbor: ${addr}`);
      const next = neighborConfig(patched(old, input, 'neighbor', NEIGHBOR_SETTABLE));
      const live = this.deps.runtime.neighbor(addr);
      const notes = neighborChangeNotes(old, next, live.state === 'established' ? live.negotiatedHoldTime : null, opts.reset === true);
      if (!sameConfig(old, next)) await this.commit({ ...s, neighbors: s.neighbors.map((n) => (n === old ? next : n)) });
      if (opts.reset === true) notes.push(...this.deps.runtime.resetNeighbor(addr, 'hard').notes);
      return { object: this.neighborViewOf(addr, true), notes };
    });
  }

  neighborReset(address: string, mode: ResetMode): Promise<ChangeResult<NeighborView>> {
    const addr = parseIp(address, 'neighbor address');
    return this.mutate(async (s) => {
      if (!s.neighbors.some((n) => n.address === addr)) throw new NotFoundError(`no such neighbor: ${addr}`);
      const { notes } = this.deps.runtime.resetNeighbor(addr, mode);
      return { object: this.neighborViewOf(addr, true), notes };
    });
  }

  networkSet(vni: number, input: unknown): Promise<ChangeResult<NetworkView>> {
    return this.mutate(async (s) => {
      const old = s.networks.find((n) => n.vni === vni);
      if (!old) throw new NotFoundError(`no such VNI: ${vni}`);
      const { index: _index, networkId, logicalSwitch, ...rest } = old;
      const base = { ...rest, ...(networkId !== undefined ? { networkId } : { logicalSwitch }) };
      const next: NetworkConfig = { ...networkSpec(patched(base, input, 'network', NETWORK_SETTABLE)), index: old.index };
      const notes = s.speaker ? networkChangeNotes(old, next, s.speaker, this.deps.runtime.establishedPeers()) : [];
      if (!sameConfig(old, next)) await this.commit({ ...s, networks: s.networks.map((n) => (n === old ? next : n)) });
      return { object: this.networkViewOf(next), notes };
    });
  }

  async networkAdd(input: unknown, opts: AddOptions = {}): Promise<NetworkView> {
    const view = await this.networkAddInQueue(input, opts);
    // Outside the queue: give the NB monitor a moment to say whether the switch exists, so the reply
    // (and `network add`'s warning) can tell a typo from a switch the CMS has not created yet.
    await this.deps.runtime.ovnSettled(SWITCH_CHECK_MS);
    const n = this.state.networks.find((x) => x.vni === view.vni);
    return n === undefined ? view : this.networkViewOf(n);
  }

  private networkAddInQueue(input: unknown, opts: AddOptions): Promise<NetworkView> {
    const spec = networkSpec(input);
    return this.mutate(async (s) => {
      if (!s.speaker) throw new NotFoundError(NO_SPEAKER);
      const old = s.networks.find((n) => n.vni === spec.vni);
      if (old) {
        if (opts.mayExist && sameConfig(specOf(old), spec)) return this.networkViewOf(old);
        throw new ConflictError(`network with VNI ${spec.vni} already exists (logical switch ${old.logicalSwitch}); change its RD, RTs or flood-unknown in place with \`evpnctl network set --vni ${spec.vni}\``);
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
    const cfg = await placeClient(this.deps.runtime, spec, this.findNetwork(spec.vni));
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

  macClearDuplicate(vni: number, mac: string): Promise<ChangeResult<NetworkView>> {
    const m = parseMac(mac);
    return this.mutate(async () => {
      const n = this.findNetwork(vni);
      const { location } = this.deps.runtime.clearDuplicate(vni, m);
      return { object: this.networkViewOf(n), notes: [`MAC ${m} no longer frozen in VNI ${vni}; placed by MAC mobility again (now: ${location})`] };
    });
  }

  async configShow(): Promise<ConfigView> {
    const s = this.state;
    return { speaker: s.speaker ?? null, neighbors: s.neighbors, networks: s.networks.map(specOf), clients: s.clients };
  }

  async macList(filter: MacFilter = {}): Promise<MacView[]> {
    if (filter.vni !== undefined) this.findNetwork(filter.vni);
    return this.deps.runtime.macs(filter);
  }

  monitor(): AsyncIterable<MonitorEvent> {
    return this.deps.runtime.monitor();
  }

  /** `evpnctl daemon reload`: the supervisor starts the new binary's engines, sessions stay up. */
  async daemonReload(): Promise<ReloadView> {
    const reload = this.deps.reload;
    if (reload === undefined) {
      throw new ValidationError('daemon reload', 'single-process', 'a daemon with a session engine', 'this daemon runs with --single-process: it has no session engine to keep the sessions, so a reload is a restart (stop it and start it again)');
    }
    return reload();
  }

  private get processes(): ProcessesView {
    return this.deps.processes ?? { supervisor: process.pid, sessionEngine: null, routeEngine: process.pid };
  }

  async waitSettled(timeoutMs: number): Promise<WaitView> {
    const t0 = this.deps.now();
    const left = () => Math.max(1, timeoutMs - (this.deps.now() - t0) * 1000);
    // The NB monitor's snapshot first (the VM ports of a new network), then the queue: the tasks it and the
    // peers queued (local MACs advertised, UPDATEs flushed to the sockets) run before this one does.
    await this.deps.runtime.ovnSettled(left());
    await new Promise((r) => setImmediate(r)); // the monitor coalesces a burst with setImmediate before it queues
    await this.deps.queue.run(() => undefined);
    if (!(await this.deps.runtime.ovnProgrammed(left()))) {
      const ovn = this.deps.runtime.ovnStatus();
      throw new EvpnError('error', `the change is made, but OVN did not have all of it within ${timeoutMs / 1000} s (OVN ${ovn.state}${ovn.lastError === null ? '' : `: ${ovn.lastError}`})`);
    }
    return { waitedMs: Math.round((this.deps.now() - t0) * 1000), peers: this.deps.runtime.establishedPeers().map((p) => p.address) };
  }

  private findNetwork(vni: number): NetworkConfig {
    const n = this.state.networks.find((x) => x.vni === vni);
    if (!n) throw new NotFoundError(`no such VNI: ${vni}`);
    return n;
  }

  private neighborViewOf(address: string, detail = false): NeighborView {
    const n = this.state.neighbors.find((x) => x.address === address);
    if (!n) throw new NotFoundError(`no such neighbor: ${address}`);
    return neighborView(n, this.state.speaker, this.deps.runtime.neighbor(address, detail));
  }

  private networkViewOf(n: NetworkConfig): NetworkView {
    return networkView(n, this.state.speaker, this.deps.runtime.network(n.vni));
  }
}
