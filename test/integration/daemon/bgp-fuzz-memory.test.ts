// Issue 14 (4): a BGP session fed mutated UPDATEs (the decoder fuzz's mutator, seeded with the golden
// fixtures) leaves the daemon's memory where it was. Measured on the real daemon process: heap in use after
// a full GC (a heap snapshot, which forces one) within 5 MB of its baseline once the session is gone, and
// a second identical attack must not raise the peak RSS (VmHWM, reset between the runs via clear_refs).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_CONTEXT, fromHex } from '../../../src/core/session-engine/wire/index.js';
import { waitFor } from '../../../src/lab/wait.js';
import { heapDiff, heapSnapshotOptions, takeHeapSnapshot } from '../../support/heap-snapshot.js';
import { RawBgpPeer } from '../../support/raw-bgp-peer.js';
import { TestDaemon, requireBuild } from '../../support/evpnctl.js';
import { classify, mutate, prng } from '../../unit/core/session-engine/wire/mutator.js';

const FIX = join(import.meta.dirname, '../../fixtures/bgp');
const SEEDS = readdirSync(FIX).filter((f) => f.includes('update') || f.includes('withdraw')).sort().map((f) => fromHex(readFileSync(join(FIX, f), 'utf8')));
const ASN = 65000;
const MUTANTS = Number(process.env.FUZZ_MUTANTS ?? 30_000);
const MB = 1024 * 1024;

const status = (pid: number, key: string): number => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

/**
 * One attack: MUTANTS mutated UPDATEs over sessions with the daemon; mutants the decoder answers with a
 * session reset end the session (the daemon's NOTIFICATION), and the attack dials again. Same seed, same bytes.
 */
async function attack(d: TestDaemon): Promise<{ sent: number; sessions: number }> {
  const rnd = prng(0xa77ac4);
  let sent = 0;
  let sessions = 0;
  while (sent < MUTANTS) {
    const peer = await session(d);
    sessions++;
    let closed = false;
    void peer.closed.then(() => (closed = true));
    while (sent < MUTANTS && !closed) {
      const batch: Uint8Array[] = [];
      // Mostly mutants the session survives; every so often one that resets it, as an attacker would mix them.
      while (batch.length < 200 && sent < MUTANTS) {
        const m = mutate(SEEDS[sent % SEEDS.length] as Uint8Array, rnd);
        sent++;
        const outcome = classify(m, OPEN_CONTEXT);
        if (outcome.includes('session-reset') && sent % 2000 !== 0) continue;
        batch.push(m);
        if (outcome.includes('session-reset')) break;
      }
      if (!peer.sendRaw(Buffer.concat(batch))) await Promise.race([new Promise((r) => peer.socket.once('drain', r)), peer.closed]);
      await new Promise((r) => setImmediate(r));
      // After a mutant that resets the session, give the daemon a moment to close it (it may judge it otherwise).
      if (batch.length > 0 && classify(batch[batch.length - 1] as Uint8Array, OPEN_CONTEXT).includes('session-reset')) {
        await Promise.race([peer.closed, new Promise((r) => setTimeout(r, 1000))]);
      }
    }
    peer.destroy();
    await peer.closed;
  }
  return { sent, sessions };
}

/** A new Established session; the daemon refuses one (Cease 6/5) until it has let go of the last. */
async function session(d: TestDaemon): Promise<RawBgpPeer> {
  return waitFor('the daemon to accept a new session', async () => {
    const peer = await RawBgpPeer.connect({ host: d.ip, port: 179, localAddress: d.hostIp });
    try {
      await peer.handshake({ asn: ASN, routerId: '10.99.0.1', holdTime: 90 });
      return peer;
    } catch (err) {
      peer.destroy();
      throw err;
    }
  }, { timeoutMs: 30_000, intervalMs: 100 });
}

describe('memory after a BGP fuzz attack', () => {
  let d: TestDaemon;
  let diag: string;
  beforeAll(async () => {
    requireBuild();
    diag = mkdtempSync(join(tmpdir(), `evpnctl-heap-${process.pid}-`));
    d = new TestDaemon([], { env: { NODE_OPTIONS: heapSnapshotOptions(diag) } });
    await d.start();
    for (const args of [['speaker', 'add', '--as', String(ASN), '--router-id', '10.255.0.1'], ['network', 'add', '--vni', '10', '--logical-switch', 'ls10'],
      ['neighbor', 'add', d.hostIp ?? '', '--remote-as', String(ASN), '--passive']]) {
      const r = await d.cli(...args);
      if (r.exitCode !== 0) throw new Error(`evpnctl ${args.join(' ')}: ${r.stderr}`);
    }
  });
  afterAll(async () => {
    await d?.dispose();
    rmSync(diag, { recursive: true, force: true });
  });

  const pid = (): number => d.proc?.pid ?? 0;
  const noSession = () => waitFor('the attacker\'s session to be gone', async () => {
    const r = await d.cli('--json', 'neighbor', 'list');
    const [n] = JSON.parse(r.stdout) as { state: string; prefixes: { received: number } }[];
    return n?.state !== 'established' && n?.prefixes.received === 0 ? true : undefined;
  }, { timeoutMs: 30_000 });

  it('heap after a forced GC comes back within 5 MB; a second attack does not raise the peak RSS', async () => {
    const resetPeak = () => writeFileSync(`/proc/${pid()}/clear_refs`, '5');
    // The baseline first: writing a snapshot leaves its own buffers in RSS, so every attack then runs on the
    // same footing, and no snapshot comes between the two attacks whose peaks are compared.
    const base = await takeHeapSnapshot(pid(), diag);
    const warm = await attack(d); // RSS reaches its plateau (JIT, pools, heap spaces) before the comparison
    await noSession();
    resetPeak();
    const first = await attack(d);
    const peak1 = status(pid(), 'VmHWM');
    await noSession();
    resetPeak();
    await attack(d);
    const peak2 = status(pid(), 'VmHWM');
    await noSession();
    const after2 = await takeHeapSnapshot(pid(), diag);

    const report = [
      `attack: ${first.sent} mutants over ${first.sessions} sessions (warm-up ${warm.sessions} sessions)`,
      `heap after GC: base ${(base.total / MB).toFixed(1)} MB, after three attacks ${(after2.total / MB).toFixed(1)} MB`,
      `peak RSS: attack 1 ${(peak1 / MB).toFixed(1)} MB, attack 2 ${(peak2 / MB).toFixed(1)} MB; RSS now ${(status(pid(), 'VmRSS') / MB).toFixed(1)} MB`,
      'largest heap changes base -> after attack 2:', ...heapDiff(base, after2),
    ].join('\n');
    console.log(report);
    expect(first.sessions, report).toBeGreaterThan(5);
    expect(after2.total - base.total, report).toBeLessThan(5 * MB);
    expect(peak2, report).toBeLessThanOrEqual(peak1 + 2 * MB);
    expect(d.alive).toBe(true);
  });
});
