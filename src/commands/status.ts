// evpnctl status
import type { Command } from 'commander';
import { examples, type CliContext } from './context.js';
import * as render from './render.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('show the daemon: version, uptime, speaker, session and route counts, BGP and OVN health')
    .addHelpText('after', examples('evpnctl status', 'evpnctl status --json | jq -r .ovn.state'))
    .action(async (_o: object, cmd: Command) => ctx.call(cmd, { type: 'status' }, render.status));
}
