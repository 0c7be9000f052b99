// Findings for issue 13 (no code of src/core/ovn involved): what one change to one LSP costs when the NB holds
// 20k foreign LSPs (200 switches × 100 ports) vs an empty NB, done three ways — a plain `ovn-nbctl` call (it
// downloads the tables it needs first), `ovn-nbctl` in daemon mode (`--detach`, OVN_NB_DAEMON: one replica kept
// in sync), and `ovsdb-client transact` of a prepared transaction (loads nothing) — plus the RSS of an NB monitor
// of every Logical_Switch_Port vs a conditional monitor (monitor-cond) of the managed rows only.
// Each: the median of 10 calls, wall time and the NB ovsdb-server's CPU per call.
//   sudo npx tsx bench/nb-call.ts   -> bench/results/nb-call.json   (~1 min)
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { sleep } from '../src/lab/wait.js';
import { OvsSandbox } from '../test/support/ovs-sandbox.js';
import { cpuNs, spread } from './support/cpu-idle.js';

const CALLS = 10;
const hex = (n: number): string => (n & 255).toString(16).padStart(2, '0');

async function timed(nbPid: number, call: (i: number) => Promise<unknown>): Promise<{ ms: number; nbCpuMs: number }> {
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const c0 = await cpuNs([nbPid]);
    const t0 = performance.now();
    await call(i);
    ms.push(performance.now() - t0);
    cpu.push(((await cpuNs([nbPid])) - c0) / 1e6);
  }
  return { ms: spread(ms, 1).median, nbCpuMs: spread(cpu, 2).median };
}

async function rssOfMonitor(args: string[]): Promise<number> {
  const child = execa('ovsdb-client', args, { buffer: false, reject: false, stdout: 'ignore', stderr: 'ignore', stdin: 'ignore' });
  await sleep(3000);
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
  child.kill('SIGTERM');
  await child;
  return Number(((Number(kb) || 0) / 1024).toFixed(1));
}

async function measure(foreign: number): Promise<Record<string, unknown>> {
  const sb = await OvsSandbox.start({ bridge: 'br-int' });
  const nbctl = (args: string[], env: Record<string, string> = {}) => execa('ovn-nbctl', [`--db=${sb.nbDb}`, ...args], { env });
  try {
    await nbctl(['ls-add', 'ls-1', '--', 'lsp-add', 'ls-1', 'evpn-x', '--', 'set', 'Logical_Switch_Port', 'evpn-x', 'external_ids:evpnctl-managed=true']);
    for (let s = 0; s < foreign / 100; s += 10) {
      const cmds: string[] = [];
      for (let k = s; k < s + 10; k++) {
        cmds.push('--', 'ls-add', `foreign-${k}`);
        for (let p = 0; p < 100; p++) cmds.push('--', 'lsp-add', `foreign-${k}`, `vm-${k}-${p}`, '--', 'lsp-set-addresses', `vm-${k}-${p}`, `0a:00:00:${hex(k)}:${hex(p)}:01 10.${k}.${p}.1`);
      }
      await nbctl(cmds.slice(1));
    }
    const nbPid = Number(readFileSync(join(sb.dir, 'nb.pid'), 'utf8').trim());
    const addr = (i: number): string => `02:00:00:00:00:${hex(i)}`;
    const plain = await timed(nbPid, (i) => nbctl(['lsp-set-addresses', 'evpn-x', addr(i), 'unknown']));
    const pidfile = join(sb.dir, 'nbctl-daemon.pid');
    const daemon = await nbctl(['--detach', `--pidfile=${pidfile}`, `--log-file=${join(sb.dir, 'nbctl-daemon.log')}`], { OVN_RUNDIR: sb.dir });
    const socket = daemon.stdout.trim();
    let daemonMode: { ms: number; nbCpuMs: number };
    try {
      daemonMode = await timed(nbPid, (i) => execa('ovn-nbctl', ['lsp-set-addresses', 'evpn-x', addr(100 + i), 'unknown'], { env: { OVN_NB_DAEMON: socket } }));
    } finally {
      process.kill(Number(readFileSync(pidfile, 'utf8').trim()), 'SIGTERM'); // the daemon we started, by its pidfile
    }
    const transact = await timed(nbPid, (i) => execa('ovsdb-client', ['transact', sb.nbDb, JSON.stringify(['OVN_Northbound', {
      op: 'update', table: 'Logical_Switch_Port', where: [['name', '==', 'evpn-x']], row: { addresses: ['set', [addr(200 + i), 'unknown']] },
    }])]));
    const monitorAllMB = await rssOfMonitor(['monitor', sb.nbDb, 'OVN_Northbound', 'Logical_Switch_Port', 'name,addresses,external_ids']);
    const monitorCondMB = await rssOfMonitor(['monitor-cond', sb.nbDb, 'OVN_Northbound', JSON.stringify([['external_ids', 'includes', ['map', [['evpnctl-managed', 'true']]]]]), 'Logical_Switch_Port', 'name,addresses,external_ids']);
    return { foreignLsps: foreign, plainNbctl: plain, daemonNbctl: daemonMode, ovsdbClientTransact: transact, monitorAllLspRssMB: monitorAllMB, monitorCondManagedRssMB: monitorCondMB };
  } finally {
    await sb.stop();
  }
}

const empty = await measure(0);
const full = await measure(20_000);
const out = {
  date: new Date().toISOString(), loadAverageAfter: loadavg(), callsPerMedian: CALLS, emptyNb: empty, foreign20k: full,
  note: 'One LSP\'s addresses set per call; ms is wall time of the call as the daemon would see it, nbCpuMs the NB server\'s CPU for it.',
};
writeFileSync(join(import.meta.dirname, 'results', 'nb-call.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
