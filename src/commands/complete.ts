// evpnctl __complete vni|neighbor|mac (hidden): the values the completion scripts offer from the daemon,
// one per line. A daemon that does not answer within a second gives none: completion must never hang
// or print errors into the command line being edited.
import { Argument, type Command } from 'commander';
import { request } from '../core/control/client.js';
import { EvpnError } from '../core/errors.js';
import { DYNAMIC_KINDS, type DynamicKind } from './completion-values.js';
import type { CliContext } from './context.js';

const TIMEOUT_MS = 1000;

async function values(path: string, kind: DynamicKind): Promise<string[]> {
  switch (kind) {
    case 'vni': return (await request(path, { type: 'network.list' }, TIMEOUT_MS)).map((n) => String(n.vni));
    case 'neighbor': return (await request(path, { type: 'neighbor.list' }, TIMEOUT_MS)).map((n) => n.address);
    case 'mac': return [...new Set((await request(path, { type: 'mac.list' }, TIMEOUT_MS)).map((m) => m.mac))];
  }
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('__complete', { hidden: true })
    .description('print completion values known to the daemon (for the completion scripts)')
    .addArgument(new Argument('<KIND>').choices(DYNAMIC_KINDS))
    .action(async (kind: DynamicKind, _o: object, cmd: Command) => {
      try {
        const list = await values(await ctx.socketPath(cmd), kind);
        if (list.length > 0) ctx.io.stdout(`${list.join('\n')}\n`);
      } catch (err) {
        // No daemon, or an old one: static completion only. Anything else is a bug worth seeing.
        if (!(err instanceof EvpnError)) throw err;
      }
    });
}
