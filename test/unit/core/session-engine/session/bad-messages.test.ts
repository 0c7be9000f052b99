// What a peer sending malformed messages makes us log: one bounded line per event (hex capped), repeats
// rate-limited with a count. The daemon's log must not grow with what a broken or hostile peer sends.
import { afterEach, describe, expect, it } from 'vitest';
import { malformedUpdate } from '../../../../support/malformed-update.js';
import type { RawBgpPeer } from '../../../../support/raw-bgp-peer.js';
import { captureLog as capture } from '../../../../support/capture-log.js';
import { Harness, state } from '../../route-engine/bgp-service/harness.js';

const X = '192.168.100.1';
let h: Harness;
let peer: RawBgpPeer | undefined;
afterEach(async () => {
  peer?.destroy();
  await h.close();
});

describe('malformed UPDATEs in the log', () => {
  it('one bounded line each with a capped hex excerpt, then a count instead of lines', async () => {
    const log = capture();
    h = new Harness(undefined, { log });
    await h.apply(state());
    peer = await h.established();
    await peer.updatesUntilEor();
    const n = 2000;
    const before = log.lines.length;
    for (let i = 0; i < n; i++) peer.sendRaw(malformedUpdate(i, 400, X));
    for (let i = 0; i < 200 && h.service.neighbor('127.0.0.2').messages.received < n + 2; i++) await h.idle();
    expect(h.service.neighbor('127.0.0.2')).toMatchObject({ state: 'established' });
    expect(h.service.neighbor('127.0.0.2').messages.received).toBeGreaterThanOrEqual(n + 2);
    const lines = log.lines.slice(before).filter((l) => l.includes('treated as withdraw'));
    expect(lines).toHaveLength(10);
    for (const l of lines) {
      expect(l.length).toBeLessThan(1000);
      expect(l).toMatch(/400 problem\(s\): RFC 7606 §3.g: repeated attribute 6 discarded; .*… \(\d+ more characters\); UPDATE ffffffffffffffffffffffffffffffff[0-9a-f]+… \(\d+ bytes, first 128 shown\)/);
    }
    const bytes = log.lines.slice(before).reduce((sum, l) => sum + l.length + 1, 0);
    expect(bytes).toBeLessThan(10_000);
    for (let t = 0; t < 60_000; t += 5000) { // a minute later (the rate-limit window), KEEPALIVEs keep the session
      peer.send({ type: 'keepalive' });
      await h.idle();
      await h.clock.advance(5000);
    }
    peer.sendRaw(malformedUpdate(n, 1, X));
    peer.send({ type: 'keepalive' });
    for (let i = 0; i < 50 && !log.lines.at(-1)?.includes('more like this'); i++) await h.idle();
    expect(log.lines.at(-1)).toContain(`[${n - 10} more like this not logged before]`);
  });
});

describe('a malformed message that resets the session', () => {
  it('gets one bounded log line with a hex excerpt, and a bounded lastError', async () => {
    const log = capture();
    h = new Harness(undefined, { log });
    await h.apply(state());
    peer = await h.established();
    await peer.updatesUntilEor();
    // Attributes only (no NLRI), ORIGIN 7 and 400 repeated ATOMIC_AGGREGATE: RFC 7606 §5.2 makes it a session reset.
    const attrs = [0x40, 1, 1, 7, 0x40, 2, 0, ...Array.from({ length: 400 }, () => [0x40, 6, 0]).flat()];
    const body = Buffer.from([0, 0, attrs.length >> 8, attrs.length & 0xff, ...attrs]);
    const header = Buffer.alloc(19, 0xff);
    header.writeUInt16BE(19 + body.length, 16);
    header[18] = 2;
    peer.sendRaw(Buffer.concat([header, body]));
    expect(await peer.notification()).toMatchObject({ code: 3, subcode: 1 });
    await peer.closed;
    await h.idle();
    const n = h.service.neighbor('127.0.0.2');
    expect(n.lastError).toMatch(/^sent UPDATE Message Error \/ Malformed Attribute List: RFC 7606 §5.2: .*… \(\d+ more characters\)$/);
    expect(n.lastError?.length).toBeLessThan(600);
    const bad = log.lines.filter((l) => l.includes('bad message from 127.0.0.2'));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/; message ffffffffffffffffffffffffffffffff[0-9a-f]+… \(\d+ bytes, first 128 shown\)$/);
    for (const l of log.lines) expect(l.length).toBeLessThan(1200);
  });
});
