// `--wait` (issue 11 item 7, like ovn-nbctl --wait): a change command returns once OVN has the change and
// the established peers were sent it. The table peer already announces VNI 20's routes; `network add --vni
// 20 --wait` must return with the EVPN port for the peer's VTEP in the NB, read at once, no polling. With
// the NB down, `--wait --timeout 1` gives up with exit 1 and says the change is made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBgpOvn, type BgpOvn } from '../../support/bgp-ovn-fixture.js';
import { eventually } from '../../support/eventually.js';
import type { PeerRoute } from '../../support/peer-routes.js';

const A = '192.168.100.1';

describe('--wait', () => {
  let t: BgpOvn | undefined;
  const setup = (): BgpOvn => {
    if (t === undefined) throw new Error('expected the BGP-to-OVN setup to be running');
    return t;
  };
  const lspExists = async (vni: number) =>
    (await setup().sb.nbctl('--bare', '--columns=name', 'find', 'Logical_Switch_Port', `name=evpn-${vni}-${A}`)).trim() !== '';

  beforeAll(async () => {
    t = await startBgpOvn({ description: 'integration --wait', networks: new Map([[10, 'ls10'], [20, 'ls20'], [30, 'ls30']]) });
    // The fixture maps all three (it creates the switches); 20 and 30 are added again below, under test.
    await t.daemon.ok('network', 'del', '20');
    await t.daemon.ok('network', 'del', '30');
    const routes: PeerRoute[] = [20, 30].flatMap((vni): PeerRoute[] => [
      { type: 3, vni, vtep: A, rd: `${A}:${vni}` },
      { type: 2, vni, vtep: A, rd: `${A}:${vni}`, mac: `02:ac:10:00:00:${vni}`, ip: null },
    ]);
    await t.peer.announce({ routes });
  });
  afterAll(() => t?.down());

  it('network add --wait returns with the remote VTEP\'s port already in the NB and our type 3 sent', async () => {
    const { daemon, peer } = setup();
    expect(await lspExists(20)).toBe(false);
    const r = await daemon.cli('network', 'add', '--vni', '20', '--logical-switch', 'ls20', '--wait');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await lspExists(20)).toBe(true); // no polling: --wait returned after OVN had it
    await eventually(async () => expect((await peer.received()).some((x) => x.type === 3 && x.rts.includes('65000:20'))).toBe(true));
  });

  it('--wait --timeout 1 with the NB down: exit 1, the change stays made', async () => {
    const { daemon, sb } = setup();
    await sb.killNb();
    try {
      const r = await daemon.cli('network', 'add', '--vni', '30', '--logical-switch', 'ls30', '--wait', '--timeout', '1');
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/the change is made, but OVN did not have all of it within 1 s/);
      expect((await daemon.cli('network', 'show', '30')).exitCode).toBe(0);
    } finally {
      await sb.startNb();
    }
    const again = await daemon.cli('network', 'set', '--vni', '30', '--no-flood-unknown', '--wait', '--timeout', '20');
    expect(again.exitCode, again.stderr).toBe(0);
    expect(await lspExists(30)).toBe(true);
  });
});
