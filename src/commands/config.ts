// evpnctl config show|apply: the running config as evpnctl commands, and applying such a file
// idempotently (only the difference, deletions first, additions in dependency order).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { request } from '../core/control/client.js';
import { EvpnError, ValidationError } from '../core/errors.js';
import { commandLine, configCommands, diffConfig, parseConfig, type ConfigChange } from './config-file.js';
import { examples, type CliContext } from './context.js';

const MARK: Record<ConfigChange['op'], string> = { add: '+', del: '-', set: '!' };

/** Settings whose change resets every session (RFC 4271: AS and BGP identifier are in OPEN; the VTEP is in every route). */
const SPEAKER_IDENTITY = ['asn', 'routerId', 'vtepIp', 'vtepIp6'];
const needsYes = (c: ConfigChange): boolean => c.object === 'speaker' && c.op === 'set' && (c.changed ?? []).some((k) => SPEAKER_IDENTITY.includes(k));

/** The word a `set` flag takes for "back to the default" (the set commands' own spelling). */
const DEFAULT_WORD: Record<string, string> = { rd: 'auto', importRts: 'auto', exportRts: 'auto', localAddress: 'none', listenAddress: 'any' };

const flagOf = (k: string): string => `--${k.replace(/Rts$/, 'Rt').replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)}`;

/** One changed setting as `set` flags. */
function setFlags(k: string, v: unknown): string[] {
  if (typeof v === 'boolean') return [v ? flagOf(k) : flagOf(k).replace(/^--/, '--no-')];
  if (Array.isArray(v)) return v.length === 0 ? [flagOf(k), DEFAULT_WORD[k] ?? 'auto'] : v.flatMap((x) => [flagOf(k), String(x)]);
  if (v === null || v === undefined) return [flagOf(k), DEFAULT_WORD[k] ?? '(default)'];
  return [flagOf(k), String(v)];
}

/** The `set` command a change runs, as words (for the diff; the request itself is typed). */
function setWords(c: ConfigChange): string[] {
  const head = c.object === 'speaker' ? ['speaker', 'set'] : c.object === 'neighbor' ? ['neighbor', 'set', c.key] : [c.object, 'set', '--vni', c.key];
  const input = (c.request !== undefined && 'input' in c.request ? c.request.input : {}) as Record<string, unknown>;
  return [...head, ...(c.changed ?? []).flatMap((k) => setFlags(k === 'asn' ? 'as' : k, input[k])), ...(needsYes(c) ? ['--yes'] : [])];
}

function changeLines(changes: ConfigChange[]): string[] {
  return changes.flatMap((c) => [
    `${MARK[c.op]} ${commandLine(c.command)}`,
    ...(c.fields ?? []).map((f) => `    ${f}`),
    ...(c.op === 'set' ? [c.request === undefined
      ? '    cannot be changed in place (it is the object\'s identity): del + add it yourself, which takes its traffic down'
      : `    in place: ${commandLine(setWords(c))}`] : []),
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
    .option('--yes', 'confirm a change of the speaker\'s AS, router id or VTEP, which resets every session')
    .addHelpText('after', examples('evpnctl config apply --dry-run evpnctl.conf', 'evpnctl config apply evpnctl.conf'))
    .addHelpText('after', '\nChanged settings of an existing object (hold time, RTs, RD, flood-unknown, ...) are changed in place with\nthe `set` commands: no session reset and no OVN churn where `set` needs none. What is an object\'s identity\n(a network\'s switch, a client\'s port) cannot be changed in place: such a file is refused (exit 1) and nothing\nis changed; so is a speaker AS/router-id/VTEP change without --yes, and a file without the speaker.\n')
    .action(async (file: string, o: { dryRun?: boolean; yes?: boolean }, cmd: Command) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        throw new ValidationError('FILE', file, 'a readable file', `cannot read ${file}: ${(err as Error).message}`);
      }
      const wanted = await parseConfig(text, file, build);
      const { data: running, out } = await ctx.fetch(cmd, { type: 'config.show' });
      const changes = diffConfig(running, wanted);
      const unconfirmed = o.yes === true ? [] : changes.filter(needsYes);
      const blocked = changes.filter((c) => (c.op === 'set' && c.request === undefined) || (c.op === 'del' && c.object === 'speaker') || unconfirmed.includes(c));
      const show = (applied: number) => out.emit({ changes: changes.map(({ request: _r, changed: _c, ...c }) => c), applied, dryRun: o.dryRun === true }, () => [
        ...changeLines(changes),
        changes.length === 0 ? `no changes: the running config matches ${file}` : o.dryRun || blocked.length > 0 ? `${changes.length} changes, nothing applied` : `${applied} changes applied`,
      ].join('\n'));
      if (blocked.length > 0) {
        show(0);
        const name = (c: ConfigChange) => (c.object === 'speaker' ? 'the speaker' : `${c.object} ${c.key}`);
        const sets = blocked.filter((c) => c.op === 'set' && c.request === undefined).map(name);
        const why = [
          ...(sets.length > 0 ? [`${sets.join(', ')} cannot be changed in place (a changed setting is its identity; del + add would take traffic down)`] : []),
          ...(unconfirmed.length > 0 ? ['the speaker\'s AS, router id or VTEP changes, which resets every session: run again with --yes to do it'] : []),
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
        const req = c.request?.type === 'speaker.set' ? { ...c.request, yes: o.yes === true } : c.request;
        if (req === undefined) throw new EvpnError('error', `${commandLine(c.command)}: expected a request for this change, found none`);
        try {
          await request(path, req);
        } catch (err) {
          if (err instanceof EvpnError) throw new EvpnError(err.code, `${commandLine(c.command)}: ${err.message} (${applied} of ${changes.length} changes applied before it)`);
          throw err;
        }
        applied++;
      }
      show(applied);
    });
}
