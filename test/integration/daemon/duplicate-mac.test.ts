// Duplicate MAC detection through the real daemon (RFC 7432 §15.1, issue 11 item 7): a MAC that two VTEPs
// keep taking from each other (5 moves inside 180 s) is frozen where it is and later moves are ignored;
// `network show` lists it; `evpnctl mac clear-duplicate` lifts the freeze and MAC mobility places it again
// (before this command it stayed frozen forever). The table peer announces the MAC from VTEP A and VTEP B
// with rising MAC Mobility sequences; OVN is read back to see where the MAC sits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientView, NetworkView } from '../../../src/core/model/views.js';
import { startBgpOvn, type BgpOvn } from '../../support/bgp-ovn-fixture.js';
import { eventually } from '../../support/eventually.js';
import type { PeerRoute } from '../../support/peer-routes.js';

const VNI = 10;
const A = '192.168.100.1';
const B = '192.168.100.3';
const M = '02:ac:10:00:0d:01';

const imet = (vtep: string): PeerRoute => ({ type: 3, vni: VNI, vtep, rd: `${vtep}:2` });
const mac = (vtep: string, seq: number): PeerRoute => ({ type: 2, vni: VNI, vtep, rd: `${vtep}:2`, mac: M, ip: null, seq });

describe('duplicate MAC: frozen after 5 moves, cleared with mac clear-duplicate', () => {
  let t: BgpOvn | undefined;
  const setup = (): BgpOvn => {
    if (t === undefined) throw new Error('expected the BGP-to-OVN setup to be running');
    return t;
  };
  const vtepOf = async (): Promise<string | undefined> =>
    (await setup().daemon.json<ClientView[]>('client', 'list', '--vni', String(VNI))).find((c) => c.mac === M && c.source === 'remote')?.nextHop ?? undefined;
  const network = () => setup().daemon.json<NetworkView>('network', 'show', String(VNI));

  beforeAll(async () => {
    t = await startBgpOvn({ description: 'integration duplicate mac', networks: new Map([[VNI, 'ls-dup']]) });
    await t.peer.announce({ routes: [imet(A), imet(B)] });
  });
  afterAll(() => t?.down());

  it('moves A, B, A, B, A, B freeze the MAC at the 5th move; a 6th is ignored; clear-duplicate places it by sequence again', async () => {
    const { peer, daemon } = setup();
    let seq = 0;
    for (const vtep of [A, B, A, B, A, B]) {
      await peer.announce({ routes: [mac(vtep, seq++)] });
      await eventually(async () => expect(await vtepOf()).toBe(vtep));
    }
    // Moves: A->B, B->A, A->B, B->A, A->B = 5 in well under 180 s: frozen at B.
    await eventually(async () => expect((await network()).duplicateMacs).toEqual([{ mac: M, location: B }]));
    await peer.announce({ routes: [mac(A, seq++)] });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await vtepOf()).toBe(B); // frozen: A's higher sequence does not move it

    const missing = await daemon.cli('mac', 'clear-duplicate', '--vni', String(VNI), '--mac', '02:ac:10:00:0d:99');
    expect(missing.exitCode).toBe(4);
    const r = await daemon.cli('mac', 'clear-duplicate', '--vni', String(VNI), '--mac', M);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/no longer frozen in VNI 10/);
    await eventually(async () => expect(await vtepOf()).toBe(A)); // the highest sequence wins again
    expect((await network()).duplicateMacs).toEqual([]);
  });
});
