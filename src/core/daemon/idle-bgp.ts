// A BGP side with no sessions: neighbors stay idle and nothing is learned or advertised. Used where the
// speaker is not wanted (and, until the session layer is wired, by the daemon); it says so in status.
import type { EvpnEvent } from '../evpn/events.js';
import type { ClientView, RouteView, SubsystemStatus } from '../model/views.js';
import { IdleRuntime, type NeighborRuntime, type NetworkRuntime } from './runtime.js';
import type { BgpService } from './services.js';

export class IdleBgp implements BgpService {
  private readonly idle = new IdleRuntime();
  async apply(): Promise<EvpnEvent[]> {
    return [];
  }
  setLocalMacs(): EvpnEvent[] {
    return [];
  }
  neighbor(address: string): NeighborRuntime {
    return this.idle.neighbor(address);
  }
  network(vni: number): NetworkRuntime {
    return this.idle.network(vni);
  }
  learnedClients(): ClientView[] {
    return [];
  }
  routes(): RouteView[] {
    return [];
  }
  routeCounts() {
    return { local: 0, remote: 0 };
  }
  status(): SubsystemStatus {
    return this.idle.bgpStatus();
  }
  async initialSync(): Promise<void> {}
  async close(): Promise<void> {}
}
