// Split horizon with three remote VTEPs, checked on the logical flows ovn-northd computes from what the
// programmer wrote (ovn-trace): BUM from one remote VTEP reaches the local VM but no other remote VTEP,
// while BUM from the VM reaches all three; unicast between remote VTEPs is dropped too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OvnProgrammer } from '../../../src/core/ovn/programmer.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';

const VTEPS = ['192.168.100.1', '192.168.100.3', '192.168.100.4'];
const outputs = (trace: string): string[] => [...trace.matchAll(/output\("([^"]+)"\)/g)].map((m) => m[1] ?? '').sort();

describe('split horizon over three remote VTEPs (ovn-northd + ovn-trace)', () => {
  let sb: OvsSandbox;
  let prog: OvnProgrammer;

  beforeAll(async () => {
    sb = await OvsSandbox.start({ northd: true });
    await sb.nbctl('ls-add', 'ls0', '--', 'lsp-add', 'ls0', 'vm1', '--', 'lsp-set-addresses', 'vm1', '02:ac:10:ff:00:22 10.0.0.22');
    prog = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge });
    prog.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], '192.168.100.2');
    prog.apply(VTEPS.map((vtep) => ({ type: 'vtep-added' as const, vni: 10, vtep })));
    prog.apply([{ type: 'mac-added', vni: 10, mac: '02:00:00:00:00:03', ips: ['10.0.0.3'], vtep: VTEPS[1] ?? '', seq: 0, sticky: false }]);
    await prog.start();
    await prog.flush();
  });

  afterAll(async () => {
    await prog?.stop();
    await sb?.stop();
  });

  const bcast = (from: string, src: string) => `inport == "${from}" && eth.src == ${src} && eth.dst == ff:ff:ff:ff:ff:ff`;

  it('floods BUM from the VM to every remote VTEP', async () => {
    expect(outputs(await sb.trace('ls0', bcast('vm1', '02:ac:10:ff:00:22')))).toEqual(VTEPS.map((v) => `evpn-10-${v}`));
  });

  it('floods BUM from a remote VTEP only to local ports', async () => {
    expect(outputs(await sb.trace('ls0', bcast(`evpn-10-${VTEPS[0]}`, '02:00:00:00:00:01')))).toEqual(['vm1']);
  });

  it('drops unicast from one remote VTEP to a MAC behind another', async () => {
    const t = await sb.trace('ls0', `inport == "evpn-10-${VTEPS[0]}" && eth.src == 02:00:00:00:00:01 && eth.dst == 02:00:00:00:00:03`);
    expect(outputs(t)).toEqual([]);
    const toVtep = await sb.trace('ls0', 'inport == "vm1" && eth.src == 02:ac:10:ff:00:22 && eth.dst == 02:00:00:00:00:03');
    expect(outputs(toVtep)).toEqual([`evpn-10-${VTEPS[1]}`]);
  });
});
