// One measured ingest run, in a fresh process (bench/rib-ingest.ts starts it with --expose-gc):
//   engine  decoded-shape UPDATEs made lazily in the timed loop → engine.ingest (the original benchmark)
//   e2e     the encoded stream in 64 KiB chunks → MessageFramer → decodeMessage → engine.ingest
//   rib     e2e without networks: the RIB alone (the daemon's "RIB only" target in bench/bgp-ingest.ts)
//   decode  the same stream → MessageFramer → decodeMessage, nothing kept: the baseline e2e builds on
// Memory is measured after two full GCs on each side, so it is what the run retains (plus allocator slack).
import { performance } from 'node:perf_hooks';
import { MessageFramer, OPEN_CONTEXT, decodeMessage } from '../src/core/session-engine/wire/index.js';
import type { UpdateMessage } from '../src/core/session-engine/wire/types.js';
import { RouteEngine } from '../src/core/route-engine/route-engine.js';
import { networkCounts } from '../src/core/route-engine/evpn/views.js';
import { RR, SPEAKER, VNIS, VTEPS, fabricStream, fabricUpdates, networks } from './fabric-load.js';

export type Mode = 'engine' | 'e2e' | 'rib' | 'decode';

export interface Result {
  type2Routes: number;
  type3Routes: number;
  updates: number;
  events: number;
  seconds: number;
  /** CPU time of the whole process (all threads, GC helpers included) over the timed loop: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  routesPerSecond: number;
  rssGrowthMB: number;
  heapGrowthMB: number;
  bytesPerRoute: number;
  microsecondsPerRoute: number;
}

const CHUNK = 65536;

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g === undefined) throw new Error('expected node --expose-gc for the child run, got no global gc()');
  g();
  g();
}

/** Decoded UPDATEs from a byte stream, framed from socket-sized chunks. */
function* decoded(stream: Uint8Array): Generator<UpdateMessage> {
  const framer = new MessageFramer();
  for (let off = 0; off < stream.length; off += CHUNK) {
    for (const bytes of framer.push(stream.subarray(off, off + CHUNK))) {
      const { message } = decodeMessage(bytes, OPEN_CONTEXT);
      if (message.type === 'update') yield message;
    }
  }
}

function newEngine(withNetworks: boolean): RouteEngine {
  const engine = new RouteEngine({ speaker: SPEAKER, clock: { now: () => performance.now() } });
  if (withNetworks) for (const n of networks()) engine.addNetwork(n);
  engine.peerUp({ address: RR, routerId: RR, ebgp: false });
  return engine;
}

/** Runs one mode over `type2` type-2 routes and measures it. */
export function runOnce(mode: Mode, type2: number): Result {
  const engine = mode === 'decode' ? null : newEngine(mode !== 'rib');
  const stream = mode === 'engine' ? null : fabricStream(type2).stream;
  const source = stream === null ? fabricUpdates(type2) : decoded(stream);
  gc();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  let events = 0;
  let updates = 0;
  let routes = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const u of source) {
    if (engine !== null) events += engine.ingest(RR, u).length;
    else routes += u.attributes.mpReach?.evpn.length ?? 0;
    updates++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  gc();
  const rss1 = process.memoryUsage().rss;
  const heap1 = process.memoryUsage().heapUsed;
  const type3 = VNIS * VTEPS;
  if (engine !== null && mode === 'rib') {
    if (engine.routes.routeCount !== type2 + type3) throw new Error(`expected ${type2 + type3} routes in the Loc-RIB, got ${engine.routes.routeCount}`);
  } else if (engine !== null) {
    const remoteMacs = Array.from({ length: VNIS }, (_, i) => networkCounts(engine, i + 1).remoteMacs).reduce((a, b) => a + b, 0);
    if (remoteMacs !== type2 / 2) throw new Error(`expected ${type2 / 2} remote MACs after ingest, got ${remoteMacs}`);
  } else if (routes !== type2 + type3) {
    throw new Error(`expected ${type2 + type3} routes decoded, got ${routes}`);
  }
  return {
    type2Routes: type2,
    type3Routes: type3,
    updates,
    events,
    seconds: Number(seconds.toFixed(3)),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
    routesPerSecond: Math.round((type2 + type3) / seconds),
    rssGrowthMB: Number(((rss1 - rss0) / 2 ** 20).toFixed(1)),
    heapGrowthMB: Number(((heap1 - heap0) / 2 ** 20).toFixed(1)),
    bytesPerRoute: Math.round((rss1 - rss0) / (type2 + type3)),
    microsecondsPerRoute: Number(((seconds * 1e6) / (type2 + type3)).toFixed(2)),
  };
}
