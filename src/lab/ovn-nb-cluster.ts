// A Raft-clustered OVN Northbound database (ovsdb(7) "Clustered Database Service Model"), one member per
// netns on the lab underlay, plus a standalone Southbound database and ovn-northd pointed at the cluster.
// Members talk Raft over TCP (port 6643, the convention of ovn-ctl), and serve clients on TCP 6641 inside the
// lab and on a unix socket in the run directory, which any netns (and the test process) can reach.
// Helpers find the leader (`cluster/status`), kill a member the way a crash does, and restart it from its file.
// With an explicit inactivity probe the TCP client remote comes from the NB's own Connection table
// (`--remote=db:OVN_Northbound,NB_Global,connections`, as ovn-ctl runs it): a command-line remote always
// probes with ovsdb-server's default of 5 s.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startDaemonized, type ManagedProcess } from './daemon.js';
import { LabError } from './errors.js';
import { run } from './exec.js';
import { OVN_NB_SCHEMA, OVN_SB_SCHEMA } from './ovn.js';
import { ovsOvnDirs, ovsOvnEnv } from './ovs-env.js';
import type { LabRun } from './run.js';
import { waitFor, type PollOptions } from './wait.js';

/** TCP port of the NB clients' remote (ovn-nbctl --db=tcp:IP:6641). */
export const NB_PORT = 6641;
/** TCP port of the SB clients' remote. */
export const SB_PORT = 6642;
/** TCP port of the NB cluster's Raft traffic between members. */
export const NB_RAFT_PORT = 6643;
/** The database name in the NB schema (cluster/status takes it). */
export const NB_DB_NAME = 'OVN_Northbound';

/** Where a member lives: a netns that already has its underlay address. */
export interface NbMemberPlacement {
  netns: string;
  /** The member's underlay IPv4 address (Raft and TCP clients). */
  ip: string;
}

/** One member of the cluster. */
export interface NbMember {
  /** 1-based, as in the names nb1, nb2, nb3. */
  readonly index: number;
  readonly netns: string;
  readonly ip: string;
  readonly dir: string;
  readonly dbFile: string;
  /** The member's ovsdb-server control socket (ovs-appctl -t). */
  readonly ctl: string;
  /** unix:<dir>/nb.sock, reachable from any netns. */
  readonly unixRemote: string;
  /** tcp:<ip>:6641, reachable on the underlay. */
  readonly tcpRemote: string;
  /** tcp:<ip>:6643, its Raft address. */
  readonly raftAddress: string;
  readonly env: Readonly<Record<string, string>>;
  /** The running ovsdb-server, undefined while killed. */
  process: ManagedProcess | undefined;
}

/** A member's view of the cluster, from `ovs-appctl cluster/status OVN_Northbound`. */
export interface ClusterStatus {
  /** "cluster member", "joining cluster", "disconnected from the cluster (election timeout)", ... */
  status: string;
  role: 'leader' | 'follower' | 'candidate' | string;
  term: number;
  /** "self", a server id prefix, or "unknown". */
  leader: string;
}

/** The running cluster with its Southbound and northd. */
export interface NbCluster {
  readonly members: readonly NbMember[];
  /** Comma-separated unix remotes of every member (for clients outside the underlay, e.g. this test process). */
  readonly unixRemotes: string;
  /** Comma-separated TCP remotes of every member (for clients on the underlay). */
  readonly tcpRemotes: string;
  readonly sbUnixRemote: string;
  readonly sbTcpRemote: string;
  /**
   * The inactivity probe (ms) of the TCP client remotes: after this long without a message from a client
   * the member sends it an echo, and drops it when one more interval passes without a message
   * (lib/reconnect.c), so a silent client goes between one and two intervals after it fell silent.
   */
  readonly inactivityProbeMs: number;
  /** What cluster/status says on one member; throws if the member is down. */
  status(member: NbMember): Promise<ClusterStatus>;
  /** Waits until exactly one live member says it is leader and every live member is a cluster member; returns the leader. */
  waitLeader(o?: PollOptions): Promise<NbMember>;
  /** Kills a member's ovsdb-server with SIGKILL (a crash: no goodbye to the cluster). */
  kill(member: NbMember): Promise<void>;
  /** Starts a killed member again from its database file; it rejoins the cluster by itself. */
  restart(member: NbMember): Promise<void>;
  /** `ovn-nbctl --db=<all unix remotes> ...args` (leader-only, ovn-nbctl's default for a cluster); returns stdout. */
  nbctl(...args: string[]): Promise<string>;
  /** Stops northd, SB and every member. */
  stop(): Promise<void>;
}

