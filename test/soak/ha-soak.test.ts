// Issue 10's soak: two gateways of one HA group up together for EVPNCTL_HA_SOAK_S seconds (default 600).
// Nothing may be fought over: the EVPN ports' Port_Binding chassis never changes, and the NB never holds
// managed objects of both chassis for one (VNI, VTEP). Both are watched, not sampled: one `ovsdb-client
// monitor` on SB Port_Binding and one on NB Logical_Switch_Port report every change as it commits.
// scripts/test.sh runs this project in the background beside interop and e2e, so the lab stays light: no
// traffic during the soak, info logs. At the end a kill -9 of the active proves the watchers see a takeover.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapTexts, setTexts } from '../../src/core/ovn/ovsdb-json.js';
import { waitEstablished } from '../../src/demo/convergence.js';
import { run } from '../../src/lab/exec.js';
import { watchTable, type TableWatch } from '../../src/lab/ovsdb-watch.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { sleep, waitUntil } from '../../src/lab/wait.js';
import { learnHost } from '../../src/lab/topology/kernel-site.js';
import { buildHaLab, type HaLab } from '../../src/lab/topology/ha-lab.js';
import { waitReachable } from '../../src/lab/topology/verify.js';
import { HaGateways, X_VTEP } from '../support/ha-gateways.js';
import { downAndVerify, keepLabLogs } from '../support/lab-teardown.js';

const EVPN_PORT = `evpn-10-${X_VTEP}`;
const SOAK_S = Number(process.env.EVPNCTL_HA_SOAK_S ?? 600);
if (!Number.isFinite(SOAK_S) || SOAK_S <= 0) throw new Error(`EVPNCTL_HA_SOAK_S: expected a positive number of seconds, got ${JSON.stringify(process.env.EVPNCTL_HA_SOAK_S)}`);

/** What the SB watcher counted: moves of an EVPN port's binding (chassis uuid, '' when unbound). */
class BindingLog {
  readonly chassis = new Map<string, string>();
  readonly changes: string[] = [];

  onUpdate(rows: ReadonlyMap<string, Record<string, unknown>>): void {
    const now = new Map<string, string>();
    for (const r of rows.values()) {
      const port = typeof r.logical_port === 'string' ? r.logical_port : '';
      if (port.startsWith('evpn-')) now.set(port, setTexts(r.chassis).join(','));
    }
    for (const port of new Set([...this.chassis.keys(), ...now.keys()])) {
      const was = this.chassis.get(port);
      const is = now.get(port);
      if (was !== undefined && was !== is) this.changes.push(`${new Date().toISOString()} ${port}: ${was || '(unbound)'} -> ${is ?? '(deleted)'}`);
      if (is === undefined) this.chassis.delete(port);
      else this.chassis.set(port, is);
    }
  }
}

/** What the NB watcher counted: updates to managed EVPN ports, and moments with two owners for one pair. */
class OwnerLog {
  readonly owners = new Map<string, string[]>();
  readonly bothOwners: string[] = [];

  onUpdate(rows: ReadonlyMap<string, Record<string, unknown>>): void {
    const owners = new Map<string, Set<string>>();
    for (const r of rows.values()) {
      const ids = mapTexts(r.external_ids);
      const vtep = ids['evpnctl-vtep'];
      if (vtep === undefined) continue;
      const pair = `${ids['evpnctl-vni'] ?? '?'}/${vtep}`;
      const set = owners.get(pair) ?? new Set<string>();
      set.add(ids['evpnctl-chassis'] ?? '(no owner)');
      owners.set(pair, set);
    }
    this.owners.clear();
    for (const [pair, set] of owners) {
      this.owners.set(pair, [...set].sort());
      if (set.size > 1) this.bothOwners.push(`${new Date().toISOString()} (VNI/VTEP ${pair}): ${[...set].join(', ')}`);
    }
  }
}

