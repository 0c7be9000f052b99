// evpnctl client add|list|del
import type { Command } from 'commander';
import { parseIp, parseMac, parseName, parseVni } from '../core/model/validate.js';
import { clientSpec } from '../core/api/inputs.js';
import { arg, examples, type CliContext } from './context.js';
import * as render from './render.js';

interface AddFlags { vni: number; port: string; mac?: string; ip?: string; mayExist?: boolean }

export function register(program: Command, ctx: CliContext): void {
  const client = program.command('client').description('advertise MAC/IPs explicitly (VM ports are also found automatically)');

  client
    .command('add')
    .description('advertise a MAC (and IP) behind an OVN logical switch port as a type-2 route')
    .requiredOption('--vni <N>', 'VNI of the network', arg(parseVni))
    .requiredOption('--port <LSP>', 'OVN logical switch port name or uuid', arg(parseName))
    .option('--mac <MAC>', 'MAC address (default: the first address of the port in OVN)', arg(parseMac))
    .option('--ip <IP>', 'IPv4 or IPv6 address (default: the port\'s first IP; none gives a MAC-only route)', arg(parseIp))
    .option('--may-exist', 'succeed if an identical client exists')
    .addHelpText('after', examples(
      'evpnctl client add --vni 10 --port 8f93d2ba-527a-44ea-9b4f-3ce2c6067588 --mac 02:ac:10:ff:00:22 --ip 10.0.0.22',
      'evpnctl client add --vni 10 --port vm1',
    ))
    .action(async (o: AddFlags, cmd: Command) => {
      const input = { vni: o.vni, port: o.port, mac: o.mac, ip: o.ip };
      clientSpec(input);
      await ctx.call(cmd, { type: 'client.add', input, mayExist: o.mayExist === true }, render.client);
    });

  client
    .command('list')
    .description('list clients: configured, found on OVN ports, and learned from remote VTEPs')
    .option('--vni <N>', 'only this VNI', arg(parseVni))
    .addHelpText('after', examples('evpnctl client list', 'evpnctl client list --vni 10 --json'))
    .action(async (o: { vni?: number }, cmd: Command) =>
      ctx.call(cmd, o.vni === undefined ? { type: 'client.list' } : { type: 'client.list', vni: o.vni }, render.clients));

  client
    .command('del')
    .description('stop advertising a configured client (its type-2 routes are withdrawn)')
    .requiredOption('--vni <N>', 'VNI of the network', arg(parseVni))
    .requiredOption('--mac <MAC>', 'MAC address', arg(parseMac))
    .option('--if-exists', 'succeed if the client does not exist')
    .addHelpText('after', examples('evpnctl client del --vni 10 --mac 02:ac:10:ff:00:22'))
    .action(async (o: { vni: number; mac: string; ifExists?: boolean }, cmd: Command) =>
      ctx.call(cmd, { type: 'client.del', vni: o.vni, mac: o.mac, ifExists: o.ifExists === true }, (_out, v) => render.deleted(`client ${o.mac} in VNI ${o.vni}`, v !== null)));
}
