#!/bin/bash
# Captures golden BGP fixtures from real peers: FRR 8.4 (bgpd + zebra, kernel vxlan10 + br10,
# advertise-all-vni), gobgpd 3.10 (route reflector in the middle, routes added with the gobgp CLI) and
# os-ken 2.5 (BGPSpeaker). Each runs in its own network namespace with private paths under a temp dir;
# tcpdump records gobgpd's side, then scripts/split-bgp-capture.ts cuts the TCP streams into one hex
# file per message in test/fixtures/bgp/.
#
#   FRR 192.168.100.1 --veth-- 192.168.100.2 gobgpd 192.168.101.2 --veth-- 192.168.101.3 os-ken
#
# Usage: sudo scripts/capture-bgp-fixtures.sh [OUT_DIR]   (needs root; never touches /etc/frr, /var/run/frr)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/test/fixtures/bgp}
for tool in /usr/lib/frr/zebra /usr/lib/frr/bgpd gobgpd gobgp tcpdump tshark /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "capture-bgp-fixtures: $tool is required but missing" >&2; exit 2; }
done
RND=$(printf '%04x' $((RANDOM)))
NSF=bfx$$${RND}f; NSG=bfx$$${RND}g; NSO=bfx$$${RND}o
LAB=$(mktemp -d /tmp/bgpfx.XXXXXX); chmod 755 "$LAB"
TCPDUMP_PID=; GOBGPD_PID=; OSKEN_PID=
log() { echo "[capture $(date +%T)] $*" >&2; }

cleanup() {
  set +e
  for pid in "$OSKEN_PID" "$GOBGPD_PID"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
  for pf in "$LAB/frr/bgpd.pid" "$LAB/frr/zebra.pid"; do
    [ -f "$pf" ] && kill "$(cat "$pf")" 2>/dev/null
  done
  [ -n "$TCPDUMP_PID" ] && kill -INT "$TCPDUMP_PID" 2>/dev/null
  sleep 0.5
  for ns in "$NSF" "$NSG" "$NSO"; do ip netns del "$ns" 2>/dev/null; done
  [ -n "${KEEP_LAB:-}" ] && { echo "lab kept in $LAB" >&2; return; }
  rm -rf "$LAB"
}
trap cleanup EXIT