describe(`HA soak: two gateways of one group up for ${SOAK_S} s`, () => {
  let lab: HaLab | undefined;
  const watches: TableWatch[] = [];

  const need = (): HaLab => {
    if (!lab) throw new Error('lab not built');
    return lab;
  };
  const gws = new HaGateways(need, { group: 'soak', prefix: 'soak-', logLevel: 'info' });
  const daemon = (g: 'g1' | 'g2') => gws.daemon(g);
  const chassisUuid = async (name: string) => (await run(['ovn-sbctl', `--db=${need().cluster.sbUnixRemote}`, '--bare', '--columns=_uuid', 'find', 'Chassis', `name=${name}`], { env: need().g1.env })).stdout.trim();
  const sbBinding = async () => (await run(['ovn-sbctl', `--db=${need().cluster.sbUnixRemote}`, '--bare', '--columns=chassis', 'find', 'Port_Binding', `logical_port=${EVPN_PORT}`], { env: need().g1.env })).stdout.trim();

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await buildHaLab({ runOptions: { description: 'soak: HA two gateways', keepDir: keepLabLogs } });
    // scripts/test.sh tears the run down by its id if it has to stop this project by a signal.
    if (process.env.EVPNCTL_SOAK_RUN_ID_FILE) writeFileSync(process.env.EVPNCTL_SOAK_RUN_ID_FILE, lab.run.id);
    await learnHost(lab.x, lab.hosts.h1);
    await gws.startActiveStandby();
    await waitEstablished(daemon('g1').cli, 60_000);
    await waitEstablished(daemon('g2').cli, 60_000);
    await gws.xFloodsTo('g1');
    await waitReachable(lab.hosts.h1, lab.hosts.vm1.ip, 30_000);
    await waitReachable(lab.hosts.vm1, lab.hosts.h1.ip, 30_000);
  });
  afterAll(async () => {
    for (const w of watches) await w.stop();
    await gws.stopAll();
    await downAndVerify(lab);
  });

  it(`the EVPN port binding changes 0 times and no (VNI, VTEP) has objects of both chassis, watched for ${SOAK_S} s`, async () => {
    const l = need();
    const bindings = new BindingLog();
    const owners = new OwnerLog();
    const sb = await watchTable(l.run, {
      name: 'soak-watch-sb', remote: l.cluster.sbUnixRemote, database: 'OVN_Southbound', table: 'Port_Binding',
      columns: ['logical_port', 'chassis'], env: l.g1.env, onUpdate: (rows) => bindings.onUpdate(rows),
    });
    watches.push(sb);
    const nbRemote = l.cluster.members[0]?.unixRemote ?? '';
    const nb = await watchTable(l.run, {
      name: 'soak-watch-nb', remote: nbRemote, database: 'OVN_Northbound', table: 'Logical_Switch_Port',
      columns: ['name', 'external_ids'], env: l.g1.env, onUpdate: (rows) => owners.onUpdate(rows),
    });
    watches.push(nb);
    await sb.ready();
    await nb.ready();
    const gw1 = await chassisUuid('gw1');
    expect(bindings.chassis.get(EVPN_PORT)).toBe(gw1);
    expect(owners.owners.get(`10/${X_VTEP}`)).toEqual(['gw1']);

    const t0 = performance.now();
    for (let left = SOAK_S; left > 0; left -= 60) {
      await sleep(Math.min(60, left) * 1000);
      if (sb.ended !== null || nb.ended !== null) break;
      console.log(`soak ${Math.round((performance.now() - t0) / 1000)} s: ${bindings.changes.length} binding changes, `
        + `${owners.bothOwners.length} moments with two owners, ${sb.updates} SB / ${nb.updates} NB updates seen`);
    }
    const soakedS = Math.round((performance.now() - t0) / 1000);
    const during = { changes: [...bindings.changes], bothOwners: [...owners.bothOwners], sbUpdates: sb.updates, nbUpdates: nb.updates };
    // The watchers ran throughout and agree with a fresh read.
    expect(sb.ended).toBeNull();
    expect(nb.ended).toBeNull();
    expect(bindings.chassis.get(EVPN_PORT)).toBe(await sbBinding());

    // Self-check: a takeover must show up in both watchers (binding to gw2, owner gw2), still never two owners.
    await daemon('g1').kill9();
    await gws.roleIs('g2', 'active');
    const gw2 = await chassisUuid('gw2');
    await waitUntil('the SB watcher to see the EVPN port bound to gw2', async () => ({ ok: bindings.chassis.get(EVPN_PORT) === gw2, seen: bindings.changes }), { timeoutMs: 30_000 });
    await waitUntil('the NB watcher to see gw2 own the pair', async () => {
      const o = owners.owners.get(`10/${X_VTEP}`);
      return { ok: o?.join(',') === 'gw2', seen: o };
    }, { timeoutMs: 30_000 });

    console.log(`HA soak, both daemons up for ${soakedS} s: Port_Binding chassis changes of the EVPN ports ${during.changes.length}, `
      + `moments with managed objects of both chassis for one (VNI, VTEP) ${during.bothOwners.length} `
      + `(watched: ${during.sbUpdates} SB Port_Binding and ${during.nbUpdates} NB Logical_Switch_Port updates); `
      + `then kill -9 of the active: ${bindings.changes.length - during.changes.length} binding change(s) seen `
      + `[${bindings.changes.slice(during.changes.length).join('; ')}], ${owners.bothOwners.length - during.bothOwners.length} moments with two owners`);
    expect(during.changes).toEqual([]);
    expect(during.bothOwners).toEqual([]);
    expect(soakedS).toBeGreaterThanOrEqual(SOAK_S);
    expect(bindings.changes.length).toBeGreaterThan(during.changes.length);
    expect(owners.bothOwners).toEqual([]);
  }, SOAK_S * 1000 + 180_000);
});
