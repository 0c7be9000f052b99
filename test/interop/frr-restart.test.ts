// FRR's bgpd (8.4 from the host, 10.3 from the Debian 13 root) restarted against the real daemon re-peers at
// once, without Cease / Connection Rejected (6/5) rounds (issue 9 item 1: a neighbor backing off in Idle used to
// refuse the restarted peer's connection; FRR 10.3 needed ~3 rounds, ~2.4 s). The link is captured and every
// NOTIFICATION on it is counted.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCapture, type Capture } from '../../src/lab/capture.js';
import { describeFailures } from '../../src/lab/cleanup.js';
import { ensureTrixieRoot } from '../../src/lab/debian-root.js';
import { run } from '../../src/lab/exec.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { buildSpeakerPair, type SpeakerPair } from '../../src/lab/topology/speaker-pair.js';
import { waitFor } from '../../src/lab/wait.js';
import { SpeakerDaemon } from './support/speaker-daemon.js';

const RESTARTS = 3;
/** bgpd stays down this long: our dials fail meanwhile and the back-off grows (1, 2, 4 s...), as after a reboot. */
const DOWN_MS = 8000;

/** How many packets of the pcap match a display filter. */
async function count(pcap: string, filter: string): Promise<number> {
  const { stdout } = await run(['tshark', '-r', pcap, '-Y', filter, '-T', 'fields', '-e', 'frame.number'], { timeoutMs: 60_000 });
  return stdout.split('\n').filter((l) => l !== '').length;
}

/** Code/subcode of every NOTIFICATION in the pcap, with its sender. */
async function notifications(pcap: string): Promise<string[]> {
  const { stdout } = await run(['tshark', '-r', pcap, '-Y', 'bgp.type == 3', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,',
    '-e', 'ip.src', '-e', 'bgp.notify.major_error', '-e', 'bgp.notify.minor_error_cease'], { timeoutMs: 60_000 });
  return stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t').join(' '));
}

describe.each([
  { version: '8.4', root: async (): Promise<string | undefined> => undefined },
  { version: '10.3', root: async (): Promise<string | undefined> => (await ensureTrixieRoot()).dir },
])('FRR $version restarted against evpnctl', ({ root }) => {
  let pair: SpeakerPair | undefined;
  let d: SpeakerDaemon;
  let capture: Capture | undefined;

  beforeAll(async () => {
    await assertLabPrerequisites();
    const peerRoot = await root();
    pair = await buildSpeakerPair({ peer: 'frr', ...(peerRoot === undefined ? {} : { peerRoot }), runOptions: { description: 'interop FRR restart' } });
    capture = await startCapture(pair.run, { netns: pair.speaker.netns, iface: pair.speaker.iface, filter: 'tcp port 179', name: 'bgp.pcap' });
    d = await SpeakerDaemon.start(pair, { ovnDbs: false });
    await d.ok('speaker', 'add', '--as', '65000', '--router-id', pair.speaker.ip);
    await d.ok('neighbor', 'add', pair.peer.ip, '--remote-as', '65000', '--hold-time', '9');
    await d.waitEstablished(pair.peer.ip);
  }, 120_000);

  afterAll(async () => {
    await capture?.stop();
    if (pair) expect(describeFailures(await pair.down())).toBe('');
  });

  it(`re-peers after each of ${RESTARTS} bgpd restarts with no Cease / Connection Rejected on the wire`, async () => {
    if (!pair?.peer.frr || !capture) throw new Error('expected the FRR pair and the capture');
    const frr = pair.peer.frr;
    const peer = pair.peer.ip;
    const times: number[] = [];
    for (let i = 0; i < RESTARTS; i++) {
      const t0 = Date.now();
      // Alternate a quick restart and one that leaves us backing off when bgpd comes back and dials us.
      const downMs = i % 2 === 0 ? DOWN_MS : 0;
      await frr.restartBgpd({ downMs });
      const started = Date.now();
      const at = await waitFor(`our session with the restarted FRR (restart ${i + 1})`, async () => {
        const text = await readFile(d.logFile, 'utf8');
        for (const line of text.split('\n')) {
          const m = /^(\S+Z) INFO\s+bgp: session with (\S+) established/.exec(line);
          if (m?.[1] !== undefined && m[2] === peer && Date.parse(m[1]) >= started) return Date.parse(m[1]);
        }
        return undefined;
      }, { timeoutMs: 60_000, intervalMs: 100 });
      await frr.waitEstablished(pair.speaker.ip, { timeoutMs: 30_000 });
      times.push(at - started);
      console.log(`FRR bgpd restart ${i + 1}: stopped for ${started - t0} ms, then Established on our side ${at - started} ms after bgpd started`);
    }
    await capture.stop();
    const seen = await notifications(capture.pcap);
    console.log(`NOTIFICATIONs on the link: ${seen.join('; ') || 'none'}`);
    expect(seen.filter((n) => / 6 5$/.test(n))).toEqual([]);
    // The capture saw the sessions being made: an OPEN each way per restart at least.
    expect(await count(capture.pcap, 'bgp.type == 1')).toBeGreaterThanOrEqual(2 * RESTARTS);
    // FRR's connect retry is 5 s here and our back-off reaches 4-8 s: a refusal round costs seconds.
    for (const t of times) expect(t).toBeLessThan(3000);
  }, 300_000);
});
