// The real core API (DaemonApi over a real state file in a temp dir) for in-process tests of its
// adapters. Only the runtime is faked: it is the edge to BGP sessions and OVN that unit tests can't run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DaemonApi } from '../../src/core/daemon/daemon-api.js';
import { SerialQueue } from '../../src/core/queue.js';
import { IdleRuntime, NO_HA } from '../../src/core/daemon/runtime.js';
import type { NeighborRuntime, NetworkRuntime } from '../../src/core/model/live.js';
import { StateStore } from '../../src/core/daemon/state-store.js';
import type { RouteFilter } from '../../src/core/api/core-api.js';
import type { BgpState, ClientView, HaView, RouteView } from '../../src/core/model/views.js';

/** A runtime whose live state a test sets: session states, learned clients, MAC counts, routes. */
export class ScriptedRuntime extends IdleRuntime {
  readonly states = new Map<string, BgpState>();
  readonly learned: ClientView[] = [];
  readonly networks = new Map<number, NetworkRuntime>();
  readonly rib: RouteView[] = [];
  ha: HaView = NO_HA;

  override neighbor(address: string): NeighborRuntime {
    const state = this.states.get(address) ?? 'idle';
    const up = state === 'established';
    return { ...super.neighbor(address), state, uptime: up ? 42 : null, messages: { sent: up ? 7 : 0, received: up ? 9 : 0 }, prefixes: { received: up ? 3 : 0, accepted: up ? 2 : 0, advertised: up ? 1 : 0 } };
  }
  override network(vni: number): NetworkRuntime {
    return this.networks.get(vni) ?? super.network(vni);
  }
  override learnedClients(vni?: number): ClientView[] {
    return this.learned.filter((c) => vni === undefined || c.vni === vni);
  }
  override routes(_filter: RouteFilter): RouteView[] {
    return this.rib;
  }
  override haStatus(): HaView {
    return this.ha;
  }
}

/** A DaemonApi on a fresh temp state dir; `dispose` removes the dir. */
export function openCoreApi(runtime = new ScriptedRuntime()): { api: DaemonApi; runtime: ScriptedRuntime; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `evpnctl-core-${process.pid}-`));
  let t = 0;
  const api = new DaemonApi({ store: StateStore.open(dir), queue: new SerialQueue(), runtime, now: () => t++, socketPath: join(dir, 'sock'), stateDir: dir });
  return { api, runtime, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
