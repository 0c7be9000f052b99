// `evpnctl monitor` (issue 11 item 7): a live NDJSON stream of what the daemon does: routes in, the MAC
// and VTEP changes they cause, OVN batches, sessions up; and a monitor client that stops reading is
// dropped (the daemon keeps a bounded backlog and closes it), while the daemon goes on answering.
import { execa } from 'execa';
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../src/core/control/protocol.js';
import { startBgpOvn, type BgpOvn } from '../../support/bgp-ovn-fixture.js';
import { eventually } from '../../support/eventually.js';
import { BIN } from '../../support/evpnctl.js';

const VNI = 10;
const A = '192.168.100.1';

describe('evpnctl monitor', () => {
  let t: BgpOvn | undefined;
  const setup = (): BgpOvn => {
    if (t === undefined) throw new Error('expected the BGP-to-OVN setup to be running');
    return t;
  };
  beforeAll(async () => {
    t = await startBgpOvn({ description: 'integration monitor', networks: new Map([[VNI, 'ls-mon']]) });
  });
  afterAll(() => t?.down());

  it('--json streams routes in, MAC/VTEP changes, OVN batches and session changes as NDJSON', async () => {
    const { daemon, peer, pair } = setup();
    const mon = execa('node', [BIN, '--socket', daemon.socket, 'monitor', '--json'], { reject: false, env: { NO_COLOR: '1' } });
    const lines: Record<string, unknown>[] = [];
    mon.stdout?.on('data', (d: Buffer) => {
      for (const l of d.toString().split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
    });
    try {
      await new Promise((r) => setTimeout(r, 1000)); // subscribed
      await peer.announce({ routes: [{ type: 3, vni: VNI, vtep: A, rd: `${A}:2` }, { type: 2, vni: VNI, vtep: A, rd: `${A}:2`, mac: '02:ac:10:00:0f:01', ip: null }] });
      await eventually(() => {
        expect(lines).toContainEqual(expect.objectContaining({ kind: 'route', neighbor: pair.peer.ip, direction: 'in', routeType: 2, action: 'announce' }));
        expect(lines).toContainEqual(expect.objectContaining({ kind: 'evpn', vni: VNI, mac: '02:ac:10:00:0f:01', vtep: A }));
        expect(lines).toContainEqual(expect.objectContaining({ kind: 'ovn-batch', ok: true }));
      }, 15_000);
      await daemon.ok('neighbor', 'reset', pair.peer.ip);
      await eventually(() => expect(lines).toContainEqual(expect.objectContaining({ kind: 'session', neighbor: pair.peer.ip, event: 'up' })), 20_000);
      for (const l of lines) expect(typeof l.at).toBe('string');
    } finally {
      mon.kill('SIGTERM');
      await mon;
    }
  });

  it('a monitor client that stops reading is dropped; the daemon keeps answering', async () => {
    const { daemon, peer } = setup();
    const sock = createConnection(daemon.socket);
    const closed = new Promise<void>((resolve) => sock.on('close', () => resolve()));
    sock.on('error', () => undefined);
    await new Promise<void>((resolve) => sock.once('connect', () => resolve()));
    sock.write(`${JSON.stringify({ v: PROTOCOL_VERSION, id: 1, request: { type: 'monitor' } })}\n`);
    sock.pause(); // never read
    await new Promise((r) => setTimeout(r, 500));
    await peer.announce({ bulk: [{ vnis: [VNI], vteps: ['192.168.100.5'], macs: 20_000 }] });
    // The daemon closes it after 10 s without progress (it says so); a paused socket sees the close once it reads again.
    const { readFileSync } = await import('node:fs');
    await eventually(() => expect(readFileSync(daemon.logFile, 'utf8')).toMatch(/control: dropped a client that left \d+ bytes of replies unread for \d+ s/), 40_000, 200);
    let bytes = 0;
    sock.on('data', (d: Buffer) => (bytes += d.length));
    sock.resume();
    await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('expected the dropped monitor connection to be closed')), 10_000))]);
    expect(bytes).toBeLessThan(4 * 1024 * 1024); // what was in flight, not the 20k routes' events
    expect((await daemon.cli('status')).exitCode).toBeOneOf([0, 6]);
  });
});
