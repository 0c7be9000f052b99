// evpnctl daemon: runs the daemon in the foreground (systemd style) until SIGTERM or SIGINT.
import { Option, type Command } from 'commander';
import { LOG_FORMATS, type LogFormat } from '../core/log.js';
import { parseDbRemote, parseListen, parseLogLevel } from '../core/model/validate.js';
import { arg, examples, type CliContext } from './context.js';
// Type only: main.js itself is loaded in the action, which keeps other commands fast.
import type { RunOptions } from '../core/daemon/main.js';
import { parseChassisName } from '../core/ovn/chassis-identity.js';
import { parseHaGroup } from '../core/ovn/ha-fence.js';
import { ROLE_FLAG, type ChildRole } from '../core/daemon/children.js';

/** The daemon's flags: its run options but the socket (a global option); commander always fills --log-format. */
export type DaemonFlags = Omit<RunOptions, 'socketPath' | 'logFormat'> & { logFormat: LogFormat };

export const DEFAULT_STATE_DIR = '/var/lib/evpnctl';

export function register(program: Command, ctx: CliContext): void {
  const daemon = program
    .command('daemon')
    .description('run the evpnctl daemon in the foreground: BGP sessions, OVN programming and the control socket')
    .option('--state-dir <DIR>', 'where the desired state is kept', DEFAULT_STATE_DIR)
    .option('--ovs-db <URL>', 'Open vSwitch database: unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT (HOST an IP or a host name; ssl: needs --private-key, --certificate, --ca-cert) (default: ovs-vsctl\'s own default)', arg(parseDbRemote))
    .option('--ovn-nb-db <URL>', 'OVN northbound database; comma-separated remotes for a cluster (default: $OVN_NB_DB or ovn-nbctl\'s default)', arg(parseDbRemote))
    .option('--socket-ro <PATH>', 'also listen on a read-only control socket (mode 0666): show, list and status only, so monitoring needs no rights to change anything')
    .option('--private-key <PATH>', 'private key for ssl: database remotes, passed to ovs-vsctl, ovn-nbctl and ovsdb-client')
    .option('--certificate <PATH>', 'certificate for ssl: database remotes')
    .option('--ca-cert <PATH>', 'CA certificate that signed the databases\' certificates')
    .option('--log-level <L>', 'error, warn, info or debug', arg(parseLogLevel), 'info')
    .addOption(new Option('--log-format <F>', 'text, or json: one object per line with time, level, msg, fields (under journald both get <N> priority prefixes)').choices(LOG_FORMATS).default('text'))
    .option('--rest-listen <ADDR:PORT>', 'serve the rest_vtep-compatible /vtep API here, e.g. 127.0.0.1:8080 (default: off)', arg(parseListen))
    .option('--rest-token-file <PATH>', 'require "Authorization: Bearer <token>" on the REST API, the token being the first line of PATH')
    .option('--rest-token <TOKEN>', 'the same with the token on the command line (visible in ps; prefer --rest-token-file)')
    .option('--metrics-listen <ADDR:PORT>', 'serve Prometheus metrics at GET /metrics here, e.g. 127.0.0.1:9473 (default: off)', arg(parseListen))
    .option('--chassis <NAME>', 'the chassis this daemon speaks for, stamped on what it writes (default: the local OVS external_ids:system-id)', arg(parseChassisName))
    .option('--ha-group <NAME>', 'join an HA group: one active daemon per group writes OVN and advertises, the others stand by (default: no group)', arg(parseHaGroup))
    .option('--single-process', 'run sessions and routes in this one process (no session engine: a restart or upgrade drops every session)')
    .addOption(new Option(`${ROLE_FLAG} <ROLE>`).choices(['session-engine', 'route-engine']).hideHelp())
    .addHelpText('after', examples(
      'evpnctl daemon',
      'evpnctl daemon --socket /tmp/evpn.sock --state-dir /tmp/evpn-state --log-level debug',
      'evpnctl daemon --ovn-nb-db tcp:10.0.0.1:6641,tcp:10.0.0.2:6641,tcp:10.0.0.3:6641',
      'evpnctl daemon --ovn-nb-db ssl:ovn-central.example:6641 --private-key /etc/evpnctl/key.pem --certificate /etc/evpnctl/cert.pem --ca-cert /etc/evpnctl/cacert.pem',
      'evpnctl daemon --rest-listen 127.0.0.1:8080 --metrics-listen 127.0.0.1:9473',
      'evpnctl daemon --ha-group gw --ovn-nb-db tcp:10.0.0.1:6641,tcp:10.0.0.2:6641,tcp:10.0.0.3:6641',
      'evpnctl daemon --rest-listen 192.168.10.20:8080 --rest-token-file /etc/evpnctl/rest-token',
      'evpnctl daemon --single-process --state-dir /tmp/evpn-state',
      'evpnctl daemon reload',
    ))
    .addHelpText('after', `
The socket path comes from --socket, $EVPNCTL_SOCKET, or /run/evpnctl/evpnctl.sock (mode 0660).
SIGTERM or SIGINT stops the daemon; the desired state stays in the state dir and is restored at the next start.
The daemon runs as three processes: this supervisor, a session engine (BGP sessions, keepalives) and a route
engine (routes, OVN, control socket). A route engine that dies is restarted while the sessions stay up;
\`evpnctl daemon reload\` or SIGHUP upgrades both engines to the binary now on disk without dropping a session.
If the session engine itself dies, the sessions drop as with a daemon restart, and both engines start again.
--single-process runs everything in one process, as before the split: no hitless restart or reload.
`)
    .action(async (o: DaemonFlags & { singleProcess?: boolean; internalRole?: ChildRole }, cmd: Command) => {
      const { singleProcess, internalRole, ...flags } = o;
      const socketPath = await ctx.socketPath(cmd);
      const opts = { ...flags, socketPath };
      // Each role loads only its own modules: the session engine stays small, other commands stay fast.
      if (internalRole === 'session-engine') {
        const { runSessionEngineProcess } = await import('../core/session-engine/process.js');
        return runSessionEngineProcess(opts, ctx.io);
      }
      if (internalRole === 'route-engine') {
        const { runRouteEngine } = await import('../core/daemon/route-engine-process.js');
        return runRouteEngine(opts, ctx.io);
      }
      if (singleProcess === true) {
        const { runDaemon } = await import('../core/daemon/main.js');
        return runDaemon(opts, ctx.io);
      }
      const { runSupervised } = await import('../core/daemon/supervised.js');
      ctx.exitCode = await runSupervised(opts, process.argv.slice(2), ctx.io);
    });

  daemon
    .command('reload')
    .description('upgrade the running daemon to the binary now on disk without dropping a BGP session (as SIGHUP)')
    .addHelpText('after', examples('evpnctl daemon reload', 'evpnctl --socket /tmp/evpn.sock daemon reload'))
    .addHelpText('after', '\nThe new session engine takes over the listening and established sockets, then a new route engine adopts\nthe sessions and relearns the peers\' routes (route refresh). Not available with --single-process.\n')
    .action(async (_o: unknown, cmd: Command) => ctx.call(cmd, { type: 'daemon.reload' }, (o, r) => r.notes.map((n) => `note: ${n}`).join('\n')));
}
