// The data-plane axis of issue 13: the same EVPN table, from the first UPDATE until the routes are in the
// forwarding plane, on an OVN site through evpnctl vs on a kernel VTEP through FRR 8.4.
// Each run is a fresh netns pair (src/lab speaker pair): the raw injector (support/bgp-injector.ts) at
// 192.168.100.1 sends N MAC+IP type-2 routes over V VNIs (default 50k over 10) plus one type 3 (PMSI ingress
// replication) per VNI, all with next hop 192.168.100.1, to one target at 192.168.100.2:
//   ovn  the evpnctl daemon on an OVN site (OVS netdev with br-phy holding the VTEP IP, NB + SB ovsdb-servers,
//        ovn-northd, ovn-controller; the V VNIs mapped to logical switches ls1..lsV). Forwarding plane: the
//        OpenFlow flows ovn-controller installed in br-int that match a remote MAC (dl_dst=<MAC>).
//   frr  FRR 8.4 (bgpd + zebra, advertise-all-vni) with kernel VXLAN devices vxlan1..vxlanV (bridges br1..brV)
//        local 192.168.100.2. Forwarding plane: the kernel FDB entries zebra installed (`<MAC> dev vxlanN dst
//        192.168.100.1 self extern_learn`).
// Every target is observed the same way (support/cpu-idle.ts): its processes' per-thread CPU is sampled every
// 10 ms in one loop, from the first UPDATE byte until all of them have been idle for 0.5 s after the injector
// sent everything; then, once, the forwarding plane is counted (`ovs-ofctl dump-flows br-int`, `bridge fdb`).
// Nothing polls a target while it works. The OVN run's end is the latest of evpnctl, ovn-northd,
// ovn-controller and ovs-vswitchd (the NB and SB ovsdb-servers are sampled too); each one's own last busy
// sample is the breakdown, with "NB has all" from an ovsdb-client monitor of the managed LSPs (one more NB
// client, as in bgp-ingest). Rounds interleave the targets (frr, ovn, frr, ovn, ...); the ratio is OVN's
// seconds over FRR's of the same round (a cost: below 1 is faster). After the count, the OVN run also counts
// the SB logical flows by stage (where northd's work goes; not timed).
// Two more OVN targets, for the open decision of issue 13 (which path remote MACs should take):
//   ovn-arp    the OVN site with ARP suppression on (`network add --no-flood-unknown`: no `unknown` on the EVPN
//              ports, so northd also makes ARP responder flows for every remote IP);
//   ovn-sbfdb  not evpnctl's path: the daemon gets only the type 3s (ports and LSPs with "unknown"), then the
//              benchmark writes one SB FDB row per remote MAC itself and times first write -> OpenFlow flows.
// And OVN's floor, the least any writer of the MACs could pay on this OVN (no evpnctl work at all: the same site
// given only the type 3s, then every MAC written by the benchmark in ONE transaction on a JSON-RPC connection
// opened before the clock; first byte of the transaction -> the last of northd/ovn-controller/vswitchd idle):
//   ovn-floor-nb  the MACs as the addresses of the EVPN LSPs (what evpnctl writes), one NB transaction;
//   ovn-floor-sb  the MACs as SB FDB rows, one SB transaction.
//   If a floor is above FRR's whole time in the same round, no change inside evpnctl can meet "<= 1.0x FRR" on it.
//   sudo npx tsx bench/data-plane.ts [--routes 50000] [--vnis 10] [--runs 3] [--targets frr,ovn,ovn-arp,ovn-sbfdb,ovn-floor-nb,ovn-floor-sb] [--out FILE]
//   -> bench/results/data-plane.json   (the injector runs as `... data-plane.ts --inject <json>` in a netns)
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { spawnChild } from '../src/lab/daemon.js';
import { startFrr, type FrrInstance } from '../src/lab/frr.js';
import { createKernelVtep, fdbShow } from '../src/lab/kernel-vtep.js';
import { LineEventLog } from '../src/lab/line-events.js';
import { assertLabPrerequisites } from '../src/lab/prereqs.js';
import type { OvnSite } from '../src/lab/topology/ovn-site.js';
import { buildSpeakerPair, type SpeakerPair } from '../src/lab/topology/speaker-pair.js';
import { sleep } from '../src/lab/wait.js';
import { systemClock } from '../src/core/clock.js';
import { OvsdbRpcConnection } from '../src/core/ovn/ovsdb-rpc.js';
import { inject, type InjectOptions } from './support/bgp-injector.js';
import { spread, verdict, waitCpuIdleEach, type CpuIdleResult } from './support/cpu-idle.js';
import { injectedMacs } from './support/injected-table.js';
import { countMacFlows, fdbInsertOps, lflowStages, lspAddressOps, sbFdbRows } from './support/ovn-forwarding-plane.js';
import { NbMacWatch } from './support/nb-watch.js';
import { processGroups, startOvnBenchSite } from './support/ovn-bench-site.js';
import { arg, round, runKeptAlive } from './support/bench-main.js';

