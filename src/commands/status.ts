// evpnctl status
import type { Command } from 'commander';
import { examples, type CliContext } from './context.js';
import * as render from './render.js';
import { EXIT } from './exit-codes.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('show the daemon: version, uptime, speaker, session and route counts, BGP and OVN health')
    .option('--verbose', 'also every standing problem and the full text of OVS/OVN errors (argv, expected and got)')
    .addHelpText('after', examples('evpnctl status', 'evpnctl status --verbose', 'evpnctl status --json | jq -r .ovn.state', 'evpnctl status >/dev/null || alert "evpnctl unhealthy"'))
    .addHelpText('after', `\nExits ${EXIT.unhealthy} when BGP or OVN is degraded or a configured neighbor is not established (the output is printed first).\n`)
    .action(async (o: { verbose?: boolean }, cmd: Command) => {
      const s = await ctx.callData(cmd, { type: 'status' }, (out, v) => render.status(out, v, o.verbose === true));
      if (render.unhealthy(s)) ctx.exitCode = EXIT.unhealthy;
    });
}
