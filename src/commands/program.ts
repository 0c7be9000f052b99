// The command tree: one module per noun registers its verbs.
import { Command } from 'commander';
import { arg, type CliContext } from './context.js';
import { parseUint } from '../core/model/validate.js';
import { EXIT_CODES_HELP, EXIT_CODES_LINE } from './exit-codes.js';
import { VERSION } from '../core/version.js';
import * as client from './client.js';
import * as complete from './complete.js';
import * as completion from './completion.js';
import * as config from './config.js';
import * as daemon from './daemon.js';
import * as defaults from './defaults.js';
import * as mac from './mac.js';
import * as macDuplicate from './mac-duplicate.js';
import * as monitor from './monitor.js';
import * as neighbor from './neighbor.js';
import * as network from './network.js';
import * as route from './route.js';
import * as speaker from './speaker.js';
import * as status from './status.js';


/** Builds the `evpnctl` program bound to `ctx`. */
export function buildProgram(ctx: CliContext): Command {
  // One line per usage error, prefixed like every other evpnctl error.
  const output = {
    writeOut: (s: string) => ctx.io.stdout(s),
    writeErr: (s: string) => ctx.io.stderr(s),
    outputError: (s: string, write: (s: string) => void) =>
      write(`${s.replace(/^error: /, 'evpnctl: ').replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)').trimEnd()}\n`),
  };
  const program = new Command('evpnctl')
    .description('EVPN-VXLAN (RFC 7432/8365) for OVN: stretch OVN logical switches to an EVPN fabric.\nThe commands drive `evpnctl daemon` over its control socket.')
    .version(VERSION, '-V, --version')
    .option('--socket <PATH>', 'daemon control socket (default: $EVPNCTL_SOCKET or /run/evpnctl/evpnctl.sock)')
    .option('--json', 'print machine-readable JSON (stable fields, see README)')
    .option('--wide', 'tables: show every column, also blank ones, however wide (default: fit the terminal, 80 columns in a pipe)')
    .option('--wait', 'change commands return once the change is programmed in OVN and sent to the established peers (like ovn-nbctl --wait)')
    .option('--timeout <S>', 'with --wait: give up after S seconds (exit 1; the change stays made), default 30', arg((v) => parseUint('--timeout', v, 1, 3600)))
    .option('--no-color', 'do not color output (also: NO_COLOR=1, or when stdout is not a terminal)')
    .configureOutput(output)
    .exitOverride()
    .addHelpText('after', `
Quick start (the original two-site scenario, site Y):
  evpnctl daemon &                                   # or run it under systemd
  evpnctl speaker add --as 65000 --router-id 192.168.10.20
  evpnctl neighbor add 192.168.10.10 --remote-as 65000
  evpnctl network add --vni 10 --network-id 7d29da33-5d12-4c04-95de-1672709ae946
  evpnctl client add --vni 10 --port 8f93d2ba-527a-44ea-9b4f-3ce2c6067588 --mac 02:ac:10:ff:00:22 --ip 10.0.0.22
  evpnctl neighbor list; evpnctl route list

${EXIT_CODES_HELP}
`);
  for (const noun of [daemon, speaker, neighbor, network, client, route, mac]) noun.register(program, ctx);
  config.register(program, ctx, buildProgram); // parses config files with this same command tree
  for (const noun of [status, completion, defaults, complete]) noun.register(program, ctx);
  macDuplicate.register(program, ctx); // after the nouns: it joins `mac`, which mac.ts made
  monitor.register(program, ctx);
  // Subcommands inherit output routing and exit handling, and print their usage after errors too.
  const inherit = (cmd: Command) => {
    for (const c of cmd.commands) {
      c.configureOutput(output).exitOverride();
      if (c.commands.length === 0) c.addHelpText('after', EXIT_CODES_LINE);
      inherit(c);
    }
  };
  inherit(program);
  return program;
}
