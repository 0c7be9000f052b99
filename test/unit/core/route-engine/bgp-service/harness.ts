// A BgpService on loopback with a fake clock: real sockets, real codec, real engine; time moves only when
// the test advances it. Peers are RawBgpPeers connecting from 127.0.0.x (all of 127/8 is local on Linux).
import { BgpService } from '../../../../../src/core/route-engine/bgp-service.js';
import { SerialQueue } from '../../../../../src/core/queue.js';
import type { EvpnEvent } from '../../../../../src/core/route-engine/evpn/events.js';
import { silentLogger, type Logger } from '../../../../../src/core/log.js';
import { NOOP_SINK, type MetricsSink } from '../../../../../src/core/metrics/sink.js';
import type { DesiredState, NeighborConfig, NetworkConfig, SpeakerConfig } from '../../../../../src/core/model/config.js';
import { FakeClock, settle } from '../../../../support/fake-clock.js';
import { RawBgpPeer } from '../../../../support/raw-bgp-peer.js';

export const LOCAL_AS = 65000;
export const ROUTER_ID = '10.0.0.1';
export const PEER_ADDRESS = '127.0.0.2';
export const PEER_ID = '10.0.0.2';

export const speaker = (extra: Partial<SpeakerConfig> = {}): SpeakerConfig =>
  ({ asn: LOCAL_AS, routerId: ROUTER_ID, listenAddress: '127.0.0.1', listenPort: 0, ...extra });

export const neighbor = (extra: Partial<NeighborConfig> = {}): NeighborConfig =>
  ({ address: PEER_ADDRESS, remoteAs: LOCAL_AS, port: 179, passive: true, holdTime: 9, ...extra });

export const net10: NetworkConfig = { vni: 10, logicalSwitch: 'ls0', importRts: [], exportRts: [], floodUnknown: true, index: 1 };

export const state = (extra: Partial<DesiredState> = {}): DesiredState =>
  ({ speaker: speaker(), neighbors: [neighbor()], networks: [net10], clients: [], ...extra });

/** The service under test and what it reported. */
export class Harness {
  readonly clock = new FakeClock();
  readonly queue = new SerialQueue();
  readonly events: EvpnEvent[] = [];
  readonly service: BgpService;
  private waiters: (() => void)[] = [];

  constructor(metrics: MetricsSink = NOOP_SINK, opts: { restartTime?: number; log?: Logger } = {}) {
    this.service = new BgpService({
      queue: this.queue, clock: this.clock, log: silentLogger, metrics, ...opts,
      onEvents: (e) => {
        this.events.push(...e);
        for (const w of this.waiters.splice(0)) w();
      },
    });
  }

  /** Applies a desired state inside the queue, as the daemon does. */
  apply(s: DesiredState): Promise<EvpnEvent[]> {
    return this.queue.run(() => this.service.apply(s));
  }

  get port(): number {
    const p = this.service.listenPort;
    if (p === null) throw new Error('expected the service to listen, it does not');
    return p;
  }

  /** Dials the service from a loopback address. */
  connect(from = PEER_ADDRESS): Promise<RawBgpPeer> {
    return RawBgpPeer.connect({ host: '127.0.0.1', port: this.port, localAddress: from });
  }

  /** A raw peer that completed the handshake with the service, after our initial table and End-of-RIB. */
  async established(o: { from?: string; asn?: number; routerId?: string; holdTime?: number; capabilities?: Parameters<RawBgpPeer['handshake']>[0]['capabilities'] } = {}): Promise<RawBgpPeer> {
    const peer = await this.connect(o.from);
    await peer.handshake({ asn: o.asn ?? LOCAL_AS, routerId: o.routerId ?? PEER_ID, holdTime: o.holdTime ?? 9, ...(o.capabilities && { capabilities: o.capabilities }) });
    return peer;
  }

  /** Waits until the events seen so far satisfy `ok`. */
  async until(ok: (events: readonly EvpnEvent[]) => boolean): Promise<void> {
    while (!ok(this.events)) await new Promise<void>((w) => this.waiters.push(w));
  }

  /** Waits until the queue has nothing left to do (socket events may still be in flight). */
  async idle(): Promise<void> {
    await settle();
    await this.queue.idle();
  }

  async close(): Promise<void> {
    await this.queue.run(() => this.service.close());
  }
}
