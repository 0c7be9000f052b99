// The NB monitor against a real ovsdb-server: VM ports added with plain ovn-nbctl are reported (and
// their removal), EVPN ports and unmapped switches are not, and a killed server is survived.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/core/errors.js';
import type { LocalMacEvent } from '../../../src/core/ovn/local-ports.js';
import { OvnMonitor } from '../../../src/core/ovn/monitor.js';
import { eventually } from '../../support/eventually.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';

describe('OvnMonitor on a real NB database', () => {
  let sb: OvsSandbox;
  let mon: OvnMonitor;
  const events: LocalMacEvent[] = [];
  const brief = () => events.map((e) => `${e.type} ${e.mac.logicalSwitch} ${e.mac.port} ${e.mac.mac} ${e.mac.ips.join(',')}`);

  beforeAll(async () => {
    sb = await OvsSandbox.start();
    await sb.nbctl('ls-add', 'ls0', '--', 'ls-add', 'ls1');
    await sb.nbctl('lsp-add', 'ls0', 'vm0', '--', 'lsp-set-addresses', 'vm0', '02:00:00:00:00:a0 10.0.0.160');
    mon = new OvnMonitor({ nbDb: sb.nbDb, onEvent: (e) => events.push(e), backoff: { initialMs: 50, maxMs: 400 } });
    mon.setSwitches(['ls0']);
    mon.start();
    await mon.ready();
  });

  afterAll(async () => {
    await mon?.stop();
    await sb?.stop();
  });

  it('reports the VM ports that exist at start', () => {
    expect(brief()).toEqual(['local-mac-added ls0 vm0 02:00:00:00:00:a0 10.0.0.160']);
    expect(mon.status().state).toBe('ok');
  });

  it('reports a VM port added with plain ovn-nbctl, its update and its removal', async () => {
    events.length = 0;
    await sb.nbctl('lsp-add', 'ls0', 'vm1', '--', 'lsp-set-addresses', 'vm1', '02:AC:10:FF:00:22 10.0.0.22 fd00::22', 'unknown');
    await eventually(() => expect(brief()).toEqual(['local-mac-added ls0 vm1 02:ac:10:ff:00:22 10.0.0.22,fd00::22']), 3000);
    events.length = 0;
    await sb.nbctl('lsp-set-addresses', 'vm1', '02:ac:10:ff:00:22 10.0.0.23');
    await eventually(() => expect(brief()).toEqual(['local-mac-updated ls0 vm1 02:ac:10:ff:00:22 10.0.0.23']), 3000);
    events.length = 0;
    await sb.nbctl('lsp-del', 'vm1');
    await eventually(() => expect(brief()).toEqual(['local-mac-removed ls0 vm1 02:ac:10:ff:00:22 10.0.0.23']), 3000);
  });

  it('ignores EVPN ports, non-VM ports, address-less ports and unmapped switches', async () => {
    events.length = 0;
    await sb.nbctl('lsp-add', 'ls0', 'evpn-10-192.168.100.1', '--', 'lsp-set-addresses', 'evpn-10-192.168.100.1', '02:00:00:00:00:01 10.0.0.1', 'unknown',
      '--', 'set', 'Logical_Switch_Port', 'evpn-10-192.168.100.1', 'external_ids:evpnctl-managed=true');
    await sb.nbctl('lsp-add', 'ls0', 'lr-port', '--', 'lsp-set-type', 'lr-port', 'router', '--', 'lsp-set-addresses', 'lr-port', 'router');
    await sb.nbctl('lsp-add', 'ls0', 'bare');
    await sb.nbctl('lsp-add', 'ls1', 'elsewhere', '--', 'lsp-set-addresses', 'elsewhere', '02:00:00:00:00:02 10.1.0.2');
    // A sentinel after them: once it shows, the others would have shown too.
    await sb.nbctl('lsp-add', 'ls0', 'sentinel', '--', 'lsp-set-addresses', 'sentinel', '02:00:00:00:00:99');
    await eventually(() => expect(brief()).toEqual(['local-mac-added ls0 sentinel 02:00:00:00:00:99 ']), 3000);
  });

  it('watches our own EVPN ports by their mark: hundreds joining a mapped switch restart no monitor, a VM port after them is reported', async () => {
    events.length = 0;
    const spawns = mon.spawns();
    const cmds: string[] = [];
    for (let i = 0; i < 300; i++) {
      cmds.push('--', 'lsp-add', 'ls0', `evpn-bulk-${i}`, '--', 'set', 'Logical_Switch_Port', `evpn-bulk-${i}`, 'external_ids:evpnctl-managed=true');
    }
    await sb.nbctl(...cmds.slice(1));
    await sb.nbctl('lsp-add', 'ls0', 'vm-after', '--', 'lsp-set-addresses', 'vm-after', '02:00:00:00:00:c1 10.0.0.193');
    await eventually(() => expect(brief()).toEqual(['local-mac-added ls0 vm-after 02:00:00:00:00:c1 10.0.0.193']), 3000);
    // Only the VM port was a member the condition did not cover yet: one restart of the LSP monitor.
    expect(mon.spawns() - spawns).toBe(1);
  });

  it('reports a newly mapped switch by uuid', async () => {
    events.length = 0;
    const uuid = (await sb.nbctl('--bare', '--columns=_uuid', 'find', 'Logical_Switch', 'name=ls1')).trim();
    mon.setSwitches(['ls0', uuid]);
    await eventually(() => expect(brief()).toEqual([`local-mac-added ${uuid} elsewhere 02:00:00:00:00:02 10.1.0.2`]), 3000);
  });

  it('survives a killed NB server: degraded, then back with only the real changes reported', async () => {
    events.length = 0;
    await sb.killNb();
    await eventually(() => expect(mon.status().state).toBe('degraded'), 5000);
    await sb.startNb();
    await sb.nbctl('lsp-add', 'ls0', 'vm2', '--', 'lsp-set-addresses', 'vm2', '02:00:00:00:00:b2 10.0.0.178');
    await eventually(() => expect(brief()).toEqual(['local-mac-added ls0 vm2 02:00:00:00:00:b2 10.0.0.178']), 8000);
    await eventually(() => expect(mon.status()).toEqual({ state: 'ok', lastError: null }), 3000);
  });

  it('resolves ports by name and uuid, and says when there is none', async () => {
    const byName = await mon.resolvePort('vm2');
    expect(byName).toMatchObject({ port: 'vm2', switchName: 'ls0', macs: [{ mac: '02:00:00:00:00:b2', ips: ['10.0.0.178'] }] });
    const byUuid = await mon.resolvePort(byName.uuid);
    expect(byUuid.port).toBe('vm2');
    await expect(mon.resolvePort('no-such-port')).rejects.toBeInstanceOf(NotFoundError);
  });
});