waitfor() { # waitfor <tenths> <description> <command...>
  local n=$1 what=$2; shift 2
  for _ in $(seq "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "capture-bgp-fixtures: timed out waiting for $what" >&2; return 1
}

log "namespaces $NSF $NSG $NSO, lab $LAB"
for ns in "$NSF" "$NSG" "$NSO"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip link add "f$RND" netns "$NSF" type veth peer name "g$RND" netns "$NSG"
ip link add "o$RND" netns "$NSO" type veth peer name "h$RND" netns "$NSG"
ip -n "$NSF" addr add 192.168.100.1/24 dev "f$RND"; ip -n "$NSF" link set "f$RND" up
ip -n "$NSG" addr add 192.168.100.2/24 dev "g$RND"; ip -n "$NSG" link set "g$RND" up
ip -n "$NSG" addr add 192.168.101.2/24 dev "h$RND"; ip -n "$NSG" link set "h$RND" up
ip -n "$NSO" addr add 192.168.101.3/24 dev "o$RND"; ip -n "$NSO" link set "o$RND" up
# FRR's data plane: bridge + VXLAN VNI 10 + one host port, as in the lab recipe.
ip -n "$NSF" link add br10 type bridge
ip -n "$NSF" link add vxlan10 type vxlan id 10 local 192.168.100.1 dstport 4789 nolearning
ip -n "$NSF" link set vxlan10 master br10
ip -n "$NSF" link add h1-p type veth peer name h1-e
ip -n "$NSF" link set h1-p master br10
for d in br10 vxlan10 h1-p h1-e; do ip -n "$NSF" link set "$d" up; done

PCAP=$LAB/bgp.pcap
ip netns exec "$NSG" tcpdump -U -nn -i any -s 0 -w "$PCAP" tcp port 179 >"$LAB/tcpdump.log" 2>&1 &
TCPDUMP_PID=$!
waitfor 50 tcpdump grep -q listening "$LAB/tcpdump.log"

mkdir -p "$LAB/gobgp"
cat >"$LAB/gobgp/gobgpd.toml" <<EOC
[global.config]
  as = 65000
  router-id = "192.168.100.2"
  port = 179
EOC
for peer in 192.168.100.1:192.168.100.2 192.168.101.3:192.168.101.2; do
  cat >>"$LAB/gobgp/gobgpd.toml" <<EOC
[[neighbors]]
  [neighbors.config]
    neighbor-address = "${peer%%:*}"
    peer-as = 65000
  [neighbors.transport.config]
    local-address = "${peer##*:}"
  [neighbors.timers.config]
    connect-retry = 2
  [neighbors.route-reflector.config]
    route-reflector-client = true
    route-reflector-cluster-id = "192.168.100.2"
EOC
  # Graceful restart towards FRR only: it brings the GR capability into both OPENs and End-of-RIB markers.
  if [ "${peer%%:*}" = 192.168.100.1 ]; then GR=true; else GR=false; fi
  cat >>"$LAB/gobgp/gobgpd.toml" <<EOC
  [neighbors.graceful-restart.config]
    enabled = $GR
    restart-time = 120
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = $GR
EOC
done
ip netns exec "$NSG" gobgpd -f "$LAB/gobgp/gobgpd.toml" -p -l info --pprof-disable \
  --api-hosts="unix://$LAB/gobgp/api.sock" >"$LAB/gobgp/gobgpd.log" 2>&1 </dev/null &
GOBGPD_PID=$!
waitfor 100 "gobgpd API socket" test -S "$LAB/gobgp/api.sock"
G() { ip netns exec "$NSG" gobgp --target "unix://$LAB/gobgp/api.sock" "$@"; }

D=$LAB/frr; mkdir -p "$D"
cat >"$D/zebra.conf" <<EOC
hostname fx-frr
log file $D/zebra.log
!
EOC
cat >"$D/bgpd.conf" <<EOC
hostname fx-frr
log file $D/bgpd.log
!
router bgp 65000
 bgp router-id 192.168.100.1
 bgp graceful-restart
 no bgp default ipv4-unicast
 neighbor 192.168.100.2 remote-as 65000
 neighbor 192.168.100.2 update-source 192.168.100.1
 neighbor 192.168.100.2 timers connect 2
 !
 address-family l2vpn evpn
  neighbor 192.168.100.2 activate
  advertise-all-vni
 exit-address-family
!
EOC
chown -R frr:frr "$D"
ip netns exec "$NSF" /usr/lib/frr/zebra -d -f "$D/zebra.conf" -i "$D/zebra.pid" -z "$D/zserv.api" --vty_socket "$D" -P 0
waitfor 50 "zebra socket" test -S "$D/zserv.api"
ip netns exec "$NSF" /usr/lib/frr/bgpd -d -f "$D/bgpd.conf" -i "$D/bgpd.pid" -z "$D/zserv.api" --vty_socket "$D" -P 0
waitfor 300 "FRR session" sh -c "ip netns exec $NSG gobgp --target unix://$LAB/gobgp/api.sock neighbor | grep -q '192.168.100.1.*Establ'"
log "FRR <-> gobgpd established"

# gobgp's routes: type-3 with PMSI ingress replication, type-2 MAC+IP and MAC-only (0.0.0.0 = no IP).
G global rib -a evpn add multicast 192.168.100.2 etag 0 rd 192.168.100.2:10 rt 65000:10 encap vxlan pmsi ingress-repl 10 192.168.100.2
sleep 0.3
G global rib -a evpn add macadv 02:ac:10:ff:00:22 10.0.0.22 etag 0 label 10 rd 192.168.100.2:10 rt 65000:10 encap vxlan
sleep 0.3
G global rib -a evpn add macadv 02:ac:10:ff:00:23 0.0.0.0 etag 0 label 10 rd 192.168.100.2:10 rt 65000:10 encap vxlan
# FRR's routes: its type-3 comes from the VNI; a MAC on the bridge gives MAC-only, a neighbor entry MAC+IP.
ip netns exec "$NSF" bridge fdb add 02:ac:10:ff:00:11 dev h1-p master static
waitfor 100 "FRR MAC-only route" sh -c "ip netns exec $NSG gobgp --target unix://$LAB/gobgp/api.sock global rib -a evpn | grep -q '02:ac:10:ff:00:11'"
ip netns exec "$NSF" ip neigh add 10.0.0.11 lladdr 02:ac:10:ff:00:11 dev br10 nud permanent || log "ip neigh add failed"
waitfor 100 "FRR MAC+IP route" sh -c "ip netns exec $NSG gobgp --target unix://$LAB/gobgp/api.sock global rib -a evpn | grep -q 'ip:10.0.0.11'" \
  || log "no MAC+IP route from FRR"
waitfor 100 "FRR type-3" sh -c "ip netns exec $NSG gobgp --target unix://$LAB/gobgp/api.sock global rib -a evpn | grep -q 'multicast.*192.168.100.1'"
sleep 0.5

# os-ken: type-3 with PMSI, type-2 MAC+IP, type-2 MAC-only with MAC mobility, then a withdraw and a shutdown.
cat >"$LAB/osken.py" <<'EOC'
import sys, time, eventlet
eventlet.monkey_patch()
from os_ken.services.protocols.bgp.bgpspeaker import (BGPSpeaker, EVPN_MAC_IP_ADV_ROUTE,
    EVPN_MULTICAST_ETAG_ROUTE, TUNNEL_TYPE_VXLAN, PMSI_TYPE_INGRESS_REP, RF_L2_EVPN)
up = []
s = BGPSpeaker(as_number=65000, router_id='192.168.101.3', bgp_server_hosts=['192.168.101.3'], bgp_server_port=179,
               peer_up_handler=lambda ip, asn: up.append(ip))
RD = '192.168.101.3:10'
s.vrf_add(route_dist=RD, import_rts=['65000:10'], export_rts=['65000:10'], route_family=RF_L2_EVPN)
s.neighbor_add('192.168.101.2', 65000, enable_evpn=True, enable_ipv4=False, local_address='192.168.101.3')
for _ in range(300):
    if up: break
    eventlet.sleep(0.1)
print('peer up' if up else 'peer never came up', flush=True)
s.evpn_prefix_add(route_type=EVPN_MULTICAST_ETAG_ROUTE, route_dist=RD, ethernet_tag_id=0, ip_addr='192.168.101.3',
                  next_hop='192.168.101.3', tunnel_type=TUNNEL_TYPE_VXLAN, vni=10, pmsi_tunnel_type=PMSI_TYPE_INGRESS_REP)
eventlet.sleep(0.5)
s.evpn_prefix_add(route_type=EVPN_MAC_IP_ADV_ROUTE, route_dist=RD, esi=0, ethernet_tag_id=0, mac_addr='02:ac:10:ff:00:33',
                  ip_addr='10.0.0.33', next_hop='192.168.101.3', tunnel_type=TUNNEL_TYPE_VXLAN, vni=10)
eventlet.sleep(0.5)
s.evpn_prefix_add(route_type=EVPN_MAC_IP_ADV_ROUTE, route_dist=RD, esi=0, ethernet_tag_id=0, mac_addr='02:ac:10:ff:00:34',
                  next_hop='192.168.101.3', tunnel_type=TUNNEL_TYPE_VXLAN, vni=10, mac_mobility=5)
eventlet.sleep(1.0)
s.evpn_prefix_del(route_type=EVPN_MAC_IP_ADV_ROUTE, route_dist=RD, esi=0, ethernet_tag_id=0, mac_addr='02:ac:10:ff:00:33',
                  ip_addr='10.0.0.33')
eventlet.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 2)
s.shutdown()
eventlet.sleep(0.5)
print('os-ken done', flush=True)
EOC
ip netns exec "$NSO" /usr/bin/python3 "$LAB/osken.py" 2 >"$LAB/osken.log" 2>&1 &
OSKEN_PID=$!
waitfor 300 "os-ken session" sh -c "ip netns exec $NSG gobgp --target unix://$LAB/gobgp/api.sock neighbor | grep -q '192.168.101.3.*Establ'"
log "os-ken <-> gobgpd established"
waitfor 100 "os-ken routes" sh -c "ip netns exec $NSG gobgp --target unix://$LAB/gobgp/api.sock global rib -a evpn | grep -q '02:ac:10:ff:00:34'" || log "os-ken MAC-only route not seen"

