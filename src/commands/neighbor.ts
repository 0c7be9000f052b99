// evpnctl neighbor add|list|show|del
import { Option, type Command } from 'commander';
import { parseAsn, parseHoldTime, parseIp, parseNeighborAddress, parsePort, parseTtl } from '../core/model/validate.js';
import { arg, examples, type CliContext } from './context.js';
import * as render from './render.js';

interface AddFlags { remoteAs: number; localAddress?: string; port?: number; passive?: boolean; holdTime?: number; ebgpMultihop?: number; mayExist?: boolean }

interface SetFlags { remoteAs?: number; localAddress?: string; port?: number; passive?: boolean; holdTime?: number; ebgpMultihop?: number; reset?: boolean }

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
    .command('set')
    .description('change a neighbor in place: hold time, passive and multihop keep the session; remote AS, local address and port reset it')
    .argument('<ADDRESS>', 'neighbor address', arg(parseIp))
    .option('--remote-as <N>', 'neighbor AS number (resets the session)', arg(parseAsn))
    .option('--local-address <IP>', 'source address of our connection, or "none" (resets the session)', (v: string) => (v === 'none' ? v : arg(parseIp)(v)))
    .option('--port <N>', 'neighbor TCP port (resets the session)', arg(parsePort))
    .option('--passive', 'never connect; only accept the neighbor\'s connection')
    .option('--no-passive', 'connect to the neighbor as well as accept')
    .option('--hold-time <S>', 'hold time in seconds, 0 or 3..65535; negotiated in OPEN, so it applies from the next session (RFC 4271 §4.2)', arg(parseHoldTime))
    .option('--ebgp-multihop <N>', 'TTL for eBGP sessions to non-adjacent neighbors, 1..255', arg(parseTtl))
    .option('--reset', 'also reset the session now (Cease / Administrative Reset), e.g. to apply a new hold time at once')
    .addHelpText('after', examples(
      'evpnctl neighbor set 192.168.10.10 --hold-time 30',
      'evpnctl neighbor set 192.168.10.10 --hold-time 30 --reset',
      'evpnctl neighbor set 192.168.10.10 --passive',
    ))
    .action(async (address: string, o: SetFlags, cmd: Command) => {
      const input = { remoteAs: o.remoteAs, localAddress: o.localAddress === 'none' ? null : o.localAddress, port: o.port, passive: o.passive, holdTime: o.holdTime, ebgpMultihop: o.ebgpMultihop };
      await ctx.call(cmd, { type: 'neighbor.set', address, input, reset: o.reset === true }, render.changed(render.neighbor));
    });

  neighbor
    .command('reset')
    .description('reset a session: hard (Cease / Administrative Reset and a new session), or soft in (ROUTE-REFRESH) / soft out (send our routes again)')
    .argument('<ADDRESS>', 'neighbor address', arg(parseIp))
    .addOption(new Option('--soft <DIRECTION>', 'keep the session: "in" asks the peer for its routes again (RFC 2918/7313), "out" sends ours again').choices(['in', 'out']))
    .addHelpText('after', examples('evpnctl neighbor reset 192.168.10.10', 'evpnctl neighbor reset 192.168.10.10 --soft in'))
    .action(async (address: string, o: { soft?: 'in' | 'out' }, cmd: Command) =>
      ctx.call(cmd, { type: 'neighbor.reset', address, mode: o.soft ?? 'hard' }, render.changed(render.neighbor)));

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
