// evpnctl speaker add|show|del
import type { Command } from 'commander';
import { parseAsn, parseIp, parseIpv4, parseIpv6, parsePort } from '../core/model/validate.js';
import { arg, examples, type CliContext } from './context.js';
import * as render from './render.js';

interface AddFlags { as: number; routerId: string; vtepIp?: string; vtepIp6?: string; listenAddress?: string; listenPort?: number; mayExist?: boolean }

export function register(program: Command, ctx: CliContext): void {
  const speaker = program.command('speaker').description('configure the BGP speaker (one per daemon)');

  speaker
    .command('add')
    .description('create the BGP speaker: local AS, router id and VTEP IP')
    .requiredOption('--as <N>', 'local AS number, 1..4294967295', arg(parseAsn))
    .requiredOption('--router-id <IP>', 'BGP identifier (IPv4); also the default VTEP IP and RD prefix', arg(parseIpv4))
    .option('--vtep-ip <IP>', 'own (IPv4) VTEP: next hop of our routes and VXLAN source (default: router id, unless only --vtep-ip6 is given)', arg(parseIp))
    .option('--vtep-ip6 <IP6>', 'own IPv6 VTEP: VXLAN source towards IPv6 remote VTEPs; advertised when there is no IPv4 VTEP', arg(parseIpv6))
    .option('--listen-address <IP>', 'address to accept BGP connections on (default: all)', arg(parseIp))
    .option('--listen-port <N>', 'TCP port to accept BGP connections on (default: 179)', arg(parsePort))
    .option('--may-exist', 'succeed if an identical speaker exists')
    .addHelpText('after', examples(
      'evpnctl speaker add --as 65000 --router-id 192.168.10.20',
      'evpnctl speaker add --as 65000 --router-id 10.0.0.1 --vtep-ip 192.168.100.2 --may-exist',
      'evpnctl speaker add --as 65000 --router-id 10.0.0.1 --vtep-ip 192.168.100.2 --vtep-ip6 fd00:100::2',
      'evpnctl speaker add --as 65000 --router-id 10.0.0.1 --vtep-ip6 fd00:100::2     # IPv6-only underlay',
    ))
    .action(async (o: AddFlags, cmd: Command) => {
      const input = { asn: o.as, routerId: o.routerId, vtepIp: o.vtepIp, vtepIp6: o.vtepIp6, listenAddress: o.listenAddress, listenPort: o.listenPort };
      await ctx.call(cmd, { type: 'speaker.add', input, mayExist: o.mayExist === true }, render.speaker);
    });

  speaker
    .command('set')
    .description('change the speaker in place; an AS, router id or VTEP change resets every session (asks for --yes) and keeps neighbors, networks and clients')
    .option('--as <N>', 'local AS number (resets every session)', arg(parseAsn))
    .option('--router-id <IP>', 'BGP identifier (resets every session)', arg(parseIpv4))
    .option('--vtep-ip <IP>', 'own IPv4 VTEP (resets every session)', arg(parseIp))
    .option('--listen-address <IP>', 'address to accept BGP connections on, or "any"', (v: string) => (v === 'any' ? v : arg(parseIp)(v)))
    .option('--listen-port <N>', 'TCP port to accept BGP connections on', arg(parsePort))
    .option('--yes', 'confirm a change that resets every session')
    .addHelpText('after', examples('evpnctl speaker set --listen-port 1179', 'evpnctl speaker set --as 65001 --yes'))
    .action(async (o: { as?: number; routerId?: string; vtepIp?: string; listenAddress?: string; listenPort?: number; yes?: boolean }, cmd: Command) => {
      const input = { asn: o.as, routerId: o.routerId, vtepIp: o.vtepIp, listenAddress: o.listenAddress === 'any' ? null : o.listenAddress, listenPort: o.listenPort };
      await ctx.call(cmd, { type: 'speaker.set', input, yes: o.yes === true }, render.changed(render.speaker));
    });

  speaker
    .command('show')
    .description('show the BGP speaker')
    .addHelpText('after', examples('evpnctl speaker show', 'evpnctl speaker show --json | jq .asn'))
    .action(async (_o: object, cmd: Command) => ctx.call(cmd, { type: 'speaker.show' }, render.speaker));

  speaker
    .command('del')
    .description('delete the speaker and with it every neighbor, network and client (and their OVN objects)')
    .option('--if-exists', 'succeed if no speaker exists')
    .addHelpText('after', examples('evpnctl speaker del', 'evpnctl speaker del --if-exists'))
    .action(async (o: { ifExists?: boolean }, cmd: Command) =>
      ctx.call(cmd, { type: 'speaker.del', ifExists: o.ifExists === true }, (_out, v) => render.deleted('speaker', v !== null)));
}
