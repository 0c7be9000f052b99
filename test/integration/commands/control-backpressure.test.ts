// Issue 14 (3, 8): a client that writes requests and never reads the replies must not grow the daemon: it
// stops being read once its replies back up, and is dropped (with a log line) when it makes no progress
// for the idle timeout. Meanwhile every other client is answered promptly. Clients that hold half a
// request, or nothing at all, are closed after the same timeout. The REST and metrics listeners too.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../../src/core/control/client.js';
import { waitFor } from '../../../src/lab/wait.js';
import { TestDaemon, requireBuild } from '../../support/evpnctl.js';
import { freePort } from '../../support/http.js';

const IDLE_S = 10; // the daemon's idle timeout for control, REST and metrics connections
const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

/** Samples the daemon's RSS every 50 ms until stop() and returns the largest growth over `base`, in MB. */
function rssWatch(pid: number, baseKb: number) {
  let peak = baseKb;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssKb(pid));
  }, 50);
  return { stop: () => (clearInterval(timer), (Math.max(peak, rssKb(pid)) - baseKb) / 1024) };
}

/** Status requests from well-behaved clients, one at a time, until stop(); the latencies in ms. */
function prober(socket: string) {
  const latencies: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      await request(socket, { type: 'status' }, 10_000);
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return { stop: async () => ((running = false), await done, latencies) };
}

const p99 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))] ?? Infinity;

/**
 * A connection that never reads (paused at once, so the kernel's receive buffer fills and the daemon's writes
 * stall), or, with `reads`, one that reads (only to see the daemon close it).
 */
function deaf(open: () => Socket, reads = false): { sock: Socket; closed: Promise<void> } {
  const sock = open();
  if (!reads) sock.pause();
  sock.on('error', () => undefined);
  return { sock, closed: new Promise((r) => sock.once('close', () => r())) };
}

describe('bounded clients', () => {
  let d: TestDaemon;
  let rest: number;
  let metrics: number;
  beforeAll(async () => {
    requireBuild();
    [rest, metrics] = await Promise.all([freePort(), freePort()]);
    d = new TestDaemon(['--rest-listen', `127.0.0.1:${rest}`, '--metrics-listen', `127.0.0.1:${metrics}`], { isolated: false });
    await d.start();
  });
  afterAll(() => d.dispose());

  const pid = (): number => {
    if (d.proc?.pid === undefined) throw new Error('expected a running daemon');
    return d.proc.pid;
  };

  it('a control client sending 200k requests without reading: RSS growth < 20 MB, others answered with p99 < 100 ms, then dropped', async () => {
    for (let i = 0; i < 200; i++) await request(d.socket, { type: 'status' }); // warm up: JIT, buffers
    const base = rssKb(pid());
    const watch = rssWatch(pid(), base);
    const others = prober(d.socket);
    const t0 = performance.now();
    const { sock, closed } = deaf(() => connect(d.socket));
    const line = (id: number) => `{"v":1,"id":${id},"request":{"type":"status"}}\n`;
    for (let i = 0; i < 200_000; i += 1000) sock.write(Array.from({ length: 1000 }, (_, k) => line(i + k)).join(''));
    // An idle client and one holding half a request are closed by the same timeout.
    const idle = deaf(() => connect(d.socket), true);
    const half = deaf(() => connect(d.socket), true);
    half.sock.write('{"v":1,"id":1,"request":{"type":"sta');

    await Promise.all([closed, idle.closed, half.closed]);
    const dropAfter = (performance.now() - t0) / 1000;
    const latencies = await others.stop();
    const growth = watch.stop();

    expect(growth, `RSS growth ${growth.toFixed(1)} MB`).toBeLessThan(20);
    expect(latencies.length).toBeGreaterThan(100);
    expect(p99(latencies), `p99 of ${latencies.length} status requests`).toBeLessThan(100);
    expect(dropAfter).toBeGreaterThanOrEqual(IDLE_S - 1);
    expect(dropAfter).toBeLessThan(IDLE_S * 3);
    expect(d.stderr).toMatch(/WARN +control: dropped a client that left \d+ bytes of replies unread for 10 s \(it stopped reading\)/);
    expect(d.stderr).toMatch(/INFO +control: closed a client that held half a request for 10 s/);
    expect((await request(d.socket, { type: 'status' })).pid).toBe(pid());
  });

  it('REST and metrics clients pipelining requests without reading: bounded, then dropped with a log line', async () => {
    // Replies of some KB, so that they fill the kernel's socket buffers soon.
    await request(d.socket, { type: 'speaker.add', input: { asn: 65000, routerId: '10.0.0.1' }, mayExist: false });
    for (let vni = 1; vni <= 30; vni++) {
      await request(d.socket, { type: 'network.add', input: { vni, logicalSwitch: `a-logical-switch-with-a-long-name-${vni}` }, mayExist: false });
    }
    for (let i = 0; i < 100; i++) {
      for (const url of [`http://127.0.0.1:${rest}/vtep/networks`, `http://127.0.0.1:${metrics}/metrics`]) expect((await fetch(url)).status).toBe(200); // warm up
    }
    // One at a time, each against its own baseline: the same HttpListener serves both.
    for (const [name, port, path] of [['rest', rest, '/vtep/networks'], ['metrics', metrics, '/metrics']] as const) {
      const base = rssKb(pid());
      const watch = rssWatch(pid(), base);
      const c = deaf(() => connect(port, '127.0.0.1'));
      const req = `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;
      for (let i = 0; i < 20_000; i += 1000) c.sock.write(req.repeat(1000));
      expect((await request(d.socket, { type: 'status' })).pid).toBe(pid()); // others are served meanwhile
      // The client may have nothing left to write, so only reading shows it the close: read once the log says so.
      await waitFor(`the ${name} listener to drop its deaf client`, async () => (new RegExp(`WARN +${name}: dropped a client`).test(d.stderr) ? true : undefined), { timeoutMs: IDLE_S * 3000 });
      const growth = watch.stop();
      c.sock.resume();
      await c.closed;
      expect(growth, `${name}: RSS growth ${growth.toFixed(1)} MB`).toBeLessThan(20);
      expect(d.stderr).toMatch(new RegExp(`WARN +${name}: dropped a client that left 65 replies unread \\(\\d+ bytes buffered\\): it pipelines requests but stopped reading`));
    }
  });
});
