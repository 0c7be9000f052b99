// evpnctl defaults show|set|unset: the CLI's own defaults file (kept with conf).
import type { Command } from 'commander';
import { defaultsDir, readDefaults, setDefault, unsetDefault, DEFAULT_KEYS, type CliDefaults } from '../core/config/cli-defaults.js';
import { examples, type CliContext } from './context.js';

export function register(program: Command, ctx: CliContext): void {
  const defaults = program
    .command('defaults')
    .description(`CLI defaults (${DEFAULT_KEYS.join(', ')}) kept in $EVPNCTL_CONFIG_DIR or ~/.config/evpnctl/config.json`);

  const show = async (cmd: Command, values: CliDefaults) => {
    const out = await ctx.output(cmd);
    out.emit(values, () => out.details([['file', `${defaultsDir(ctx.io.env)}/config.json`], ...DEFAULT_KEYS.map((k): [string, string | undefined] => [k, values[k]])]));
  };

  defaults
    .command('show')
    .description('show the CLI defaults')
    .addHelpText('after', examples('evpnctl defaults show'))
    .action(async (_o: object, cmd: Command) => show(cmd, await readDefaults(ctx.io.env)));

  defaults
    .command('set')
    .description('set a default: socket PATH, output table|json, color auto|always|never')
    .argument('<KEY>', DEFAULT_KEYS.join(' | '))
    .argument('<VALUE>', 'the value')
    .addHelpText('after', examples('evpnctl defaults set socket /run/evpnctl/site-b.sock', 'evpnctl defaults set output json'))
    .action(async (key: string, value: string, _o: object, cmd: Command) => show(cmd, await setDefault(ctx.io.env, key, value)));

  defaults
    .command('unset')
    .description('remove one default, or all of them')
    .argument('[KEY]', DEFAULT_KEYS.join(' | '))
    .addHelpText('after', examples('evpnctl defaults unset socket', 'evpnctl defaults unset'))
    .action(async (key: string | undefined, _o: object, cmd: Command) => show(cmd, await unsetDefault(ctx.io.env, key)));
}
