// The static lab as a sequence of reported steps (what `lab up` runs): build the sites, program EVPN by
// hand, then prove the data plane: first reply, pings both ways, a 1400-byte DF ping (MTU budget),
// and VNI 10 on the underlay in both directions. Returns the lab, still up, for the caller to keep or tear down.
import { ping } from './hosts.js';
import type { StepReporter } from './steps.js';
import { installStaticEvpn } from './topology/static-evpn.js';
import { buildTwoSiteLab, type TwoSiteLab } from './topology/two-site.js';
import { captureVxlan, waitReachable } from './topology/verify.js';
import type { Host } from './hosts.js';
import { LabError } from './errors.js';
import type { LabRun } from './run.js';

/** Options of the static lab. */
export interface StaticLabOptions {
  thirdSite?: boolean;
}

/**
 * Builds and checks the static lab step by step inside labRun, which the caller owns (and tears down, also
 * when this throws). Throws on the first failed build step; failed checks are recorded in steps.
 */
export async function runStaticLab(steps: StepReporter, labRun: LabRun, o: StaticLabOptions = {}): Promise<TwoSiteLab> {
  const lab = await steps.step(`build ${o.thirdSite ? 'three' : 'two'}-site lab (netns, underlay, OVS+OVN, kernel VTEPs)`,
    () => buildTwoSiteLab({ thirdSite: o.thirdSite ?? false, run: labRun }), (l) => `run ${l.run.id}`);
  {
    const kernelSites = lab.x2 ? [lab.x, lab.x2] : [lab.x];
    await steps.step('static EVPN: vxlan port + LSP on Y, FDB on X', () => installStaticEvpn(lab.y, kernelSites, lab.vni),
      (ports) => ports.map((p) => `${p.port}→${p.lsp}`).join(', '));
    const h1 = host(lab, 'h1');
    const vm1 = host(lab, 'vm1');
    const { packets } = await captureVxlan(lab.run, lab.x.netns, lab.x.plan.underlayIface, 'up.pcap', async () => {
      await steps.step('first echo reply h1 → vm1 (waits for ovn-controller flows)', () => waitReachable(h1, vm1.ip), (ms) => `${Math.round(ms)} ms`);
      await pingStep(steps, h1, vm1);
      await pingStep(steps, vm1, h1);
      const big = await steps.step('ping h1 → vm1, 1400 bytes, DF set', () => ping(h1, vm1.ip, { size: 1372, dontFragment: true }));
      steps.check('1400-byte DF ping fits the MTU budget', big.received === big.transmitted && big.transmitted > 0, `${big.received}/${big.transmitted}`);
      if (lab.x2) {
        const h1b = host(lab, 'h1b');
        await pingStep(steps, h1b, vm1);
        await pingStep(steps, h1b, h1);
      }
    });
    const xToY = packets.filter((p) => p.src === lab.x.vtepIp && p.dst === lab.y.vtepIp && p.vni === lab.vni && p.inner === 'icmp').length;
    const yToX = packets.filter((p) => p.src === lab.y.vtepIp && p.dst === lab.x.vtepIp && p.vni === lab.vni && p.inner === 'icmp').length;
    steps.check(`underlay carries VNI ${lab.vni} both ways (tshark on ${lab.x.plan.underlayIface})`, xToY > 0 && yToX > 0,
      `${xToY} ICMP packets X→Y, ${yToX} Y→X, ${packets.length} VXLAN packets in all`);
    return lab;
  }
}

async function pingStep(steps: StepReporter, from: Host, to: Host): Promise<void> {
  const r = await steps.step(`ping ${from.name} → ${to.name} (${to.ip})`, () => ping(from, to.ip));
  steps.check(`${from.name} → ${to.name}: every echo answered`, r.received === r.transmitted && r.transmitted > 0, `${r.received}/${r.transmitted}`);
}

function host(lab: TwoSiteLab, name: string): Host {
  const h = lab.hosts[name];
  if (!h) throw new LabError(`expected host ${name} in the lab, have ${Object.keys(lab.hosts).join(', ')}`);
  return h;
}
