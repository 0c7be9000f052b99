// evpnctl route list|show
import type { Command } from 'commander';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { parseIp, parseMac, parseRd, parseUint, parseVni } from '../core/model/validate.js';
import { arg, examples, type CliContext } from './context.js';
import * as render from './render.js';

const parseRouteType = (v: unknown) => parseUint('route type', v, 1, 5) as 1 | 2 | 3 | 4 | 5;
const parseFrom = (v: unknown, field?: string) => (v === 'local' ? 'local' : parseIp(v, field ?? 'neighbor'));
// Six 2-digit groups is a MAC; no IPv6 address has that form (8 groups, or fewer with ::).
function parseMacOrIp(v: unknown): { mac: string } | { ip: string } {
  if (typeof v === 'string' && /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i.test(v)) return { mac: parseMac(v) };
  try {
    return { ip: parseIp(v) };
  } catch (err) {
    if (err instanceof ValidationError) throw new ValidationError('MAC or IP', v, 'a MAC address like 02:ac:10:ff:00:22 or an IP address like 10.0.0.1 or 2001:db8::1');
    throw err;
  }
}

interface ListFlags { vni?: number; type?: 1 | 2 | 3 | 4 | 5; mac?: string; ip?: string; neighbor?: string; rd?: string; vtep?: string }

export function register(program: Command, ctx: CliContext): void {
  const route = program.command('route').description('show EVPN routes (local and received)');

  route
    .command('list')
    .description('list EVPN routes: type, RD, ESI, etag, MAC, IP, VNI, next hop, RTs, MAC mobility seq, best, used for OVN, from')
    .option('--vni <N>', 'only routes imported into this VNI', arg(parseVni))
    .option('--type <1..5>', 'only this route type (2 = MAC/IP, 3 = inclusive multicast)', arg(parseRouteType))
    .option('--mac <MAC>', 'only MAC/IP routes of this MAC', arg(parseMac))
    .option('--ip <IP>', 'only routes of this IP (MAC/IP route IP, type-3 originating IP, type-5 prefix address)', arg(parseIp))
    .option('--neighbor <ADDRESS>', 'only routes received from this neighbor ("local": our own)', arg(parseFrom))
    .option('--rd <RD>', 'only routes with this route distinguisher', arg(parseRd))
    .option('--vtep <IP>', 'only routes towards this VTEP (next hop or originating IP)', arg(parseIp))
    .addHelpText('after', examples(
      'evpnctl route list', 'evpnctl route list --vni 10 --type 2', 'evpnctl route list --neighbor 192.168.10.10 --mac 02:ac:10:ff:00:11',
      "evpnctl route list --json | jq '.[] | select(.used)'",
    ))
    .action(async (o: ListFlags, cmd: Command) => {
      const { type, ...filter } = o;
      await ctx.call(cmd, { type: 'route.list', ...filter, ...(type !== undefined && { routeType: type }) }, render.routes);
    });

  route
    .command('show')
    .description('show every route of one MAC or IP in full: attributes, best, used for OVN, where from')
    .argument('<MAC|IP>', 'a MAC address or an IPv4/IPv6 address', arg(parseMacOrIp))
    .option('--vni <N>', 'only routes imported into this VNI', arg(parseVni))
    .addHelpText('after', examples('evpnctl route show 02:ac:10:ff:00:11', 'evpnctl route show 10.0.0.11 --json'))
    .action(async (key: { mac: string } | { ip: string }, o: { vni?: number }, cmd: Command) => {
      const what = 'mac' in key ? key.mac : key.ip;
      const { data, out } = await ctx.fetch(cmd, { type: 'route.list', ...key, ...(o.vni !== undefined && { vni: o.vni }) });
      if (data.length === 0) throw new NotFoundError(`no route for ${what}${o.vni === undefined ? '' : ` in VNI ${o.vni}`}`);
      out.emit(data, () => render.routeDetails(out, data));
    });
}
