// evpnctl mac clear-duplicate: lifts the freeze duplicate detection put on a MAC (RFC 7432 §15.1), like
// FRR's `clear evpn dup-addr vni N mac M`. The `mac` noun is shared with `mac list` (mac.ts), so this file
// adds its verb to the `mac` command if one is registered already.
import type { Command } from 'commander';
import { parseMac, parseVni } from '../core/model/validate.js';
import { arg, examples, type CliContext } from './context.js';
import * as render from './render.js';

export function register(program: Command, ctx: CliContext): void {
  const mac = program.commands.find((c) => c.name() === 'mac') ?? program.command('mac').description('per-VNI MAC table and duplicate MACs');
  mac
    .command('clear-duplicate')
    .description('unfreeze a MAC that duplicate detection froze (5 moves in 180 s, RFC 7432 §15.1); MAC mobility places it again')
    .requiredOption('--vni <N>', 'VNI of the MAC', arg(parseVni))
    .requiredOption('--mac <MAC>', 'the frozen MAC', arg(parseMac))
    .addHelpText('after', examples('evpnctl mac clear-duplicate --vni 10 --mac 02:ac:10:ff:00:11', 'evpnctl network show 10 --json | jq .duplicateMacs'))
    .action(async (o: { vni: number; mac: string }, cmd: Command) =>
      ctx.call(cmd, { type: 'mac.clear-duplicate', vni: o.vni, mac: o.mac }, render.changed(render.network)));
}
