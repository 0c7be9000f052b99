// `npm run demo -- --ha`: issue 10's two-gateway lab. Two `evpnctl daemon --ha-group gw` on gateways G1 and G2
// against a 3-member clustered NB, vm1 on compute chassis C, FRR site X with h1. Steps: the lab, both daemons
// configured alike with evpnctl commands, one active and one standby, ping both ways through the active, then a
// kill -9 of the active under a 0.1 s ping both ways: the standby takes over and the pings go on.
import type { StatusView } from '../core/model/views.js';
import { ping } from '../lab/hosts.js';
import { floodVteps } from '../lab/kernel-vtep.js';
import type { LabRun } from '../lab/run.js';
import type { StepReporter } from '../lab/steps.js';
import { sleep, waitUntil } from '../lab/wait.js';
import { buildHaLab, type ChassisSite, type HaLab } from '../lab/topology/ha-lab.js';
import { learnHost } from '../lab/topology/kernel-site.js';
import { SITE_X } from '../lab/topology/plan.js';
import { waitReachable } from '../lab/topology/verify.js';
import { waitEstablished } from './convergence.js';
import { startEvpnctlDaemon, type EvpnctlDaemon } from './daemon-process.js';
import { evpnctlStep } from './demo-steps.js';

/** Echoes a failover may lose each way (the bound). */
export const HA_MAX_LOST = 10;

type Gateway = 'g1' | 'g2';

/** Builds the HA lab in labRun (the caller owns teardown) and runs the steps and checks. */
export async function runHaDemo(steps: StepReporter, labRun: LabRun, out: (line: string) => void): Promise<void> {
  const lab = await steps.step('build the lab: 3-member clustered NB + SB + northd, gateways G1 and G2 (OVS netdev + ovn-controller), compute C with vm1, FRR site X with h1',
    () => buildHaLab({ run: labRun, frrNeighbor: { keepaliveS: 2, holdS: 6 } }), (l) => `run ${l.run.id}, NB ${l.cluster.tcpRemotes}`);
  await learnHost(lab.x, lab.hosts.h1);
  const daemons = {} as Record<Gateway, EvpnctlDaemon>;
  for (const [g, site] of [['g1', lab.g1], ['g2', lab.g2]] as const) {
    daemons[g] = await steps.step(`start \`evpnctl daemon --ha-group gw --ovn-nb-db <the 3 NB members>\` on ${site.plan.systemId} (${site.plan.vtepIp})`,
      () => startEvpnctlDaemon(labRun, site, { name: g, extraArgs: ['--ha-group', 'gw'] }), (d) => `pid ${d.process.pid}`);
    await configure(steps, daemons[g], site, lab);
  }
  const role = async (g: Gateway) => (await daemons[g].cli.json<StatusView>(['status'])).ha;
  const siteOf = (g: Gateway): ChassisSite => (g === 'g1' ? lab.g1 : lab.g2);
  await steps.step('one active, one standby (evpnctl status)', () => waitUntil('one active and one standby', async () => {
    const r = [await role('g1'), await role('g2')];
    return { ok: r.filter((x) => x.role === 'active').length === 1 && r.filter((x) => x.role === 'standby').length === 1, seen: r.map((x) => x.role) };
  }, { timeoutMs: 20_000 }));
  // Usually G1, started first; whichever won the lock is the active.
  const active: Gateway = (await role('g1')).role === 'active' ? 'g1' : 'g2';
  steps.check('the active gateway', true, `${siteOf(active).plan.systemId} active, ${siteOf(active === 'g1' ? 'g2' : 'g1').plan.systemId} standby`);
  const standby: Gateway = active === 'g1' ? 'g2' : 'g1';
  await steps.step('both BGP sessions Established (the standby keeps its session)', async () => {
    await waitEstablished(daemons.g1.cli);
    await waitEstablished(daemons.g2.cli);
  });
  await steps.step(`site X floods to the active gateway only (${siteOf(active).plan.vtepIp}): the standby advertises nothing`, () => waitFlood(lab, siteOf(active).plan.vtepIp));
  await steps.step('h1 <-> vm1 through the active gateway and Geneve to C', async () => {
    await waitReachable(lab.hosts.h1, lab.hosts.vm1.ip, 30_000);
    return waitReachable(lab.hosts.vm1, lab.hosts.h1.ip, 30_000);
  }, (ms) => `${Math.round(ms)} ms`);
  const status = await daemons[standby].cli.run(['status']);
  out('  $ evpnctl status   (on the standby)');
  for (const line of status.result.stdout.trimEnd().split('\n')) out(`    ${line}`);
  const count = 100;
  const pinging = Promise.all([ping(lab.hosts.h1, lab.hosts.vm1.ip, { count, intervalS: 0.1, waitS: 1 }), ping(lab.hosts.vm1, lab.hosts.h1.ip, { count, intervalS: 0.1, waitS: 1 })]);
  await sleep(1000);
  const t0 = performance.now();
  await steps.step(`kill -9 the active daemon (${siteOf(active).plan.systemId}) under a 0.1 s ping both ways`, () => daemons[active].kill9());
  await steps.step(`${siteOf(standby).plan.systemId} takes the group's lock and becomes active`, () => waitUntil('the standby to be active', async () => {
    const r = await role(standby);
    return { ok: r.role === 'active', seen: r };
  }, { timeoutMs: 20_000, intervalMs: 50 }), () => `${Math.round(performance.now() - t0)} ms after the kill`);
  await steps.step(`site X floods to ${siteOf(standby).plan.vtepIp} now`, () => waitFlood(lab, siteOf(standby).plan.vtepIp));
  const [a, b] = await pinging;
  const lost = [a.transmitted - a.received, b.transmitted - b.received];
  steps.check(`at most ${HA_MAX_LOST} echoes lost each way`, lost.every((n) => n <= HA_MAX_LOST),
    `h1 -> vm1 ${lost[0]}/${a.transmitted} lost, vm1 -> h1 ${lost[1]}/${b.transmitted} lost`);
}

async function configure(steps: StepReporter, d: EvpnctlDaemon, site: ChassisSite, lab: HaLab): Promise<void> {
  const label = site.plan.systemId;
  await evpnctlStep(steps, d.cli, `${label}:`, ['speaker', 'add', '--as', '65000', '--router-id', site.plan.vtepIp]);
  await evpnctlStep(steps, d.cli, `${label}:`, ['neighbor', 'add', SITE_X.vtepIp, '--remote-as', '65000', '--hold-time', '6']);
  await evpnctlStep(steps, d.cli, `${label}:`, ['network', 'add', '--vni', '10', '--logical-switch', lab.logicalSwitch]);
}

function waitFlood(lab: HaLab, vtep: string): Promise<void> {
  return waitUntil(`site X to flood to ${vtep} only`, async () => {
    const f = await floodVteps(lab.x.vtep);
    return { ok: f.join(',') === vtep, seen: f };
  }, { timeoutMs: 30_000 });
}
