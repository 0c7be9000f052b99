// evpnctl daemon: runs the daemon in the foreground (systemd style) until SIGTERM or SIGINT.
import type { Command } from 'commander';
import { parseDbRemote, parseLogLevel, type LogLevel } from '../core/model/validate.js';
import { arg, examples, type CliContext } from './context.js';

export interface DaemonFlags {
  stateDir: string;
  ovsDb?: string;
  ovnNbDb?: string;
  logLevel: LogLevel;
}

export const DEFAULT_STATE_DIR = '/var/lib/evpnctl';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('daemon')
    .description('run the evpnctl daemon in the foreground: BGP sessions, OVN programming and the control socket')
    .option('--state-dir <DIR>', 'where the desired state is kept', DEFAULT_STATE_DIR)
    .option('--ovs-db <URL>', 'Open vSwitch database: unix:PATH, tcp:IP:PORT or ssl:IP:PORT (default: ovs-vsctl\'s own default)', arg(parseDbRemote))
    .option('--ovn-nb-db <URL>', 'OVN northbound database; comma-separated remotes for a cluster (default: $OVN_NB_DB or ovn-nbctl\'s default)', arg(parseDbRemote))
    .option('--log-level <L>', 'error, warn, info or debug', arg(parseLogLevel), 'info')
    .addHelpText('after', examples(
      'evpnctl daemon',
      'evpnctl daemon --socket /tmp/evpn.sock --state-dir /tmp/evpn-state --log-level debug',
      'evpnctl daemon --ovn-nb-db tcp:10.0.0.1:6641,tcp:10.0.0.2:6641,tcp:10.0.0.3:6641',
    ))
    .addHelpText('after', '\nThe socket path comes from --socket, $EVPNCTL_SOCKET, or /run/evpnctl/evpnctl.sock (mode 0660).\nSIGTERM or SIGINT stops the daemon; the desired state stays in the state dir and is restored at the next start.\n')
    .action(async (o: DaemonFlags, cmd: Command) => {
      const socketPath = await ctx.socketPath(cmd);
      const { runDaemon } = await import('../core/daemon/main.js'); // loaded only here: keeps other commands fast
      await runDaemon({ ...o, socketPath }, ctx.io);
    });
}
