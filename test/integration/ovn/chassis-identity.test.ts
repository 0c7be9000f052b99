// The chassis name comes from the local OVS's external_ids:system-id, on a real conf.db.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localChassisName } from '../../../src/core/ovn/chassis-identity.js';
import { OvnExec } from '../../../src/core/ovn/exec.js';
import { execaRunner } from '../../../src/core/ovn/process-runner.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';

describe('localChassisName on a real OVS database', () => {
  let sb: OvsSandbox;
  let exec: OvnExec;
  beforeAll(async () => {
    sb = await OvsSandbox.start();
    exec = new OvnExec({ runner: execaRunner, ovsDb: sb.ovsDb, nbDb: sb.nbDb });
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('says how to fix a missing system-id', async () => {
    await sb.vsctl('--if-exists', 'remove', 'Open_vSwitch', '.', 'external_ids', 'system-id');
    await expect(localChassisName(exec)).rejects.toThrow(/expected external_ids:system-id .* got none: set it with `ovs-vsctl set Open_vSwitch \. external_ids:system-id=NAME` or pass --chassis NAME/);
  });

  it('reads the system-id ovn-controller uses, with characters that ovs-vsctl would quote', async () => {
    await sb.vsctl('set', 'Open_vSwitch', '.', 'external_ids:system-id="gw-1.example:a"', 'external_ids:hostname=gw1');
    expect(await localChassisName(exec)).toBe('gw-1.example:a');
  });

  it('refuses a system-id that is no usable chassis name', async () => {
    await sb.vsctl('set', 'Open_vSwitch', '.', 'external_ids:system-id="a b"');
    await expect(localChassisName(exec)).rejects.toThrow(/invalid chassis name "a b"/);
  });
});
