// evpnctl monitor [--json]: what the daemon does, as it happens (gobgp monitor, bgpctl monitor): sessions up
// and down, routes in and out, MAC and VTEP changes handed to OVN, OVN batches. One line per event, NDJSON
// under --json. Runs until interrupted or until the daemon closes the stream.
import type { Command } from 'commander';
import { request } from '../core/control/client.js';
import type { MonitorEvent } from '../core/daemon/monitor-bus.js';
import { examples, type CliContext } from './context.js';

/** One event as a line for people. */
export function monitorLine(e: MonitorEvent): string {
  const t = e.at.slice(11, 23);
  switch (e.kind) {
    case 'session': return `${t} session ${e.neighbor} ${e.event}${e.reason === null ? '' : `: ${e.reason}`}`;
    case 'route': return `${t} route ${e.direction === 'in' ? 'from' : 'to'} ${e.neighbor}: type ${e.routeType} ${e.action}`;
    case 'evpn': return `${t} evpn VNI ${e.vni} ${e.event}${e.mac === null ? '' : ` ${e.mac}`}${e.vtep === null ? '' : ` via ${e.vtep}`}`;
    case 'ovn-batch': return `${t} ovn batch ${e.ok ? 'ok' : 'FAILED'} in ${e.ms} ms`;
  }
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('monitor')
    .description('stream what the daemon does: session changes, routes in and out, MAC/VTEP changes, OVN batches (NDJSON with --json)')
    .addHelpText('after', examples('evpnctl monitor', "evpnctl monitor --json | jq -c 'select(.kind==\"session\")'"))
    .action(async (_o: object, cmd: Command) => {
      const json = cmd.optsWithGlobals<{ json?: boolean }>().json === true;
      const path = await ctx.socketPath(cmd);
      await request(path, { type: 'monitor' }, 0, (item) => {
        const e = item as MonitorEvent;
        ctx.io.stdout(`${json ? JSON.stringify(e) : monitorLine(e)}\n`);
      });
    });
}