/** How to start the cluster. */
export interface NbClusterOptions {
  /** Raft election timer in ms (ovsdb-tool --election-timer); default 1000, OVS's default. */
  electionTimerMs?: number;
  /** Start the Southbound database and ovn-northd in the first member's netns (default true). */
  central?: boolean;
  /**
   * Inactivity probe of the members' TCP client remotes in ms, set in the NB's Connection table; at least
   * 1000 (ovsdb-server raises anything lower to 1000, lib/reconnect.c). Default: ovsdb-server's 5000 on a
   * command-line remote.
   */
  inactivityProbeMs?: number;
}

/** ovsdb-server's default inactivity probe (RECONNECT_DEFAULT_PROBE_INTERVAL) and its floor. */
export const OVSDB_DEFAULT_PROBE_MS = 5000;
export const OVSDB_MIN_PROBE_MS = 1000;

/**
 * Creates the cluster: the first member with `ovsdb-tool create-cluster`, the others with `join-cluster`
 * naming the first as their remote, then starts every ovsdb-server and waits for one leader.
 */
export async function startNbCluster(labRun: LabRun, placements: readonly NbMemberPlacement[], o: NbClusterOptions = {}): Promise<NbCluster> {
  if (placements.length < 1) throw new LabError('NB cluster: expected at least one member placement, got none');
  const probe = o.inactivityProbeMs;
  if (probe !== undefined && (!Number.isSafeInteger(probe) || probe < OVSDB_MIN_PROBE_MS)) {
    throw new LabError(`NB cluster: expected an inactivity probe of at least ${OVSDB_MIN_PROBE_MS} ms (ovsdb-server's floor), got ${probe}`);
  }
  const members: NbMember[] = [];
  for (const [i, p] of placements.entries()) {
    const dirs = ovsOvnDirs(labRun.path(`nb${i + 1}`));
    const dir = dirs.ovnDir;
    await mkdir(dir, { recursive: true });
    members.push({
      index: i + 1, netns: p.netns, ip: p.ip, dir, dbFile: join(dir, 'nb.db'), ctl: join(dir, 'nb.ctl'),
      unixRemote: `unix:${join(dir, 'nb.sock')}`, tcpRemote: `tcp:${p.ip}:${NB_PORT}`, raftAddress: `tcp:${p.ip}:${NB_RAFT_PORT}`,
      env: ovsOvnEnv(dirs), process: undefined,
    });
  }
  const [first] = members;
  if (!first) throw new LabError('NB cluster: no first member');
  const timer = o.electionTimerMs ?? 1000;
  await run(['ovsdb-tool', `--election-timer=${timer}`, 'create-cluster', first.dbFile, OVN_NB_SCHEMA, first.raftAddress], { env: first.env });
  for (const m of members.slice(1)) {
    await run(['ovsdb-tool', 'join-cluster', m.dbFile, NB_DB_NAME, m.raftAddress, first.raftAddress], { env: m.env });
  }
  const tcpFromDb = probe !== undefined;
  for (const m of members) m.process = await startMember(labRun, m, tcpFromDb);

  const central = o.central ?? true;
  const sbDir = labRun.path('sb');
  const sbEnv = ovsOvnEnv(ovsOvnDirs(labRun.path('sb-root')));
  const sbUnixRemote = `unix:${join(sbDir, 'sb.sock')}`;
  const sbTcpRemote = `tcp:${first.ip}:${SB_PORT}`;
  const tcpRemotes = members.map((m) => m.tcpRemote).join(',');
  const unixRemotes = members.map((m) => m.unixRemote).join(',');
  const centralProcs: ManagedProcess[] = [];
  const startCentral = async (): Promise<void> => {
    if (!central) return;
    await mkdir(sbDir, { recursive: true });
    await run(['ovsdb-tool', 'create', join(sbDir, 'sb.db'), OVN_SB_SCHEMA], { env: sbEnv });
    centralProcs.push(await startDaemonized(labRun, {
      name: 'ovsdb-server(sb)', netns: first.netns, env: sbEnv, pidfile: join(sbDir, 'sb.pid'), logFile: join(sbDir, 'sb.log'),
      argv: ['ovsdb-server', join(sbDir, 'sb.db'), `--remote=p${sbUnixRemote}`, `--remote=ptcp:${SB_PORT}:${first.ip}`,
        `--pidfile=${join(sbDir, 'sb.pid')}`, `--unixctl=${join(sbDir, 'sb.ctl')}`, `--log-file=${join(sbDir, 'sb.log')}`, '--detach'],
    }));
    // northd takes the cluster as comma-separated remotes and follows its leader, as every IDL client does.
    centralProcs.push(await startDaemonized(labRun, {
      name: 'ovn-northd', netns: first.netns, env: sbEnv, pidfile: join(sbDir, 'northd.pid'), logFile: join(sbDir, 'northd.log'),
      argv: ['ovn-northd', `--ovnnb-db=${tcpRemotes}`, `--ovnsb-db=${sbTcpRemote}`, `--pidfile=${join(sbDir, 'northd.pid')}`,
        `--unixctl=${join(sbDir, 'northd.ctl')}`, `--log-file=${join(sbDir, 'northd.log')}`, '--detach'],
    }));
  };

  const status = async (m: NbMember): Promise<ClusterStatus> => {
    const { stdout } = await run(['ovs-appctl', '-t', m.ctl, 'cluster/status', NB_DB_NAME], { env: m.env, timeoutMs: 5000 });
    return parseClusterStatus(stdout);
  };
  const cluster: NbCluster = {
    members, unixRemotes, tcpRemotes, sbUnixRemote, sbTcpRemote, status, inactivityProbeMs: probe ?? OVSDB_DEFAULT_PROBE_MS,
    waitLeader: (poll = {}) => waitFor('one NB cluster leader, every live member in the cluster', async () => {
      const seen: string[] = [];
      let leader: NbMember | undefined;
      let leaders = 0;
      for (const m of members) {
        if (m.process === undefined) continue;
        const s = await status(m);
        seen.push(`nb${m.index}: ${s.status}/${s.role}/term ${s.term}`);
        if (s.status !== 'cluster member') throw new LabError(seen.join(', '));
        if (s.role === 'leader') {
          leaders++;
          leader = m;
        }
      }
      if (leaders !== 1) throw new LabError(`expected one leader, got ${leaders}: ${seen.join(', ')}`);
      return leader;
    }, { timeoutMs: 15_000, intervalMs: 100, ...poll }),
    kill: async (m) => {
      if (m.process === undefined) throw new LabError(`nb${m.index} is not running`);
      await labRun.killProcess(m.process.identity, 'SIGKILL');
      m.process = undefined;
    },
    restart: async (m) => {
      if (m.process !== undefined) throw new LabError(`nb${m.index} is already running (pid ${m.process.pid})`);
      m.process = await startMember(labRun, m, tcpFromDb);
    },
    nbctl: async (...args) => (await run(['ovn-nbctl', `--db=${unixRemotes}`, '--timeout=20', ...args], { env: first.env })).stdout,
    stop: async () => {
      for (const p of [...centralProcs].reverse()) await p.stop();
      for (const m of [...members].reverse()) await m.process?.stop();
    },
  };
  await cluster.waitLeader();
  if (probe !== undefined) {
    // One Connection row for every member (it is replicated): each listens on all its addresses, in its own netns.
    await cluster.nbctl('set-connection', `ptcp:${NB_PORT}`);
    await cluster.nbctl('set', 'Connection', '.', `inactivity_probe=${probe}`);
    for (const m of members) await waitTcpRemote(m);
  }
  // northd last, once the TCP remotes serve: a northd that found them closed backs off for seconds, and in
  // the one run where it came up late the chassis's ovn-controllers (23.03), started meanwhile, all died.
  await startCentral();
  return cluster;
}

