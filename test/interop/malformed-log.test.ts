// Issue 9 item 7 acceptance: 100k malformed UPDATEs from a raw BGP peer (a process in the peer netns) to the
// real daemon produce under 10 MB of log. Each UPDATE is treat-as-withdraw (RFC 7606), so the session stays
// up and every one of them is an event the daemon must decide how to log.
import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailures } from '../../src/lab/cleanup.js';
import { LineEventLog } from '../../src/lab/line-events.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { buildSpeakerPair, type SpeakerPair } from '../../src/lab/topology/speaker-pair.js';
import { waitFor } from '../../src/lab/wait.js';
import { SpeakerDaemon } from './support/speaker-daemon.js';

const MAIN = join(import.meta.dirname, '../support/malformed-flood-main.ts');
const COUNT = 100_000;
/** ATOMIC_AGGREGATE repeats per UPDATE: ~430 bytes each, 100 problems each, as the worst lines had. */
const REPEATS = 100;
const MAX_LOG_BYTES = 10 * 1024 * 1024;

describe('a peer sending 100k malformed UPDATEs', () => {
  let pair: SpeakerPair | undefined;
  let d: SpeakerDaemon;

  beforeAll(async () => {
    await assertLabPrerequisites();
    pair = await buildSpeakerPair({ peer: 'none', runOptions: { description: 'interop malformed UPDATE log size' } });
    d = await SpeakerDaemon.start(pair, { ovnDbs: false });
    await d.ok('speaker', 'add', '--as', '65000', '--router-id', pair.speaker.ip);
    await d.ok('neighbor', 'add', pair.peer.ip, '--remote-as', '65000', '--passive');
  }, 120_000);

  afterAll(async () => {
    if (pair) expect(describeFailures(await pair.down())).toBe('');
  });

  it('makes the daemon write under 10 MB of log, in bounded lines, and keeps the session', async () => {
    if (!pair) throw new Error('expected the lab pair to be built');
    const before = (await stat(d.logFile)).size;
    const cfg = { host: pair.speaker.ip, localAddress: pair.peer.ip, asn: 65000, routerId: pair.peer.ip, count: COUNT, repeats: REPEATS };
    const proc = await pair.spawnInPeer('malformed-flood', ['node', '--import', 'tsx', MAIN, JSON.stringify(cfg)], { pipe: true });
    if (!proc.stdout) throw new Error('expected a stdout pipe to the flood peer');
    const events = new LineEventLog(proc.stdout);
    pair.run.cleanup.add('close the flood peer\'s stdin', async () => void proc.stdin?.end());
    const started = Date.now();
    const first = await events.waitFor(`the flood peer to establish (log ${proc.logFile})`, (e) => e.event === 'established' || e.event === 'error', 30_000);
    expect(first.event).toBe('established');
    const sent = await events.waitFor('the flood peer to send every UPDATE', (e) => e.event === 'sent' || e.event === 'error' || e.event === 'closed', 600_000);
    expect(sent).toMatchObject({ event: 'sent', count: COUNT });
    const n = await waitFor(`the daemon to have read ${COUNT} UPDATEs`, async () => {
      const v = await d.neighbor(pair?.peer.ip ?? '');
      return v.messages.received >= COUNT + 2 || v.state !== 'established' ? v : undefined;
    }, { timeoutMs: 600_000, intervalMs: 500 });
    expect(n.state).toBe('established');
    const seconds = (Date.now() - started) / 1000;
    const text = (await readFile(d.logFile, 'utf8')).slice(before);
    const grown = (await stat(d.logFile)).size - before;
    const lines = text.split('\n').filter((l) => l !== '');
    const longest = Math.max(...lines.map((l) => l.length));
    console.log(`${COUNT} malformed UPDATEs (${((sent.bytes as number) / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s: `
      + `${grown} bytes of log in ${lines.length} lines, longest ${longest} characters`);
    expect(grown).toBeLessThan(MAX_LOG_BYTES);
    expect(longest).toBeLessThan(2000);
    expect(lines.filter((l) => l.includes('treated as withdraw')).length).toBeGreaterThan(0);
    expect(text).toContain('[rate limit: further ones are counted, not logged, for 60 s]');
    proc.stdin?.end();
  }, 900_000);
});