const ASN = 65000;
const ROUTES = Number(arg('--routes') ?? 50_000);
const VNIS = Number(arg('--vnis') ?? 10);
const RUNS = Number(arg('--runs') ?? 3);
const TARGETS = (arg('--targets') ?? 'frr,ovn,ovn-arp,ovn-sbfdb,ovn-floor-nb,ovn-floor-sb').split(',') as Kind[];
const TIMEOUT_MS = Number(arg('--timeout') ?? 300_000);

/** ovn-arp: the same OVN site with `network add --no-flood-unknown` (no `unknown` on the EVPN ports, so northd adds
 * an ARP responder flow per remote IP: ARP suppression; README "Two things the lab shows"). */
type Kind = 'frr' | 'ovn' | 'ovn-arp' | DirectKind;
/** The targets where the benchmark writes the MACs into OVN itself (see the header). */
type DirectKind = 'ovn-sbfdb' | 'ovn-floor-nb' | 'ovn-floor-sb';
const isDirect = (k: Kind): k is DirectKind => k === 'ovn-sbfdb' || k === 'ovn-floor-nb' || k === 'ovn-floor-sb';

interface StageTimes {
  /** Seconds from the first UPDATE byte to the process's last busy 10 ms sample; its CPU seconds up to then. */
  [process: string]: { doneSeconds: number | null; cpuSeconds: number };
}

interface RunResult {
  target: Kind;
  run: number;
  routes: number;
  vnis: number;
  /** First UPDATE byte → the last observed process went idle (within one 10 ms sample). */
  seconds: number;
  /** Remote MACs found in the forwarding plane (OpenFlow dl_dst matches / kernel FDB entries), counted once. */
  macsInForwardingPlane: number;
  complete: boolean;
  stages: StageTimes;
  /** ovn: when every MAC was on the managed LSPs in the NB; flow counts. */
  nbCompleteSeconds?: number | null;
  openflowFlowsTotal?: number;
  openflowFlowsMatchingRemoteMacs?: number;
  sbLogicalFlows?: { total: number; byStage: Record<string, number> };
  /** ovn-sbfdb / ovn-floor-*: the benchmark's own writes (the clock starts at the first). */
  sbFdb?: { transactions: number; writtenSeconds: number; rowsInSbAfter: number };
  /** frr: kernel FDB entries pointing at the injector's VTEP (self, on the vxlan devices). */
  fdbEntries?: number;
  loadAverageBefore: number[];
}


/** The processes of a target, by the name the breakdown uses. */
interface Observed {
  groups: Record<string, number[]>;
  /** The names whose idle ends the run (the rest are sampled for their CPU only). */
  ending: string[];
  count(): Promise<Partial<RunResult> & { macsInForwardingPlane: number }>;
  watch?: NbMacWatch;
  site?: OvnSite;
}

async function startFrrTarget(pair: SpeakerPair, macs: Set<string>): Promise<Observed> {
  const ns = pair.speaker.netns;
  for (let v = 1; v <= VNIS; v++) await createKernelVtep(ns, v, pair.speaker.ip);
  const frr: FrrInstance = await startFrr(pair.run, ns, 'target', {
    hostname: 'bench', asn: ASN, routerId: pair.speaker.ip, advertiseAllVni: true,
    neighbors: [{ address: pair.peer.ip, remoteAs: ASN, updateSource: pair.speaker.ip, passive: true }],
  });
  return {
    groups: { bgpd: [frr.bgpd.pid], zebra: [frr.zebra.pid] },
    ending: ['bgpd', 'zebra'],
    count: async () => {
      const entries = (await fdbShow(ns)).filter((e) => e.ifname.startsWith('vxlan') && e.dst === pair.peer.ip && macs.has(e.mac));
      const distinct = new Set(entries.map((e) => `${e.ifname} ${e.mac}`));
      return { macsInForwardingPlane: distinct.size, fdbEntries: entries.length };
    },
  };
}

