// Step 5 of the OVN <-> OVN demo: each daemon's `neighbor list` and `route list`, the OVN objects each
// one made, then pings vm1 <-> vm2 (and h1 <-> both VMs with site X) while site Y's underlay port is
// captured, and a check that VXLAN VNI 10 carried the echoes between the two clouds both ways.
import type { Host } from '../lab/hosts.js';
import type { StepReporter } from '../lab/steps.js';
import { checkEchoesCrossed, pingCaptured, showCommand, type DemoCheckResult } from './demo-checks.js';
import type { OvnOvnDemo } from './ovn-ovn-lab.js';
import { describeEvpnObjects, readEvpnObjects } from './site-y-state.js';

/** Shows both clouds' state, then pings and captures; failed checks are recorded in steps. */
export async function runOvnOvnChecks(steps: StepReporter, demo: OvnOvnDemo, print: (line: string) => void, count = 5): Promise<DemoCheckResult> {
  const { lab } = demo;
  for (const cloud of demo.clouds) {
    await showCommand(cloud, ['neighbor', 'list'], print, `${cloud.label}: `);
    await showCommand(cloud, ['route', 'list'], print, `${cloud.label}: `);
    print(`  what the daemon programmed on site ${cloud.label}:`);
    for (const line of describeEvpnObjects(await readEvpnObjects(cloud.site))) print(`    ${line}`);
  }
  const [vm1, vm2] = [demo.host('vm1'), demo.host('vm2')];
  const pairs: [Host, Host][] = [[vm1, vm2], [vm2, vm1]];
  if (lab.hosts.h1) {
    const h1 = demo.host('h1');
    pairs.push([h1, vm1], [vm1, h1], [h1, vm2], [vm2, h1]);
  }
  const result = await pingCaptured(steps, { run: lab.run, netns: lab.y.netns, iface: lab.y.plan.underlayIface }, [vm1, vm2], pairs, count);
  checkEchoesCrossed(steps, result, { label: 'Y', vtepIp: lab.y.vtepIp }, { label: 'Y2', vtepIp: lab.y2.vtepIp }, lab.vni, count);
  return result;
}
