// evpnctl mac list: the MAC table of each EVI (FRR's `show evpn mac vni`).
import type { Command } from 'commander';
import { parseMac, parseVni } from '../core/model/validate.js';
import { arg, examples, type CliContext } from './context.js';
import * as render from './render.js';

export function register(program: Command, ctx: CliContext): void {
  const mac = program.command('mac').description('the MAC tables of the EVPN instances');

  mac
    .command('list')
    .description('list MACs: IPs, local or remote, VTEP, local/remote MAC Mobility sequence, sticky, frozen as duplicate')
    .option('--vni <N>', 'only this VNI', arg(parseVni))
    .option('--mac <MAC>', 'only this MAC', arg(parseMac))
    .addHelpText('after', examples('evpnctl mac list', 'evpnctl mac list --vni 10', "evpnctl mac list --json | jq '.[] | select(.duplicate)'"))
    .action(async (o: { vni?: number; mac?: string }, cmd: Command) =>
      ctx.call(cmd, { type: 'mac.list', ...(o.vni !== undefined && { vni: o.vni }), ...(o.mac !== undefined && { mac: o.mac }) }, render.macs));
}