async function startOvnTarget(pair: SpeakerPair, macs: Set<string>, arpSuppression: boolean): Promise<Observed> {
  const target = await startOvnBenchSite(pair, VNIS);
  const { site, daemon: d } = target;
  await d.ok('speaker', 'add', '--as', String(ASN), '--router-id', pair.speaker.ip);
  await d.ok('neighbor', 'add', pair.peer.ip, '--remote-as', String(ASN), '--passive', '--hold-time', '180');
  for (let v = 1; v <= VNIS; v++) await d.ok('network', 'add', '--vni', String(v), '--logical-switch', `ls${v}`, ...(arpSuppression ? ['--no-flood-unknown'] : []));
  const watch = NbMacWatch.start(site.nbRemote);
  return {
    groups: await processGroups(target),
    ending: ['evpnctl', 'northd', 'ovn-controller', 'ovs-vswitchd'],
    watch, site,
    count: async () => {
      const { openflowFlowsMatchingMacs, ...flows } = await countMacFlows(site, macs);
      return { ...flows, openflowFlowsMatchingRemoteMacs: openflowFlowsMatchingMacs, sbLogicalFlows: await lflowStages(site) };
    },
  };
}

async function measure(kind: Kind, runNo: number, macs: Set<string>): Promise<RunResult> {
  const pair = await buildSpeakerPair({ peer: 'none', runOptions: { description: `bench data-plane ${kind} ${ROUTES}` } });
  let observed: Observed | undefined;
  try {
    observed = kind === 'frr' ? await startFrrTarget(pair, macs) : await startOvnTarget(pair, macs, kind === 'ovn-arp');
    await sleep(2000); // let the fresh daemons finish their start-up work before the clock can start
    const loadAverageBefore = loadavg().map((x) => round(x, 2));
    const opts: InjectOptions = { target: pair.speaker.ip, localAddress: pair.peer.ip, asn: ASN, routerId: pair.peer.ip, routes: ROUTES, vnis: VNIS };
    const child = await spawnChild(pair.run, {
      name: 'bgp-injector', netns: pair.peer.netns, pipe: true, logFile: pair.run.path('injector.log'),
      argv: ['node', '--import', 'tsx', join(import.meta.dirname, 'data-plane.ts'), '--inject', JSON.stringify(opts)],
    });
    if (!child.stdout || !child.stdin) throw new Error('expected pipes to the injector');
    const log = new LineEventLog(child.stdout);
    const sending = await log.waitFor(`the injector to start sending (log ${child.logFile})`, (e) => e.event === 'sending', 120_000);
    const t0 = Number(sending.t);
    const nbAt = observed.watch?.reached(macs.size, TIMEOUT_MS);
    const sent = log.waitFor('the injector to have sent everything', (e) => e.event === 'sent', TIMEOUT_MS);
    const idle = await waitCpuIdleEach(observed.groups, { after: sent, timeoutMs: Math.max(1000, t0 + TIMEOUT_MS - Date.now()) });
    const ends = observed.ending.map((k) => idle[k]?.lastBusyAt ?? null);
    const timedOut = ends.some((e) => e === null);
    const end = timedOut ? Date.now() : Math.max(...(ends as number[]));
    const stages: StageTimes = Object.fromEntries(Object.entries(idle).map(([k, r]) => {
      const x = r as CpuIdleResult;
      return [k, { doneSeconds: x.lastBusyAt === null ? null : round((x.lastBusyAt - t0) / 1000), cpuSeconds: round(x.cpuSeconds) }];
    }));
    const counted = await observed.count();
    const nbComplete = nbAt === undefined ? undefined : await Promise.race([nbAt, Promise.resolve(null)]);
    child.stdin.end();
    return {
      target: kind, run: runNo, routes: ROUTES, vnis: VNIS, seconds: round((end - t0) / 1000),
      complete: !timedOut && counted.macsInForwardingPlane === macs.size, stages,
      ...(nbComplete !== undefined && { nbCompleteSeconds: nbComplete === null ? null : round((nbComplete - t0) / 1000) }),
      ...counted, loadAverageBefore,
    };
  } finally {
    await observed?.watch?.stop();
    await pair.down();
  }
}

