// The evpnctl lab: the recipe's multi-site EVPN-VXLAN topology (lab-recipe.txt) built in network namespaces
// on one machine, for the demo, the e2e tests and the BGP interop tests.
//
// RUNS AND CLEANUP
//   LabRun.create(opts?) -> LabRun { id, dir, cleanup, manifest, netnsName(role), path(...), addNetns(role),
//                                   track(name, pid), stopProcess(proc), keep(), down() }
//   - id: 6 chars [a-z0-9]; dir: /tmp/evpnctl-lab-<id>; netns: evl-<id>-<role>. Interface names live inside our
//     own namespaces (ux0, uy0, eth0, br-phy, ...), so only netns names and the dir carry the id.
//   - Everything a builder creates is (1) recorded in <dir>/manifest.json (netns names; processes as
//     pid + start time, so a reused PID is never signalled) and (2) registered as an undo step in run.cleanup,
//     a LIFO CleanupRegistry. run.down() runs it: stops processes newest first (SIGTERM, then SIGKILL),
//     then the final step teardownRun(dir) works from the manifest alone: stops what is left, kills anything
//     still inside a netns named after the run, deletes the netns, removes the dir (kept with keepDir, for logs).
//     down() is idempotent; every handle's stop() is too, and can be called early.
//   - teardownRun(runDirOf(id), { removeDir }) does the same from another process (`lab down <id>`).
//   - installSignalCleanup(run.cleanup) runs the cleanup on SIGINT/SIGTERM/SIGHUP, then re-raises the signal.
//   - findLeftovers(id, processes) / listRuns() report what of a run still exists.
//
// BUILDERS (topology/)
//   buildTwoSiteLab({ thirdSite?, frr?, frrNeighbor?, logicalSwitch?, vni?, run?, runOptions? }) -> TwoSiteLab {
//       run, vni, underlay, x: KernelSite, y: OvnSite, x2?: KernelSite, frr: { x?, x2? }: FrrInstance,
//       hosts: { h1, vm1, h1b? }: Host, down() }
//     Site X: kernel vxlan10 (local 192.168.100.1, dstport 4789, nolearning) + br10 + h1 (10.0.0.11,
//     02:ac:10:ff:00:11). Site Y: OVS netdev + OVN NB/SB/northd/controller, br-phy holding uy0 and the VTEP IP
//     192.168.100.2, ls0 with vm1 (10.0.0.22, 02:ac:10:ff:00:22) on a veth bound by iface-id. X2: 192.168.100.3,
//     h1b (10.0.0.12). Two sites share one veth; three share a bridge in netns evl-<id>-u.
//     frr: true starts FRR on the kernel sites, peering iBGP AS 65000 with Y (and each other); an object
//     overrides FrrBgpConfig fields (neighbors, gracefulRestart, vnis, asn...).
//   buildOvnOvnLab({ kernelSite?, frrNeighbor?, logicalSwitch?: (plan) => name, vni?, run?, runOptions? }) -> OvnOvnLab {
//       run, vni, underlay, y: OvnSite, y2: OvnSite, x?: KernelSite, frr: { x? }, hosts: { vm1, vm2, h1? }, down() }
//     Two OVN sites: Y as above and Y2 (VTEP 192.168.100.4 on br-phy, vm2 10.0.0.24 02:ac:10:ff:00:24), each with
//     its own OVS/OVN; kernelSite adds X (FRR peering with both) and makes the underlay a bridge.
//   buildSiteSet(run, { kernelPlans, ovnPlans, vni, logicalSwitch?, frr?, frrNeighbor? }) is what both builders use:
//     any mix of kernel and OVN sites on one underlay, FRR on each kernel site peering with every other VTEP.
//   OvnSite { netns, vtepIp, ovs, ovn, logicalSwitch, vms, ovsDbRemote, nbRemote, env, run(argv), spawn(name, argv, {env, pipe}) }
//     ovsDbRemote / nbRemote are the unix: remotes for `evpnctl daemon --ovs-db ... --ovn-nb-db ...`; env holds
//     OVS_* / OVN_* for any tool; spawn() starts a tracked long-running command (e.g. the daemon) in Y's netns.
//   installStaticEvpn(y, [x, x2?], vni) programs by hand what EVPN would (vxlan port + LSP "MAC IP".. unknown on Y,
//     flood + MAC FDB entries on kernel sites): the recipe's "static" mode.
//   buildSpeakerPair({ peer: 'gobgp'|'osken'|'frr'|'evpnctl'|'none', speakerAsn?, peerAsn?, frrNeighbor?, frr?, gobgpNeighbor?,
//                      transport?: 'ipv4'|'ipv6', peerRoot?, peerDirName?, oskenImportRts? })
//     -> SpeakerPair { run, speaker: { netns, ip 192.168.100.2, ip6 fd00:100::2, sessionIp, asn, iface },
//        peer: { netns, ip 192.168.100.1, ip6 fd00:100::1, sessionIp, asn, gobgp?, osken?, frr?, site? },
//        runInSpeaker(argv), spawnInSpeaker(name, argv), spawnInPeer(name, argv), down() }
//     ('evpnctl': nothing runs in the peer netns yet; the caller starts a second daemon there with spawnInPeer.)
//     The speaker netns is where evpnctl's daemon runs (no OVS); the peer is a reference speaker already
//     configured to peer with the speaker (an FRR peer is a full kernel VTEP with h1, so it has a VNI). The
//     underlay has both families; sessionIp is the one the BGP session uses (transport), the VTEPs stay IPv4.
//     peerRoot runs FRR/gobgpd from a Debian root (FRR 10.3 / GoBGP 3.36 from the trixie root).
//     startPeerSpeaker(run, kind, peerSide, speakerSide, o) starts another reference speaker on a built pair.
//   buildNbClusterLab({ members = 3, electionTimerMs?, central = true }) -> NbClusterLab { run, underlay, cluster, down() }
//     A Raft-clustered NB (ovsdb-tool create-cluster / join-cluster), member i in netns evl-<id>-nb<i> at
//     192.168.100.3<i> (Raft tcp:6643, clients tcp:6641 and unix:<dir>/nb<i>/ovn/nb.sock), SB + ovn-northd next to nb1.
//     NbCluster { members, unixRemotes, tcpRemotes, sbUnixRemote, sbTcpRemote, status(m), waitLeader(), kill(m),
//     restart(m), nbctl(...), stop() }; startNbCluster(run, placements) puts the members in netns you made.
//   buildHaLab({ frrNeighbor?, runOptions? }) -> HaLab { run, underlay, cluster, x, frr, g1, g2, c, logicalSwitch, hosts: { h1, vm1 }, down() }
//     Issue 10's two-gateway lab on one bridged underlay: the clustered NB above, gateways G1 (192.168.100.2,
//     system-id gw1) and G2 (.5, gw2) with OVS netdev + ovn-controller (startOvnController, SB over TCP), compute
//     chassis C (.6) with vm1 on ls0 (Geneve to the gateways), FRR site X (.1, h1) peering with both gateways.
//     ChassisSite { plan, netns, ovs, ovsDbRemote, nbRemote (the cluster's TCP remotes), env, vms, run, spawn }.
//   moveHost(host, from, to, { afterAttach }) re-attaches a host to another kernel site (MAC mobility tests).
//   waitReachable(host, ip), captureVxlan(run, netns, iface, name, fn) -> { packets: {src, dst, vni, inner}[] }.
//
// PIECES
//   netns.ts (netns, veth, addresses, MTU, ethtool tx off), ovs.ts / ovn.ts (startOvs, startOvn, bridges and
//   vxlan ports), kernel-vtep.ts (vxlan + bridge, fdbShow, floodVteps), hosts.ts (createHost, ping),
//   frr.ts + frr-config.ts (startFrr -> FrrInstance with vtysh/vtyshJson/neighbors/evpnRoutes/evpnMacs/
//   waitEstablished/restartBgpd), gobgp.ts (startGobgp -> GobgpInstance with cli/cliJson/neighbors/evpnRib/
//   add|delMulticast/add|delMacIp), both with { root } to run chrooted from a Debian root (debian-root.ts:
//   ensureTrixieRoot, trixieRootDir, chrootArgv; FRR 10 there also gets mgmtd), osken.ts (startOsken -> OskenSpeaker over a JSON line protocol),
//   capture.ts (startCapture, readFields), udp-broadcast.ts (sendUdpBroadcast), daemon.ts (startDaemonized, spawnChild), prereqs.ts.
//   Every handle that runs something has an explicit stop().
//
// PITFALLS HANDLED (lab-recipe P-numbers): tx checksum off on every veth OVS reads or a kernel VTEP sends on
// (P2), VTEP IP on br-phy, FRR dir owned by frr:frr (P5), OVS_RUNDIR/OVN_RUNDIR exported for every OVS/OVN
// daemon and tool (P4), no --unixctl for ovn-controller (P4), setsid for long-running children (P13),
// PMSI on gobgp type-3 routes by default (P1), hosts at MTU 1450 (P10). iputils ping is not installed on
// the lab machines, so ping is ICMP over a raw socket in /usr/bin/python3 (icmp-ping.ts).

