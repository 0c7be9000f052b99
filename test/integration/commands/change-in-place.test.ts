// Day-2 changes in place (issue 11 items 5, 6 and 7): `neighbor set`, `network set`, `speaker set` and
// `neighbor reset` against a real gobgpd peer, with the daemon's OVN side on a private OvsSandbox. What
// must hold: no session reset where RFC 4271 does not need one (gobgpd counts no NOTIFICATION, our own
// history shows no down), a ROUTE-REFRESH when the import changes, new RD/RTs on the peer's RIB, the
// OVN port of the remote VTEP untouched (same row uuid), and the session history after the peer shuts
// the session (the Cease stays the last error; Up/Down counts the time since down).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertLabPrerequisites } from '../../../src/lab/prereqs.js';
import { buildSpeakerPair, type SpeakerPair } from '../../../src/lab/topology/speaker-pair.js';
import { waitFor } from '../../../src/lab/wait.js';
import type { GobgpInstance } from '../../../src/lab/gobgp.js';
import type { NeighborView, NetworkView } from '../../../src/core/model/views.js';
import { SpeakerDaemon } from '../../interop/support/speaker-daemon.js';
import { downAndVerify } from '../../support/lab-teardown.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';

const VNI = 10;
const RT = '65000:10';
const LS = 'ls0';
const PEER_MAC = '02:ac:10:ff:00:11';

/** gobgpd's message counters for one neighbor (`gobgp -j neighbor ADDR`). */
interface GobgpCounters { notification: number; refresh: number; update: number }