/** One transaction argv stays well under Linux's 128 KiB per argument (as the programmer's chunks, README). */
const SB_CHUNK_BYTES = 100_000;

/**
 * The targets where the benchmark writes the MACs itself (not what evpnctl does; the header says why each exists).
 * The same OVN site, the daemon given only the type 3s (so its ports and LSPs exist, bound, addresses "unknown"),
 * then:
 *   ovn-sbfdb     one SB FDB row (mac, dp_key, port_key: what ovn-controller writes when it learns a MAC on a port
 *                 with "unknown") per remote MAC, with `ovsdb-client transact` in ~100 KB transactions;
 *   ovn-floor-sb  the same rows in one transaction on a JSON-RPC connection opened before the clock;
 *   ovn-floor-nb  every MAC+IP as the EVPN LSPs' addresses ("unknown" kept), one NB transaction likewise.
 * Timed from the first write to the idle of ovn-northd, ovn-controller and ovs-vswitchd (observed as above);
 * counted the same way (OpenFlow flows with dl_dst=<MAC>).
 */
async function measureDirect(kind: DirectKind, runNo: number, macs: Set<string>): Promise<RunResult> {
  const pair = await buildSpeakerPair({ peer: 'none', runOptions: { description: `bench data-plane ${kind} ${ROUTES}` } });
  let observed: Observed | undefined;
  let rpc: OvsdbRpcConnection | undefined;
  try {
    observed = await startOvnTarget(pair, macs, false);
    const site = observed.site;
    if (site === undefined) throw new Error('expected the OVN target to carry its site');
    await sleep(2000);
    const opts: InjectOptions = { target: pair.speaker.ip, localAddress: pair.peer.ip, asn: ASN, routerId: pair.peer.ip, routes: 0, vnis: VNIS };
    const child = await spawnChild(pair.run, {
      name: 'bgp-injector', netns: pair.peer.netns, pipe: true, logFile: pair.run.path('injector.log'),
      argv: ['node', '--import', 'tsx', join(import.meta.dirname, 'data-plane.ts'), '--inject', JSON.stringify(opts)],
    });
    if (!child.stdout || !child.stdin) throw new Error('expected pipes to the injector');
    const log = new LineEventLog(child.stdout);
    const sent = log.waitFor(`the injector to have sent the type 3s (log ${child.logFile})`, (e) => e.event === 'sent', 120_000);
    await sent;
    const settled = await waitCpuIdleEach(observed.groups, { timeoutMs: 60_000 });
    if (Object.values(settled).some((r) => (r as CpuIdleResult).lastBusyAt === null)) throw new Error('expected the OVN site to settle after the type 3s within 60 s');
    const lsp = (v: number): string => `evpn-${v}-${pair.peer.ip}`;
    let write: () => Promise<number>;
    if (kind === 'ovn-floor-nb') {
      const ops = lspAddressOps(macs, VNIS, lsp);
      rpc = await OvsdbRpcConnection.open({ remote: site.nbRemote, clock: systemClock, probeMs: 0, onNotification: () => undefined, onClose: () => undefined });
      const conn = rpc;
      write = async () => {
        const result = await conn.request('transact', ['OVN_Northbound', ...ops], TIMEOUT_MS) as { count?: number; error?: string }[];
        const bad = result.find((r) => r.error !== undefined || r.count !== 1);
        if (bad !== undefined) throw new Error(`expected every EVPN LSP updated once, got ${JSON.stringify(bad)}`);
        return 1;
      };
    } else {
      const rows = await fdbInsertOps(site, macs, VNIS, lsp);
      if (kind === 'ovn-floor-sb') {
        rpc = await OvsdbRpcConnection.open({ remote: site.ovn.sbRemote, clock: systemClock, probeMs: 0, onNotification: () => undefined, onClose: () => undefined });
        const conn = rpc;
        write = async () => {
          const result = await conn.request('transact', ['OVN_Southbound', ...rows], TIMEOUT_MS) as { error?: string }[];
          const bad = result.find((r) => r.error !== undefined);
          if (bad !== undefined) throw new Error(`expected every FDB row inserted, got ${JSON.stringify(bad)}`);
          return 1;
        };
      } else {
        const txns = sbChunks(rows.map((r) => JSON.stringify(r)));
        write = async () => {
          for (const t of txns) await site.run(['ovsdb-client', 'transact', site.ovn.sbRemote, t], 60_000);
          return txns.length;
        };
      }
    }
    const loadAverageBefore = loadavg().map((x) => round(x, 2));
    const groups = { ...observed.groups };
    delete (groups as Record<string, number[]>).evpnctl;
    const t0 = Date.now();
    let transactions = 0;
    const written = write().then((n) => { transactions = n; return Date.now(); });
    const idle = await waitCpuIdleEach(groups, { after: written, timeoutMs: TIMEOUT_MS });
    const writtenAt = await written;
    const ending = ['northd', 'ovn-controller', 'ovs-vswitchd'].map((k) => idle[k]?.lastBusyAt ?? null);
    const timedOut = ending.some((e) => e === null);
    const end = timedOut ? Date.now() : Math.max(...(ending as number[]));
    const stages: StageTimes = Object.fromEntries(Object.entries(idle).map(([k, r]) => {
      const x = r as CpuIdleResult;
      return [k, { doneSeconds: x.lastBusyAt === null ? null : round((x.lastBusyAt - t0) / 1000), cpuSeconds: round(x.cpuSeconds) }];
    }));
    const counted = await observed.count();
    const fdbRows = await sbFdbRows(site);
    child.stdin.end();
    return {
      target: kind, run: runNo, routes: ROUTES, vnis: VNIS, seconds: round((end - t0) / 1000),
      complete: !timedOut && counted.macsInForwardingPlane === macs.size, stages,
      sbFdb: { transactions, writtenSeconds: round((writtenAt - t0) / 1000), rowsInSbAfter: fdbRows },
      ...counted, loadAverageBefore,
    };
  } finally {
    rpc?.close();
    await observed?.watch?.stop();
    await pair.down();
  }
}

