// `npm run demo [-- up] [--keep] [--keep-logs] [--three] [--logical-switch] [--auto-advertise] [--ovn-ovn] [--ha]`,
// `npm run demo -- down [RUN_ID]`, `npm run demo -- ping RUN_ID HOST TARGET`: the two-site EVPN-VXLAN demo.
// A program entry: it sets process.exitCode (0 PASS/ok, 1 FAIL or error, 2 usage) and never calls exit.
import { Command } from 'commander';
import { runProgram } from '../lab/program-entry.js';
import { icmpPing } from '../lab/icmp-ping.js';
import { netnsName, parseRunId } from '../lab/names.js';
import { netnsExists } from '../lab/netns.js';
import { downDemoRun } from './kept-runs.js';
import { runDemo, type DemoRunOptions } from './run-demo.js';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

interface UpFlags {
  keep?: boolean;
  keepLogs?: boolean;
  three?: boolean;
  logicalSwitch?: boolean;
  autoAdvertise?: boolean;
  ovnOvn?: boolean;
  ha?: boolean;
}

const program = new Command('demo')
  .description('EVPN-VXLAN between an FRR VTEP and OVN (or two OVN sites) driven by evpnctl, in network namespaces: build, configure, ping, PASS/FAIL')
  .exitOverride((err) => {
    throw err;
  });

program.command('up', { isDefault: true })
  .description('build the lab, run the five evpnctl steps, ping both ways; tear down unless --keep')
  .option('--keep', 'leave the lab running and print how to use it (tear down later with `down <id>`)')
  .option('--keep-logs', 'keep the run directory (logs, pcaps, daemon state) after a passing run')
  .option('--three', 'add site X2 (a second FRR VTEP with h1b) as a second neighbor; with --ovn-ovn, site X (FRR VTEP with h1) as a third VTEP')
  .option('--logical-switch', 'map a plain OVN logical switch (--logical-switch) instead of a Neutron network (--network-id)')
  .option('--auto-advertise', 'skip step 4 (client add): rely on the daemon finding vm1 on the switch')
  .option('--ovn-ovn', 'two OVN sites (Y with vm1, Y2 with vm2), each with its own evpnctl daemon, instead of FRR <-> OVN')
  .option('--ha', 'two gateway chassis in one HA group on a clustered NB: one active, one standby, then a kill -9 of the active')
  .action(async (f: UpFlags) => {
    if (f.ovnOvn && (f.logicalSwitch || f.autoAdvertise)) {
      out('--logical-switch and --auto-advertise apply to the FRR <-> OVN demo; --ovn-ovn maps a Neutron network on each site and always relies on auto-advertise');
      process.exitCode = 2;
      return;
    }
    if (f.ha && (f.keep || f.ovnOvn || f.three || f.logicalSwitch || f.autoAdvertise)) {
      out('--ha runs its own lab through a failover and tears it down: it takes none of --keep, --ovn-ovn, --three, --logical-switch, --auto-advertise');
      process.exitCode = 2;
      return;
    }
    const o: DemoRunOptions = {
      ha: f.ha ?? false,
      keep: f.keep ?? false, keepLogs: f.keepLogs ?? false, thirdSite: f.three ?? false, ovnOvn: f.ovnOvn ?? false,
      switchMode: f.logicalSwitch ? 'logical-switch' : 'network-id', explicitClient: !f.autoAdvertise,
    };
    process.exitCode = (await runDemo(out, o)).ok ? 0 : 1;
  });

program.command('down').argument('[run-id]', 'the demo run to remove (default: every kept or failed demo run)')
  .description('stop the processes, delete the netns and remove the directory of a demo run')
  .action(async (id?: string) => {
    const r = await downDemoRun(id);
    for (const line of r.lines) out(line);
    process.exitCode = r.ok ? 0 : 1;
  });

program.command('ping').argument('<run-id>').argument('<host>', 'h1, vm1, h1b or vm2').argument('<target>', 'IPv4 address')
  .option('-c, --count <n>', 'echo requests', '3')
  .description('ping from a host of a kept lab without iputils-ping (ICMP over a raw socket in python3, as the lab does)')
  .action(async (id: string, host: string, target: string, f: { count: string }) => {
    const ns = netnsName(parseRunId(id), host);
    if (!(await netnsExists(ns))) {
      out(`no netns ${ns}: is run ${id} up (npm run demo -- --keep)?`);
      process.exitCode = 1;
      return;
    }
    const r = await icmpPing(ns, target, { count: Number(f.count), intervalS: 1 });
    for (const [i, rtt] of r.rttsMs.entries()) out(`reply ${i + 1} from ${target}: time=${rtt.toFixed(2)} ms`);
    out(`${r.transmitted} transmitted, ${r.received} received${r.errors.length ? `, errors: ${r.errors.join('; ')}` : ''}`);
    process.exitCode = r.received > 0 ? 0 : 1;
  });

await runProgram(program);
