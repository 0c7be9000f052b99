// REST remote clients carry a port number (issue 11 item 10): rest_vtep's EvpnClient `port` is the OpenFlow
// port that leads to the client, for a remote one the tunnel port (the seed's troubleshooting example shows
// `"port": 3`). The daemon reads the ofport ovs-vswitchd gave its VXLAN interface towards the MAC's VTEP (the
// sandbox runs a real ovs-vswitchd) and shows it as `ofport` in `client list --json` (the REST shape's `port`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientView } from '../../../src/core/model/views.js';
import { startBgpOvn, type BgpOvn } from '../../support/bgp-ovn-fixture.js';
import { eventually } from '../../support/eventually.js';

const VNI = 10;
const A = '192.168.100.1';
const M = '02:ac:10:00:0e:01';

describe('remote clients carry the ofport of their VXLAN interface', () => {
  let t: BgpOvn | undefined;
  beforeAll(async () => {
    t = await startBgpOvn({ description: 'integration remote ofport', networks: new Map([[VNI, 'ls-of']]), vswitchd: true });
    await t.peer.announce({ routes: [{ type: 3, vni: VNI, vtep: A, rd: `${A}:2` }, { type: 2, vni: VNI, vtep: A, rd: `${A}:2`, mac: M, ip: '10.0.0.77' }] });
  });
  afterAll(() => t?.down());

  it('client list --json: the remote MAC has ofport = the vxlan interface\'s ofport in OVS', async () => {
    const s = t;
    if (s === undefined) throw new Error('expected the setup (see beforeAll)');
    const ofport = await eventually(async () => {
      const out = (await s.sb.vsctl('--bare', '--columns=ofport', 'find', 'Interface', 'type=vxlan', `options:remote_ip=${A}`)).trim();
      expect(Number(out)).toBeGreaterThan(0);
      return Number(out);
    });
    await eventually(async () => {
      const c = (await s.daemon.json<ClientView[]>('client', 'list', '--vni', String(VNI))).find((x) => x.mac === M && x.source === 'remote');
      expect(c).toMatchObject({ nextHop: A, ofport });
    });
  });
});
