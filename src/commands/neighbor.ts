// evpnctl neighbor add|list|show|del
import type { Command } from 'commander';
import { parseAsn, parseHoldTime, parseIp, parseNeighborAddress, parsePort, parseTtl } from '../core/model/validate.js';
import { arg, examples, type CliContext } from './context.js';
import * as render from './render.js';

interface AddFlags { remoteAs: number; localAddress?: string; port?: number; passive?: boolean; holdTime?: number; ebgpMultihop?: number; mayExist?: boolean }

export function register(program: Command, ctx: CliContext): void {
  const neighbor = program.command('neighbor').description('configure BGP neighbors (L2VPN/EVPN sessions)');

  neighbor
    .command('add')
    .description('add a BGP neighbor; iBGP when its AS equals ours, else eBGP')
    .argument('<ADDRESS>', 'neighbor IPv4 or IPv6 unicast address', arg(parseNeighborAddress))
    .requiredOption('--remote-as <N>', 'neighbor AS number, 1..4294967295', arg(parseAsn))
    .option('--local-address <IP>', 'source address of our connection (update-source)', arg(parseIp))
    .option('--port <N>', 'neighbor TCP port (default: 179)', arg(parsePort))
    .option('--passive', 'never connect; only accept the neighbor\'s connection')
    .option('--hold-time <S>', 'hold time in seconds, 0 or 3..65535 (default: 90)', arg(parseHoldTime))
    .option('--ebgp-multihop <N>', 'TTL for eBGP sessions to non-adjacent neighbors, 1..255', arg(parseTtl))
    .option('--may-exist', 'succeed if an identical neighbor exists')
    .addHelpText('after', examples(
      'evpnctl neighbor add 192.168.10.10 --remote-as 65000',
      'evpnctl neighbor add 2001:db8::1 --remote-as 65001 --ebgp-multihop 2 --hold-time 30',
    ))
    .action(async (address: string, o: AddFlags, cmd: Command) => {
      const input = { address, remoteAs: o.remoteAs, localAddress: o.localAddress, port: o.port, passive: o.passive, holdTime: o.holdTime, ebgpMultihop: o.ebgpMultihop };
      await ctx.call(cmd, { type: 'neighbor.add', input, mayExist: o.mayExist === true }, render.neighbor);
    });

  neighbor
    .command('list')
    .description('list neighbors with session state, uptime and prefix counts')
    .addHelpText('after', examples('evpnctl neighbor list', "evpnctl neighbor list --json | jq -r '.[] | select(.state==\"established\") | .address'"))
    .action(async (_o: object, cmd: Command) => ctx.call(cmd, { type: 'neighbor.list' }, render.neighbors));

  neighbor
    .command('show')
    .description('show one neighbor: state, timers, negotiated capabilities, counters, last error')
    .argument('<ADDRESS>', 'neighbor address', arg(parseIp))
    .addHelpText('after', examples('evpnctl neighbor show 192.168.10.10'))
    .action(async (address: string, _o: object, cmd: Command) => ctx.call(cmd, { type: 'neighbor.show', address }, render.neighbor));

  neighbor
    .command('del')
    .description('delete a neighbor; its session closes with a Cease NOTIFICATION and its routes are withdrawn')
    .argument('<ADDRESS>', 'neighbor address', arg(parseIp))
    .option('--if-exists', 'succeed if the neighbor does not exist')
    .addHelpText('after', examples('evpnctl neighbor del 192.168.10.10'))
    .action(async (address: string, o: { ifExists?: boolean }, cmd: Command) =>
      ctx.call(cmd, { type: 'neighbor.del', address, ifExists: o.ifExists === true }, (_out, v) => render.deleted(`neighbor ${address}`, v !== null)));
}