describe('changes in place against gobgpd', () => {
  let sb: OvsSandbox | undefined;
  let pair: SpeakerPair | undefined;
  let d: SpeakerDaemon;
  let g: GobgpInstance;
  let peer: string;
  let ours: string;

  const received = async (): Promise<GobgpCounters> => {
    const j = await g.cliJson('neighbor', ours) as { state?: { messages?: { received?: Record<string, unknown> } } };
    const r = j.state?.messages?.received ?? {};
    const n = (k: string): number => Number(r[k] ?? 0);
    return { notification: n('notification'), refresh: n('refresh'), update: n('update') };
  };
  const lspUuid = async (): Promise<string> => (await sb!.nbctl('--bare', '--columns=_uuid', 'find', 'Logical_Switch_Port', `name=evpn-${VNI}-${peer}`)).trim();
  const ourRds = async (): Promise<string[]> => {
    const rib = await g.evpnRib();
    const rds = Object.values(rib).flat().map((p) => (p as { nlri: { value: { rd: { admin: string; assigned: number } } } }).nlri.value.rd)
      .map((rd) => `${String(rd.admin)}:${rd.assigned}`).filter((rd) => rd.startsWith(`${ours}:`) || rd.startsWith('65000:'));
    return [...new Set(rds)].sort();
  };
  const allRds = async (): Promise<string> => {
    const rib = await g.evpnRib();
    return JSON.stringify(Object.values(rib).flat().map((p) => (p as { nlri: { value: { rd: unknown } } }).nlri.value.rd));
  };

  beforeAll(async () => {
    await assertLabPrerequisites();
    sb = await OvsSandbox.start({ bridge: 'br-int' });
    await sb.nbctl('ls-add', LS);
    pair = await buildSpeakerPair({ peer: 'gobgp', runOptions: { description: 'change in place' } });
    if (!pair.peer.gobgp) throw new Error('expected gobgpd in the peer netns');
    g = pair.peer.gobgp;
    peer = pair.peer.ip;
    ours = pair.speaker.ip;
    d = await SpeakerDaemon.start(pair, { dbs: { ovsDb: sb.ovsDb, nbDb: sb.nbDb } });
    await d.ok('speaker', 'add', '--as', '65000', '--router-id', ours);
    await d.ok('network', 'add', '--vni', String(VNI), '--logical-switch', LS);
    await d.ok('neighbor', 'add', peer, '--remote-as', '65000', '--hold-time', '30');
    await d.waitEstablished(peer);
    await g.addMulticast({ vtep: peer, rd: `${peer}:${VNI}`, rts: [RT], vni: VNI });
    await g.addMacIp({ mac: PEER_MAC, vni: VNI, rd: `${peer}:${VNI}`, rts: [RT] });
    await waitFor('the peer MAC in OVN', async () => ((await lspUuid()) !== '' ? true : undefined), { timeoutMs: 20_000 });
  });
  afterAll(async () => {
    try {
      await downAndVerify(pair);
    } finally {
      await sb?.stop();
    }
  });

  it('neighbor set --hold-time: no NOTIFICATION, no new session; says the hold time applies from the next session', async () => {
    const before = await received();
    const r = await d.cli('neighbor', 'set', peer, '--hold-time', '20');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/hold time 20 s applies from the next session: RFC 4271 §4\.2/);
    const n = await d.neighbor(peer);
    expect(n).toMatchObject({ state: 'established', holdTime: 20, negotiatedHoldTime: 30 });
    expect(n.history.filter((h) => h.event === 'down')).toEqual([]);
    expect((await received()).notification).toBe(before.notification);
  });

  it('network set --import-rt: ROUTE-REFRESH to the peer, the session and the OVN port stay', async () => {
    const uuid = await lspUuid();
    const before = await received();
    const r = await d.cli('--json', 'network', 'set', '--vni', String(VNI), '--import-rt', RT);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout) as { object: NetworkView; notes: string[] };
    expect(out.object.importMatch).toEqual([RT]);
    expect(out.notes.join('\n')).toMatch(/ROUTE-REFRESH \(RFC 2918\) sent to 1 of 1 established peer/);
    await waitFor('gobgpd to count our ROUTE-REFRESH', async () => ((await received()).refresh > before.refresh ? true : undefined), { timeoutMs: 10_000 });
    expect(await lspUuid()).toBe(uuid);
    expect((await d.json<NetworkView>('network', 'show', String(VNI))).remoteMacs).toBe(1);
    expect((await received()).notification).toBe(before.notification);
    // An import that no longer matches the peer's RT: its MAC and VTEP leave OVN, still without a reset.
    expect((await d.cli('network', 'set', '--vni', String(VNI), '--import-rt', '65000:99')).exitCode).toBe(0);
    await waitFor('the peer\'s port to leave OVN', async () => ((await lspUuid()) === '' ? true : undefined), { timeoutMs: 10_000 });
    expect((await d.cli('network', 'set', '--vni', String(VNI), '--import-rt', 'auto')).exitCode).toBe(0);
    await waitFor('the peer\'s port back in OVN', async () => ((await lspUuid()) !== '' ? true : undefined), { timeoutMs: 10_000 });
    expect((await received()).notification).toBe(before.notification);
    expect((await d.neighbor(peer)).history.filter((h) => h.event === 'down')).toEqual([]);
  });

  it('network set --rd / --export-rt: the peer holds our routes under the new RD only, with the new RT', async () => {
    const before = await received();
    expect(await ourRds()).toEqual([`${ours}:1`]);
    const r = await d.cli('network', 'set', '--vni', String(VNI), '--rd', '65000:10', '--export-rt', '65000:1010');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/RD .*:1 -> 65000:10: routes under .* withdrawn/);
    await waitFor('our routes under the new RD', async () => {
      const rds = await ourRds();
      return rds.length === 1 && rds[0] === '65000:10' ? true : undefined;
    }, { timeoutMs: 10_000 }).catch(async (err: unknown) => { throw new Error(`${(err as Error).message}: ${await allRds()}`); });
    expect(JSON.stringify(await g.evpnRib())).toContain('65000:1010');
    expect(await d.cli('network', 'set', '--vni', String(VNI), '--rd', 'auto', '--export-rt', 'auto')).toMatchObject({ exitCode: 0 });
    await waitFor('our routes under the automatic RD again', async () => ((await ourRds()).join() === `${ours}:1` ? true : undefined), { timeoutMs: 10_000 });
    expect((await received()).notification).toBe(before.notification);
  });

  it('network set --no-flood-unknown: "unknown" leaves the EVPN port, the port row stays', async () => {
    const uuid = await lspUuid();
    expect(await d.cli('network', 'set', '--vni', String(VNI), '--no-flood-unknown')).toMatchObject({ exitCode: 0 });
    await waitFor('"unknown" off the port', async () => (!(await sb!.nbctl('get', 'Logical_Switch_Port', uuid, 'addresses')).includes('unknown') ? true : undefined), { timeoutMs: 10_000 });
    expect(await lspUuid()).toBe(uuid);
    expect(await d.cli('network', 'set', '--vni', String(VNI), '--flood-unknown')).toMatchObject({ exitCode: 0 });
  });

  it('neighbor reset --soft in|out keeps the session; a hard reset sends Cease and comes back with the new hold time', async () => {
    const before = await received();
    const soft = await d.cli('neighbor', 'reset', peer, '--soft', 'in');
    expect(soft.exitCode).toBe(0);
    expect(soft.stdout).toMatch(/sent ROUTE-REFRESH/);
    await waitFor('gobgpd to count the ROUTE-REFRESH', async () => ((await received()).refresh > before.refresh ? true : undefined), { timeoutMs: 10_000 });
    const out = await d.cli('neighbor', 'reset', peer, '--soft', 'out');
    expect(out.stdout).toMatch(/sent our \d+ route\(s\) again/);
    await waitFor('gobgpd to count our UPDATEs again', async () => ((await received()).update > before.update ? true : undefined), { timeoutMs: 10_000 });
    expect((await received()).notification).toBe(before.notification);

    const hard = await d.cli('neighbor', 'reset', peer);
    expect(hard.exitCode).toBe(0);
    await waitFor('gobgpd to count our Cease', async () => ((await received()).notification > before.notification ? true : undefined), { timeoutMs: 10_000 });
    const n = await d.waitEstablished(peer);
    expect(n.negotiatedHoldTime).toBe(20);
    expect(n.history[0]?.event).toBe('up');
    expect(n.history[1]).toMatchObject({ event: 'down', reason: expect.stringContaining('Administrative Reset') });
  });

  it('neighbor show: peer router-id, TCP endpoints, routes per type', async () => {
    const n = await waitFor('the peer\'s routes again', async () => {
      const v = await d.neighbor(peer);
      return v.routeTypes['2'].received === 1 && v.routeTypes['3'].received === 1 ? v : undefined;
    }, { timeoutMs: 10_000 });
    expect(n.peerRouterId).toBe(peer);
    expect(n.connection).toMatchObject({ localAddress: ours, remoteAddress: peer });
    expect([n.connection?.localPort, n.connection?.remotePort]).toContain(179);
    expect(n.routeTypes['3'].advertised).toBe(1);
    const text = await d.ok('neighbor', 'show', peer);
    expect(text).toMatch(/peer router-id:\s+192\.168\.100\.1/);
    expect(text).toMatch(/type 3: 1\/1\/1/);
  });

  it('speaker set: an AS or router-id change is refused without --yes (exit 2), and with it keeps every neighbor and network', async () => {
    const refused = await d.cli('speaker', 'set', '--router-id', '10.9.9.9');
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/resets all 1 BGP session.*--yes/);
    expect((await d.json<{ routerId: string }>('speaker', 'show')).routerId).toBe(ours);
    const ok = await d.cli('speaker', 'set', '--router-id', '10.9.9.9', '--vtep-ip', ours, '--yes');
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/1 network\(s\), 1 neighbor\(s\) and 0 client\(s\) kept/);
    expect((await d.json<NetworkView[]>('network', 'list')).map((x) => x.vni)).toEqual([VNI]);
    expect((await d.json<NeighborView[]>('neighbor', 'list')).map((x) => x.address)).toEqual([peer]);
    await d.waitEstablished(peer);
    await waitFor('the peer\'s port back in OVN', async () => ((await lspUuid()) !== '' ? true : undefined), { timeoutMs: 20_000 });
  });

  it('session history: after the peer shuts the session, the Cease stays the last error and Up/Down counts the time down', async () => {
    await g.cli('neighbor', ours, 'shutdown');
    const n = await waitFor('the session down with the Cease', async () => {
      const v = await d.neighbor(peer);
      return v.state !== 'established' && v.lastError?.includes('Administrative Shutdown') ? v : undefined;
    }, { timeoutMs: 10_000 });
    expect(n.history[0]).toMatchObject({ event: 'down', reason: expect.stringContaining('received Cease / Administrative Shutdown') });
    // Our back-off dials again and the shut-down peer turns it away: that must not replace the Cease.
    await new Promise((r) => setTimeout(r, 4000));
    const later = await d.neighbor(peer);
    expect(later.lastError).toContain('received Cease / Administrative Shutdown');
    expect(later.lastAttemptError).not.toBeNull(); // the redials did fail meanwhile
    expect(later.downtime).toBeGreaterThanOrEqual(3);
    const list = await d.ok('neighbor', 'list');
    expect(list).not.toMatch(/never/);
    expect(list).toMatch(/0m0[3-9]s|0m[1-9]\ds/);
    await g.cli('neighbor', ours, 'enable');
  });
});
