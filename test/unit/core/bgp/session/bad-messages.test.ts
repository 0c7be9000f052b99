// What a peer sending malformed messages makes us log: one bounded line per event (hex capped), repeats
// rate-limited with a count. The daemon's log must not grow with what a broken or hostile peer sends.
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMessage } from '../../../../../src/core/bgp/wire/message.js';
import { announce, macRoute } from '../../../../support/evpn-fixtures.js';
import type { RawBgpPeer } from '../../../../support/raw-bgp-peer.js';
import { captureLog as capture } from '../../../../support/capture-log.js';
import { Harness, state } from '../service/harness.js';

const X = '192.168.100.1';
let h: Harness;
let peer: RawBgpPeer | undefined;
afterEach(async () => {
  peer?.destroy();
  await h.close();
});

/**
 * An UPDATE whose ORIGIN is malformed (RFC 7606 §7.1: treat-as-withdraw) and which repeats
 * ATOMIC_AGGREGATE `repeats` times (§3.g: each repeat is a problem): today's worst case for log size.
 */
function malformed(i: number, repeats: number): Uint8Array {
  const mac = `02:00:00:00:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;
  const bytes = encodeMessage(announce(X, [macRoute(X, mac)]), { fourOctetAs: true });
  const withdrawnLen = (bytes[19]! << 8) | bytes[20]!;
  const at = 21 + withdrawnLen;
  const extra = Buffer.alloc(repeats * 3);
  for (let r = 0; r < repeats; r++) extra.set([0x40, 6, 0], r * 3);
  const out = Buffer.concat([bytes.subarray(0, at + 2), extra, bytes.subarray(at + 2)]);
  out.writeUInt16BE(out.length, 16);
  out.writeUInt16BE(((bytes[at]! << 8) | bytes[at + 1]!) + extra.length, at);
  for (let k = at + 2; k < out.length - 3; k++) {
    if (out[k] === 0x40 && out[k + 1] === 1 && out[k + 2] === 1) {
      out[k + 3] = 7; // ORIGIN 7 does not exist
      return out;
    }
  }
  throw new Error('expected an ORIGIN attribute in the encoded UPDATE');
}

describe('malformed UPDATEs in the log', () => {
  it('one bounded line each with a capped hex excerpt, then a count instead of lines', async () => {
    const log = capture();
    h = new Harness(undefined, { log });
    await h.apply(state());
    peer = await h.established();
    await peer.updatesUntilEor();
    const n = 2000;
    const before = log.lines.length;
    for (let i = 0; i < n; i++) peer.sendRaw(malformed(i, 400));
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
    peer.sendRaw(malformed(n, 1));
    peer.send({ type: 'keepalive' });
    for (let i = 0; i < 50 && !log.lines.at(-1)?.includes('more like this'); i++) await h.idle();
    expect(log.lines.at(-1)).toContain(`[${n - 10} more like this not logged before]`);
  });
});