/** Transactions of at most SB_CHUNK_BYTES of operations each (one `ovsdb-client transact` argument). */
function sbChunks(rows: readonly string[]): string[] {
  const txns: string[] = [];
  let cur: string[] = [];
  let bytes = 0;
  for (const r of rows) {
    if (bytes + r.length > SB_CHUNK_BYTES && cur.length > 0) {
      txns.push(`["OVN_Southbound",${cur.join(',')}]`);
      cur = [];
      bytes = 0;
    }
    cur.push(r);
    bytes += r.length + 1;
  }
  if (cur.length > 0) txns.push(`["OVN_Southbound",${cur.join(',')}]`);
  return txns;
}

async function runAll(): Promise<void> {
  await assertLabPrerequisites();
  const started = Date.now();
  const macs = injectedMacs(ROUTES, VNIS);
  const results: RunResult[] = [];
  for (let r = 1; r <= RUNS; r++) {
    for (const kind of TARGETS) {
      const res = isDirect(kind) ? await measureDirect(kind, r, macs) : await measure(kind, r, macs);
      console.log(JSON.stringify(res));
      results.push(res);
    }
  }
  const of = (k: Kind) => results.filter((x) => x.target === k);
  const ratiosOf = (k: Kind) => of(k).flatMap((o) => {
    const f = of('frr').find((x) => x.run === o.run);
    return f === undefined ? [] : [{ run: o.run, ratio: round(o.seconds / f.seconds, 2) }];
  });
  const ratios = ratiosOf('ovn');
  const arpRatios = ratiosOf('ovn-arp');
  // OVN's floor against FRR's whole time, same round: above 1, no evpnctl change meets the goal on that path.
  const floors = Object.fromEntries((['ovn-floor-nb', 'ovn-floor-sb'] as const).flatMap((k) => {
    const rs = ratiosOf(k);
    return rs.length === 0 ? [] : [[k, { toFrrSameRound: rs, ratio: spread(rs.map((x) => x.ratio), 2) }]];
  }));
  const sbFdbRatios = of('ovn-sbfdb').flatMap((b) => {
    const o = of('ovn').find((x) => x.run === b.run);
    return o?.nbCompleteSeconds == null ? [] : [{ run: b.run, ratio: round(b.seconds / (o.seconds - o.nbCompleteSeconds), 2) }];
  });
  const stageSpread = (k: Kind) => {
    const names = Object.keys(of(k)[0]?.stages ?? {});
    return Object.fromEntries(names.map((n) => [n, {
      doneSeconds: spread(of(k).map((x) => x.stages[n]?.doneSeconds ?? Number.NaN)),
      cpuSeconds: spread(of(k).map((x) => x.stages[n]?.cpuSeconds ?? Number.NaN)),
    }]));
  };
  const summary = Object.fromEntries(TARGETS.map((k) => [k, {
    completeRuns: of(k).filter((x) => x.complete).length, runs: of(k).length,
    seconds: spread(of(k).map((x) => x.seconds)),
    stages: stageSpread(k),
    ...((k === 'ovn' || k === 'ovn-arp') && {
      nbCompleteSeconds: spread(of(k).map((x) => x.nbCompleteSeconds ?? Number.NaN)),
      // The OVN part alone: every MAC in the NB -> the last of northd/ovn-controller/vswitchd idle.
      nbToForwardingPlaneSeconds: spread(of(k).map((x) => x.seconds - (x.nbCompleteSeconds ?? Number.NaN))),
    }),
    ...(isDirect(k) && {
      // The same part on the SB FDB path: first SB write -> the last of northd/ovn-controller/vswitchd idle.
      sbWriteToForwardingPlaneSeconds: spread(of(k).map((x) => x.seconds)),
      sbWrittenSeconds: spread(of(k).map((x) => x.sbFdb?.writtenSeconds ?? Number.NaN)),
    }),
  }]));
  const ratio = ratios.length > 0 ? spread(ratios.map((x) => x.ratio), 2) : null;
  const out = {
    date: new Date().toISOString(), node: process.version, routes: ROUTES, vnis: VNIS, runs: RUNS,
    wallMinutes: round((Date.now() - started) / 60_000, 1), loadAverageAfter: loadavg().map((x) => round(x, 2)),
    method: 'Each run is a fresh netns pair and fresh target processes. The raw injector sends every type-2 (MAC+IP) '
      + 'and one type 3 per VNI, next hop 192.168.100.1. Every target is observed the same way: its processes\' '
      + 'per-thread CPU (/proc/<pid>/task/*/schedstat) is sampled every 10 ms in one loop; the run ends when every '
      + 'observed process has been idle for 0.5 s after the injector sent everything, at the latest last busy sample '
      + 'of the ending processes (ovn: evpnctl, ovn-northd, ovn-controller, ovs-vswitchd; frr: bgpd, zebra); only '
      + 'then is the forwarding plane counted, once: ovs-ofctl dump-flows br-int (flows with dl_dst=<remote MAC>) / '
      + 'bridge fdb (entries on vxlanN with dst 192.168.100.1). seconds = first UPDATE byte -> end. stages: each '
      + 'process\'s own last busy sample and CPU. ratio = ovn seconds / frr seconds of the same round (lower is faster).',
    note: 'OVN gets the IPs too (LSP addresses "MAC IP"); with `unknown` on the EVPN ports (the default, ovn) northd '
      + 'makes no ARP responder flows for them, with --no-flood-unknown (ovn-arp) one per remote IP (ARP suppression). '
      + 'FRR without an SVI installs no neighbor entries, only the FDB. The machine is shared: same-round ratios count.',
    results, summary,
    ovnToFrrSameRound: ratios,
    ...(ratio && { ratio, verdict: verdict(ratio, 'cost'), goal: 'ovn <= 1.0x frr', goalMet: ratio.median <= 1 }),
    ...(Object.keys(floors).length > 0 && { floorToFrr: floors }),
    ...(arpRatios.length > 0 && { ovnArpToFrrSameRound: arpRatios, arpRatio: spread(arpRatios.map((x) => x.ratio), 2) }),
    ...(sbFdbRatios.length > 0 && {
      // The OVN part alone, SB FDB path over the NB path (every MAC in the NB -> forwarding plane), same round.
      sbFdbToNbPathSameRound: sbFdbRatios, sbFdbToNbPathRatio: spread(sbFdbRatios.map((x) => x.ratio), 2),
    }),
  };
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(arg('--out') ?? join(dir, 'data-plane.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify({ summary, ratios, ratio }, null, 2));
}

if (process.argv[2] === '--inject') {
  await inject(JSON.parse(process.argv[3] ?? '{}') as InjectOptions);
} else {
  await runKeptAlive(runAll);
}
