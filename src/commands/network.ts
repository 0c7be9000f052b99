// evpnctl network add|list|show|del
import { Option, type Command } from 'commander';
import { parseName, parseRd, parseRt, parseUuid, parseVni } from '../core/model/validate.js';
import { networkSpec } from '../core/api/inputs.js';
import { arg, argList, examples, type CliContext } from './context.js';
import * as render from './render.js';

interface AddFlags {
  vni: number; networkId?: string; logicalSwitch?: string; rd?: string; importRt?: string[]; exportRt?: string[];
  floodUnknown?: boolean; mayExist?: boolean;
}

interface SetFlags { vni: number; rd?: string; importRt?: string[]; exportRt?: string[]; floodUnknown?: boolean }

/** A repeatable RT option for `set`: "auto" alone means the automatic RTs (an empty list). */
const rtList = (value: string, prev: string[] | undefined): string[] => (value === 'auto' ? [...(prev ?? [])] : argList(parseRt)(value, prev));

export function register(program: Command, ctx: CliContext): void {
  const network = program.command('network').description('map VNIs to OVN logical switches (EVPN instances)');

  network
    .command('add')
    .description('stretch an OVN logical switch over EVPN-VXLAN as VNI N')
    .requiredOption('--vni <N>', 'VXLAN network identifier, 1..16777215', arg(parseVni))
    .addOption(new Option('--network-id <UUID>', 'Neutron network id; the logical switch is neutron-<UUID>').argParser(arg(parseUuid)).conflicts('logicalSwitch'))
    .addOption(new Option('--logical-switch <NAME>', 'OVN logical switch name or uuid (plain OVN)').argParser(arg(parseName)))
    .option('--rd <RD>', 'route distinguisher, IP:n or AS:n (default: <router-id>:<index>)', arg(parseRd))
    .option('--import-rt <RT>', 'route target to import, matched exactly, repeatable (default: automatic, the VNI from any AS: *:<VNI>, as FRR)', argList(parseRt))
    .option('--export-rt <RT>', 'route target to attach to our routes, repeatable (default: <AS>:<VNI>)', argList(parseRt))
    .option('--no-flood-unknown', 'do not add "unknown" to EVPN ports: no unknown-unicast flooding to remote VTEPs (broadcast and multicast still go), and OVN\'s ARP responder answers for remote IPs (OVN skips it on ports with "unknown")')
    .option('--may-exist', 'succeed if an identical network exists')
    .addHelpText('after', examples(
      'evpnctl network add --vni 10 --network-id 7d29da33-5d12-4c04-95de-1672709ae946',
      'evpnctl network add --vni 20 --logical-switch ls0 --import-rt 65000:20 --export-rt 65000:20',
    ))
    .action(async (o: AddFlags, cmd: Command) => {
      const input = {
        vni: o.vni, networkId: o.networkId, logicalSwitch: o.logicalSwitch, rd: o.rd, importRts: o.importRt, exportRts: o.exportRt,
        floodUnknown: o.floodUnknown,
      };
      networkSpec(input); // the daemon's own rules, checked before connecting: e.g. one of --network-id/--logical-switch
      // The warning goes with the table; under --json, switchStatus says the same. (ctx.call, not callData:
      // config apply captures the request through call.)
      await ctx.call(cmd, { type: 'network.add', input, mayExist: o.mayExist === true }, (out, v) => {
        if (v.switchStatus === 'waiting for logical switch') {
          ctx.io.stderr(`evpnctl: warning: logical switch ${v.logicalSwitch} does not exist in the OVN NB; VNI ${v.vni} waits for it (nothing is advertised or programmed until it appears)\n`);
        }
        return render.network(out, v);
      });
    });

  network
    .command('set')
    .description('change a network in place: RD, RTs and flood-unknown; routes are re-advertised, peers asked for ROUTE-REFRESH when the import changes; no session reset')
    .requiredOption('--vni <N>', 'VNI of the network to change', arg(parseVni))
    .option('--rd <RD>', 'route distinguisher, IP:n or AS:n, or "auto" for <router-id>:<index>', (v: string) => (v === 'auto' ? v : arg(parseRd)(v)))
    .option('--import-rt <RT>', 'route target to import, repeatable, replaces the list; "auto" for *:<VNI>', rtList)
    .option('--export-rt <RT>', 'route target to export, repeatable, replaces the list; "auto" for <AS>:<VNI>', rtList)
    .option('--flood-unknown', 'add "unknown" to EVPN ports (unknown unicast flooded to remote VTEPs)')
    .option('--no-flood-unknown', 'drop "unknown" from EVPN ports')
    .addHelpText('after', examples(
      'evpnctl network set --vni 10 --import-rt 65000:10 --import-rt 65001:10',
      'evpnctl network set --vni 10 --rd 192.168.10.20:10',
      'evpnctl network set --vni 10 --no-flood-unknown',
    ))
    .action(async (o: SetFlags, cmd: Command) => {
      const input = { rd: o.rd === 'auto' ? null : o.rd, importRts: o.importRt, exportRts: o.exportRt, floodUnknown: o.floodUnknown };
      await ctx.call(cmd, { type: 'network.set', vni: o.vni, input }, render.changed(render.network));
    });

  network
    .command('list')
    .description('list networks with RD, RTs and MAC/VTEP counts')
    .addHelpText('after', examples('evpnctl network list', 'evpnctl network list --json | jq -r ".[].vni"'))
    .action(async (_o: object, cmd: Command) => ctx.call(cmd, { type: 'network.list' }, render.networks));

  network
    .command('show')
    .description('show one network')
    .argument('<VNI>', 'VNI', arg(parseVni))
    .addHelpText('after', examples('evpnctl network show 10', 'evpnctl network show 10 --json'))
    .action(async (vni: number, _o: object, cmd: Command) => ctx.call(cmd, { type: 'network.show', vni }, render.network));

  network
    .command('del')
    .description('delete a network: withdraw its routes, remove its clients and every OVN/OVS object made for it')
    .argument('<VNI>', 'VNI', arg(parseVni))
    .option('--if-exists', 'succeed if the network does not exist')
    .addHelpText('after', examples('evpnctl network del 10', 'evpnctl network del 10 --if-exists'))
    .action(async (vni: number, o: { ifExists?: boolean }, cmd: Command) =>
      ctx.call(cmd, { type: 'network.del', vni, ifExists: o.ifExists === true }, (_out, v) => render.deleted(`network ${vni}`, v !== null)));
}
