// evpnctl config show|apply: the running config as evpnctl commands, and applying such a file
// idempotently (only the difference, deletions first, additions in dependency order).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { request } from '../core/control/client.js';
import { EvpnError, ValidationError } from '../core/errors.js';
import { commandLine, configCommands, diffConfig, parseConfig, type ConfigChange } from './config-file.js';
import { examples, type CliContext } from './context.js';

const MARK: Record<ConfigChange['op'], string> = { add: '+', del: '-', set: '!' };

function changeLines(changes: ConfigChange[]): string[] {
  return changes.flatMap((c) => [
    `${MARK[c.op]} ${commandLine(c.command)}`,
    ...(c.fields ?? []).map((f) => `    ${f}`),
    ...(c.op === 'set' ? [`    needs \`${c.object} set\` (not yet supported; del + add would take traffic down)`] : []),
  ]);
}

export function register(program: Command, ctx: CliContext, build: (ctx: CliContext) => Command): void {
  const config = program.command('config').description('the running config as evpnctl commands; apply a config file');

  config
    .command('show')
    .description('print the running config as the evpnctl commands that rebuild it (defaults left out)')
    .addHelpText('after', examples('evpnctl config show > evpnctl.conf', 'evpnctl config show --json'))
    .action(async (_o: object, cmd: Command) => {
      const { data, out } = await ctx.fetch(cmd, { type: 'config.show' });
      out.emit(data, () => ['# evpnctl running config; `evpnctl config apply FILE` rebuilds it', ...configCommands(data).map(commandLine)].join('\n'));
    });

  config
    .command('apply')
    .description('make the running config what FILE says: adds what is missing, deletes what is not in it, shows the difference')
    .argument('<FILE>', 'evpnctl add commands, one per line (as `config show` prints them); # starts a comment')
    .option('--dry-run', 'show the difference, change nothing')
    .addHelpText('after', examples('evpnctl config apply --dry-run evpnctl.conf', 'evpnctl config apply evpnctl.conf'))
    .addHelpText('after', '\nChanged settings of an existing object (hold time, RTs, ...) need `set`, which is not supported yet:\nsuch a file is refused (exit 1) and nothing is changed. Deleting the speaker is refused too (it removes everything).\n')
    .action(async (file: string, o: { dryRun?: boolean }, cmd: Command) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        throw new ValidationError('FILE', file, 'a readable file', `cannot read ${file}: ${(err as Error).message}`);
      }
      const wanted = await parseConfig(text, file, build);
      const { data: running, out } = await ctx.fetch(cmd, { type: 'config.show' });
      const changes = diffConfig(running, wanted);
      const blocked = changes.filter((c) => c.op === 'set' || (c.op === 'del' && c.object === 'speaker'));
      const show = (applied: number) => out.emit({ changes: changes.map(({ request: _r, ...c }) => c), applied, dryRun: o.dryRun === true }, () => [
        ...changeLines(changes),
        changes.length === 0 ? `no changes: the running config matches ${file}` : o.dryRun || blocked.length > 0 ? `${changes.length} changes, nothing applied` : `${applied} changes applied`,
      ].join('\n'));
      if (blocked.length > 0) {
        show(0);
        const sets = blocked.filter((c) => c.op === 'set').map((c) => (c.object === 'speaker' ? 'the speaker' : `${c.object} ${c.key}`));
        const why = [
          ...(sets.length > 0 ? [`${sets.join(', ')} cannot be changed in place yet (set is not supported; del + add would take traffic down)`] : []),
          ...(blocked.some((c) => c.op === 'del') ? ['the file has no speaker, and deleting it removes every neighbor, network and client: run `evpnctl speaker del` yourself'] : []),
        ];
        throw new EvpnError('error', `nothing applied: ${why.join('; ')}`);
      }
      if (o.dryRun || changes.length === 0) {
        show(0);
        return;
      }
      const path = await ctx.socketPath(cmd);
      let applied = 0;
      for (const c of changes) {
        try {
          await request(path, c.request!);
        } catch (err) {
          if (err instanceof EvpnError) throw new EvpnError(err.code, `${commandLine(c.command)}: ${err.message} (${applied} of ${changes.length} changes applied before it)`);
          throw err;
        }
        applied++;
      }
      show(applied);
    });
}
