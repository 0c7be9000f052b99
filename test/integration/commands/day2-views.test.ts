// The day-2 views through the real CLI against a real daemon fed by a real BGP session (the table peer
// in the peer netns of a speaker pair): route filters, `route show`, the per-VNI MAC table, and a
// listing read by `head -1` through a real pipe (a closed stdout is a normal end, exit 0).
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MacView, RouteView } from '../../../src/core/model/views.js';
import { describeFailures } from '../../../src/lab/cleanup.js';
import { assertLabPrerequisites } from '../../../src/lab/prereqs.js';
import { buildSpeakerPair, type SpeakerPair } from '../../../src/lab/topology/speaker-pair.js';
import { waitFor } from '../../../src/lab/wait.js';
import { SpeakerDaemon } from '../../interop/support/speaker-daemon.js';
import { BIN } from '../../support/evpnctl.js';
import type { PeerRoute } from '../../support/peer-routes.js';
import { TablePeer } from '../../support/table-peer.js';

const ASN = 65000;
const VNI = 10;
const M1 = '02:ac:10:00:00:01';
const M2 = '02:ac:10:00:00:02';
const OTHER_VTEP = '192.168.100.3';
const BULK = 20_000;

describe('day-2 views through the CLI', () => {
  let pair: SpeakerPair | undefined;
  let d: SpeakerDaemon;
  let peerIp = '';

  beforeAll(async () => {
    await assertLabPrerequisites();
    pair = await buildSpeakerPair({ peer: 'none', speakerAsn: ASN, peerAsn: ASN, runOptions: { description: 'integration day-2 views' } });
    peerIp = pair.peer.ip;
    const peer = await TablePeer.start(pair);
    d = await SpeakerDaemon.start(pair);
    await d.ok('speaker', 'add', '--as', String(ASN), '--router-id', pair.speaker.ip);
    await d.ok('network', 'add', '--vni', String(VNI), '--logical-switch', 'ls10');
    await d.ok('neighbor', 'add', peerIp, '--remote-as', String(ASN), '--hold-time', '30');
    await d.waitEstablished(peerIp);
    const routes: PeerRoute[] = [
      { type: 3, vni: VNI, vtep: peerIp, rd: `${peerIp}:2` },
      { type: 2, vni: VNI, vtep: peerIp, rd: `${peerIp}:2`, mac: M1, ip: null },
      { type: 2, vni: VNI, vtep: peerIp, rd: `${peerIp}:2`, mac: M1, ip: '10.200.0.11' },
      { type: 2, vni: VNI, vtep: OTHER_VTEP, rd: `${OTHER_VTEP}:2`, mac: M2, ip: '10.200.0.12', seq: 3 },
    ];
    // A bulk table in VNI 20 (not configured: received, not imported) makes the listing big enough that a
    // reader closing early really closes the pipe under the writer.
    await peer.announce({ routes, bulk: [{ vnis: [20], vteps: [peerIp], macs: BULK }] });
    await waitFor('the routes in the daemon', async () => ((await d.neighbor(peerIp)).prefixes.received >= BULK + 5 ? true : undefined), { timeoutMs: 60_000, intervalMs: 200 });
  }, 120_000);

  afterAll(async () => {
    if (pair) expect(describeFailures(await pair.down())).toBe('');
  });

  const macsOf = (rs: RouteView[]) => rs.map((r) => `${r.type} ${r.mac ?? '-'} ${r.ip ?? r.originatorIp ?? '-'}`).sort();

  it('filters routes by MAC, IP, neighbor, RD and VTEP in the daemon', async () => {
    expect(macsOf(await d.routes('--mac', M1))).toEqual([`2 ${M1} -`, `2 ${M1} 10.200.0.11`]);
    expect(macsOf(await d.routes('--ip', '10.200.0.12'))).toEqual([`2 ${M2} 10.200.0.12`]);
    expect(macsOf(await d.routes('--ip', peerIp, '--vni', String(VNI)))).toEqual([`3 - ${peerIp}`]);
    expect(macsOf(await d.routes('--vtep', OTHER_VTEP))).toEqual([`2 ${M2} 10.200.0.12`]);
    expect(macsOf(await d.routes('--rd', `${OTHER_VTEP}:2`))).toEqual([`2 ${M2} 10.200.0.12`]);
    expect((await d.routes('--neighbor', 'local', '--type', '3')).map((r) => r.from)).toEqual(['local']);
    expect((await d.routes('--neighbor', peerIp, '--vni', String(VNI))).length).toBe(4);
    expect(await d.routes('--mac', '02:00:00:00:99:99')).toEqual([]);
    const bad = await d.cli('route', 'list', '--rd', 'nonsense');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--rd/);
  });

  it('shows every route of one MAC or IP in full, exit 4 when there is none', async () => {
    const shown = await d.ok('route', 'show', M2);
    expect(shown).toMatch(/^MAC:\s+02:ac:10:00:00:02$/m);
    expect(shown).toMatch(/^next hop:\s+192\.168\.100\.3$/m);
    expect(shown).toMatch(/^MAC mobility:\s+seq 3$/m);
    expect(await d.json<RouteView[]>('route', 'show', '10.200.0.11')).toHaveLength(1);
    const none = await d.cli('route', 'show', '10.9.9.9');
    expect(none.exitCode).toBe(4);
    expect(none.stderr).toMatch(/no route for 10\.9\.9\.9/);
    const bad = await d.cli('route', 'show', 'zz');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/expected a MAC address like .* or an IP address like/);
  });

  it('lists the MAC table of a VNI: where, VTEP, sequence numbers, IPs', async () => {
    const macs = await d.json<MacView[]>('mac', 'list', '--vni', String(VNI));
    expect(macs).toEqual([
      { vni: VNI, mac: M1, ips: ['10.200.0.11'], where: 'remote', vtep: peerIp, localSeq: null, remoteSeq: 0, sticky: false, duplicate: false },
      { vni: VNI, mac: M2, ips: ['10.200.0.12'], where: 'remote', vtep: OTHER_VTEP, localSeq: null, remoteSeq: 3, sticky: false, duplicate: false },
    ]);
    expect((await d.json<MacView[]>('mac', 'list', '--mac', M2)).map((m) => m.vtep)).toEqual([OTHER_VTEP]);
    const table = await d.ok('mac', 'list');
    expect(table.split('\n')[0]).toMatch(/^VNI\s+MAC\s+IPs\s+Type\s+VTEP\s+Seq L\/R$/); // no flags anywhere: no Flags column
    expect(table).toMatch(/02:ac:10:00:00:02\s+10\.200\.0\.12\s+remote\s+192\.168\.100\.3\s+-\/3$/m);
    expect((await d.cli('mac', 'list', '--vni', '99')).exitCode).toBe(4);
  });

  it('ends with exit 0 and no stack trace when the reader of a listing goes away (route list | head -1)', async () => {
    for (const args of [['route', 'list'], ['route', 'list', '--json'], ['--help']]) {
      const r = await execa('bash', ['-c', `node ${BIN} --socket ${d.socket} ${args.join(' ')} | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`], { reject: false, env: { NO_COLOR: '1' } });
      expect(r.stderr, args.join(' ')).toBe('exit=0');
      expect(r.stdout.split('\n')).toHaveLength(1);
    }
  });
});