function startMember(labRun: LabRun, m: NbMember, tcpFromDb: boolean): Promise<ManagedProcess> {
  const pidfile = join(m.dir, 'nb.pid');
  const logFile = join(m.dir, 'nb.log');
  const tcp = tcpFromDb ? `--remote=db:${NB_DB_NAME},NB_Global,connections` : `--remote=ptcp:${NB_PORT}:${m.ip}`;
  return startDaemonized(labRun, {
    name: `ovsdb-server(nb${m.index})`, netns: m.netns, env: m.env, pidfile, logFile,
    argv: ['ovsdb-server', m.dbFile, `--remote=p${m.unixRemote}`, tcp, `--pidfile=${pidfile}`,
      `--unixctl=${m.ctl}`, `--log-file=${logFile}`, '--detach'],
  });
}

/** Waits until a member serves clients on its TCP remote (it opens it once it has read the Connection row). */
async function waitTcpRemote(m: NbMember): Promise<void> {
  await waitFor(`nb${m.index} to serve clients on ${m.tcpRemote}`, async () => {
    await run(['ovsdb-client', '--timeout=2', 'list-dbs', m.tcpRemote], { netns: m.netns, env: m.env, timeoutMs: 5000 });
    return true;
  }, { timeoutMs: 15_000, intervalMs: 100 });
}

/** Parses `cluster/status` text ("Status: cluster member", "Role: leader", "Term: 2", "Leader: self"). */
export function parseClusterStatus(text: string): ClusterStatus {
  const field = (name: string): string | undefined => new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1]?.trim();
  const status = field('Status');
  const role = field('Role');
  const term = Number(field('Term'));
  const leader = field('Leader');
  if (status === undefined || role === undefined || !Number.isSafeInteger(term) || leader === undefined) {
    throw new LabError(`cluster/status: expected Status, Role, Term and Leader lines, got ${JSON.stringify(text.slice(0, 300))}`);
  }
  return { status, role, term, leader };
}
