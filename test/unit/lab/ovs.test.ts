import { describe, expect, it } from 'vitest';
import { quoteOvsdb } from '../../../src/lab/ovs.js';
import { ovsOvnDirs, ovsOvnEnv, ovnNbRemote, ovsDbRemote } from '../../../src/lab/ovs-env.js';

describe('OVS helpers', () => {
  it('quotes only values that ovs-vsctl would otherwise split or misread', () => {
    expect(quoteOvsdb('evpn-10-192.168.100.1')).toBe('evpn-10-192.168.100.1');
    expect(quoteOvsdb('02:00:c0:a8:64:02')).toBe('"02:00:c0:a8:64:02"');
    expect(quoteOvsdb('unix:/tmp/x.sock')).toBe('"unix:/tmp/x.sock"');
  });

  it('points every OVS_* and OVN_* directory of the environment into the run dir', () => {
    const d = ovsOvnDirs('/tmp/evpnctl-lab-abcdef/site-y');
    const env = ovsOvnEnv(d);
    expect(ovsDbRemote(d)).toBe('unix:/tmp/evpnctl-lab-abcdef/site-y/ovs/db.sock');
    expect(ovnNbRemote(d)).toBe('unix:/tmp/evpnctl-lab-abcdef/site-y/ovn/ovnnb_db.sock');
    for (const [k, v] of Object.entries(env)) {
      if (k === 'OVS_PKGDATADIR') continue;
      expect(`${k}=${v}`).toMatch(/^[A-Z_]+=(unix:)?\/tmp\/evpnctl-lab-abcdef\/site-y\//);
    }
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['OVS_RUNDIR', 'OVN_RUNDIR', 'OVN_NB_DB', 'OVN_SB_DB']));
  });
});