# Withdraws from gobgp and FRR.
G global rib -a evpn del macadv 02:ac:10:ff:00:22 10.0.0.22 etag 0 label 10 rd 192.168.100.2:10
ip netns exec "$NSF" ip neigh del 10.0.0.11 dev br10 || true
ip netns exec "$NSF" bridge fdb del 02:ac:10:ff:00:11 dev h1-p master
waitfor 100 "FRR withdraw" sh -c "! ip netns exec $NSG gobgp --target unix://$LAB/gobgp/api.sock global rib -a evpn | grep -q '02:ac:10:ff:00:11'" || log "FRR withdraw not seen"
wait "$OSKEN_PID" || log "os-ken exited with $?"
OSKEN_PID=
# NOTIFICATIONs: gobgp administratively shuts the FRR session down (Cease / Administrative Shutdown);
# once it is back up, FRR resets it (Cease / Administrative Reset).
G neighbor 192.168.100.1 disable || log "gobgp neighbor disable failed"
sleep 0.5
G neighbor 192.168.100.1 enable || log "gobgp neighbor enable failed"
waitfor 300 "FRR session again" sh -c "ip netns exec $NSG gobgp --target unix://$LAB/gobgp/api.sock neighbor | grep -q '192.168.100.1.*Establ'" \
  || log "FRR session did not come back"
ip netns exec "$NSF" vtysh --vty_socket "$D" -c 'clear bgp *' || log "FRR clear failed"
sleep 1
ip netns exec "$NSF" vtysh --vty_socket "$D" -c 'show bgp l2vpn evpn summary' >"$LAB/frr-summary.txt" 2>&1 || true
kill -INT "$TCPDUMP_PID"; wait "$TCPDUMP_PID" || true; TCPDUMP_PID=
log "capture done: $(stat -c %s "$PCAP") octets"

# TCP payloads per packet; the splitter reassembles by direction and sequence number.
tshark -r "$PCAP" -Y 'tcp.len > 0' -T fields -e ip.src -e tcp.srcport -e ip.dst -e tcp.dstport -e tcp.seq_raw -e tcp.payload \
  >"$LAB/segments.tsv"
mkdir -p "$OUT"
(cd "$ROOT" && npx tsx scripts/split-bgp-capture.ts "$LAB/segments.tsv" "$OUT")
cp "$PCAP" "$OUT/capture.pcap"
log "fixtures written to $OUT"