export * from './capture.js';
export * from './cleanup.js';
export * from './daemon.js';
export * from './debian-root.js';
export * from './errors.js';
export * from './exec.js';
export * from './frr-config.js';
export * from './frr.js';
export * from './gobgp-config.js';
export * from './gobgp-evpn.js';
export * from './gobgp.js';
export * from './hosts.js';
export * from './icmp-ping.js';
export * from './kernel-vtep.js';
export * from './line-events.js';
export * from './manifest.js';
export * from './names.js';
export * from './netns.js';
export * from './osken.js';
export * from './ovn.js';
export * from './ovn-nb-cluster.js';
export * from './ovs-env.js';
export * from './ovs.js';
export * from './prereqs.js';
export * from './proc.js';
export * from './python.js';
export * from './run.js';
export * from './signals.js';
export * from './static-lab.js';
export * from './steps.js';
export * from './udp-broadcast.js';
export * from './wait.js';
export * from './topology/ha-lab.js';
export * from './topology/kernel-site.js';
export * from './topology/move-host.js';
export * from './topology/nb-cluster-lab.js';
export * from './topology/ovn-ovn.js';
export * from './topology/ovn-site.js';
export * from './topology/plan.js';
export * from './topology/sites.js';
export * from './topology/speaker-pair.js';
export * from './topology/static-evpn.js';
export * from './topology/two-site.js';
export * from './topology/underlay.js';
export * from './topology/verify.js';
