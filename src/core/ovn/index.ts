// The OVN/OVS side of evpnctl: the only code that runs ovs-vsctl, ovn-nbctl and ovsdb-client.
//
// Public API
// ----------
// OvnProgrammer: drives OVS and the OVN NB toward the desired EVPN ports, writing prepared OVSDB transactions
// (`ovsdb-client transact`, txn.ts): rows inserted with our uuids, changed by `_uuid`, chunks atomic.
//   new OvnProgrammer({ ovsDb?, nbDb?, ssl?, bridge = 'br-int', batchWindowMs = 5, timeoutSec = 30,
//                       maxArgvBytes?, maxTxnBytes?, backoff?, clock?, log?, runner? })
//   setNetworks(networks: OvnNetwork[], local: LocalVteps | string | null): void   desired config and our VTEP per
//                                          family ({ ipv4, ipv6 }; one address = its family's); a change re-reads and reconciles
//   apply(events: EvpnEvent[]): void       events from the EVPN side, coalesced over batchWindowMs
//   start(): Promise<void>                 reads managed objects, reconciles; returns after that first attempt
//   stop(): Promise<void>                  stops after the batch in flight; deletes nothing
//   flush(): Promise<void>                 resolves once all desired so far is applied (waits through retries)
//   resync(): void                         forces a re-read + full reconcile (e.g. a mapped switch appeared)
//   status(): OvnStatus                    { state: 'ok'|'degraded'|'starting'|'disabled', lastError }
//   stats(): OvnProgrammerStats            batches, reconciles, errors, rejectedEvents, spawns {vsctl,nbctl,client},
//                                          lastBatchMs, remoteMacs, managed {ports,lsps,pgs,addresses}
//
// OvnMonitor: reports local VM MACs of the mapped switches from `ovsdb-client monitor-cond` (JSON) of those
// switches and their member LSPs only, no polling.
//   new OvnMonitor({ nbDb?, ssl?, onEvent(e: LocalMacEvent), debounceMs = 20, settleMs = 500, backoff?, clock?, log?, runner? })
//   setSwitches(switches: string[]): void  names or uuids; LocalMac.logicalSwitch echoes the one that matched
//   start(): void; stop(): Promise<void>; ready(): Promise<void>
//   localMacs(): LocalMac[]; status(): OvnStatus
//   resolvePort(nameOrUuid): Promise<ResolvedPort>   for `client add` without --mac; NotFoundError when absent
//
// What gets programmed, per (VNI, remote VTEP, key): an OVS vxlan Interface/Port on the bridge (name from
// naming.ts, <= 15 chars; options remote_ip, key = the routes' label VNI, dst_port=4789, local_ip = our VTEP of
// the remote's family) and an LSP `evpn-<vni>-<vtep>` (`-k<key>` when key != VNI) (type "") on the VNI's switch
// whose addresses hold one "MAC ip..." per remote MAC plus "unknown" when floodUnknown and the pair is in the
// flood list (an ingress-replication type 3). Per VNI: Port_Group `evpn_vni_<vni>` of its EVPN LSPs with a
// to-lport drop ACL `inport == @pg && outport == @pg && flags.loopback == 0` (split horizon), and, when some pair
// is not in the flood list, Port_Group `evpn_noflood_<vni>` of those with `outport == @pg && eth.mcast` drop.
// Every object carries external_ids evpnctl-managed=true, evpnctl-vni and (per pair) evpnctl-vtep and
// evpnctl-key (absent = VNI: objects of older runs are adopted); nothing without that mark is ever changed.
// A pair of a family we have no VTEP in is not programmed; status() lists it under problems.
//
// InterfaceMonitor: the `error` column of our OVS interfaces, from `ovsdb-client monitor` of the OVS database.
//   new InterfaceMonitor({ ovsDb?, ssl?, settleMs?, backoff?, clock?, log?, runner?, onChange? })
//   start(); stop(); errors(): InterfaceError[]; status(): OvnStatus; until(done(errors)): Promise<void>
//
// Errors: OvnExecError (tool, argv, exitCode, signal, stderr, timedOut) for every failed tool run, and for a
// transaction whose op failed (expected/got name the op, the server's error and details; nothing was written).
export { OvnProgrammer, type OvnProgrammerOptions, type OvnProgrammerStats } from './programmer.js';
export { OvnMonitor, type OvnMonitorOptions } from './monitor.js';
export { InterfaceMonitor, type InterfaceError, type InterfaceMonitorOptions } from './interface-monitor.js';
export type { LocalMac, LocalMacEvent } from './local-ports.js';
export type { ResolvedPort } from './port-resolver.js';
export type { MacIps } from './addresses.js';
export { OvnExecError, type OvnTool } from './exec-error.js';
export type { NbFence, SslFiles, SpawnCounts } from './exec.js';
export { createExecaRunner, execaRunner, type ExecaRunnerOptions, type ProcessRunner, type RunResult, type StreamingChild, type StreamHandlers } from './process-runner.js';
export { systemClock, type Clock, type TimerHandle } from '../clock.js';
export type { BackoffPolicy } from './backoff.js';
export { quietLog, type LocalVteps, type OvnLog, type OvnNetwork, type OvnStatus } from './types.js';
export { lspName, portGroupName, portNameCandidate, EXT as MANAGED_EXTERNAL_IDS } from './naming.js';

// HA (issue 10): owners on managed objects (owner.ts), the group lock on the NB that follows the cluster
// leader (ovsdb-lock.ts over ovsdb-rpc.ts), write fencing by token (ha-fence.ts), the chassis name (chassis-identity.ts).
//   new OvnProgrammer({ owner: { chassis, group }, nbFence: () => ({ op: fenceWaitOp(token), expects: fenceExpects(token) }) }); removeLocalPorts() when stopped
//   new HaLock({ remotes, group, chassis, onEvent }) : start(), stop(), status() -> { state, remote, token, holder, lastError }
export { OWNER_EXT, ownershipOf, type Owner } from './owner.js';
export { HaLock, type HaLockEvent, type HaLockStatus, type LockLossReason } from './ovsdb-lock.js';
export { fenceCommand, fenceExpects, fenceWaitOp, lockName, parseHaGroup, type FenceToken } from './ha-fence.js';
export { localChassisName, parseChassisName } from './chassis-identity.js';
