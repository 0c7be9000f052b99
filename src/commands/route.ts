// evpnctl route list
import type { Command } from 'commander';
import { parseUint, parseVni } from '../core/model/validate.js';
import { arg, examples, type CliContext } from './context.js';
import * as render from './render.js';

const parseRouteType = (v: unknown) => parseUint('route type', v, 1, 5) as 1 | 2 | 3 | 4 | 5;

export function register(program: Command, ctx: CliContext): void {
  const route = program.command('route').description('show EVPN routes (local and received)');

  route
    .command('list')
    .description('list EVPN routes: type, RD, ESI, etag, MAC, IP, VNI, next hop, RTs, MAC mobility seq, best, used for OVN, from')
    .option('--vni <N>', 'only routes imported into this VNI', arg(parseVni))
    .option('--type <1..5>', 'only this route type (2 = MAC/IP, 3 = inclusive multicast)', arg(parseRouteType))
    .addHelpText('after', examples('evpnctl route list', 'evpnctl route list --vni 10 --type 2', "evpnctl route list --json | jq '.[] | select(.used)'"))
    .action(async (o: { vni?: number; type?: 1 | 2 | 3 | 4 | 5 }, cmd: Command) => {
      const req = { type: 'route.list' as const, ...(o.vni !== undefined && { vni: o.vni }), ...(o.type !== undefined && { routeType: o.type }) };
      await ctx.call(cmd, req, render.routes);
    });
}
