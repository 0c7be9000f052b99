import { describe, expect, it } from 'vitest';
import { renderBgpdConf, renderZebraConf } from '../../../src/lab/frr-config.js';

describe('FRR configuration', () => {
  it("renders the recipe's site X bgpd.conf (04-frr-x.sh), plus log-neighbor-changes", () => {
    const text = renderBgpdConf({
      hostname: 'dcx', asn: 65000, routerId: '192.168.100.1', debug: ['bgp updates', 'bgp zebra'],
      neighbors: [{ address: '192.168.100.2', remoteAs: 65000, updateSource: '192.168.100.1', connectRetryS: 5 }],
    }, '/lab/frr/x/bgpd.log');
    expect(text).toBe(`hostname dcx
log file /lab/frr/x/bgpd.log
debug bgp updates
debug bgp zebra
!
router bgp 65000
 bgp router-id 192.168.100.1
 bgp log-neighbor-changes
 no bgp default ipv4-unicast
 no bgp ebgp-requires-policy
 neighbor 192.168.100.2 remote-as 65000
 neighbor 192.168.100.2 update-source 192.168.100.1
 neighbor 192.168.100.2 timers connect 5
 !
 address-family l2vpn evpn
  neighbor 192.168.100.2 activate
  advertise-all-vni
 exit-address-family
!
`);
  });

  it('renders eBGP, timers, passive, multihop, graceful restart and per-VNI RTs', () => {
    const text = renderBgpdConf({
      hostname: 'p', asn: 65001, routerId: '10.0.0.1', gracefulRestart: { restartTimeS: 30, stalepathTimeS: 60, preserveFwState: true },
      neighbors: [{ address: '10.0.0.2', remoteAs: 65002, keepaliveS: 1, holdS: 3, passive: true, ebgpMultihop: 2, gracefulRestart: 'helper', advertisementIntervalS: 0 }],
      vnis: [{ vni: 10, rd: '10.0.0.1:10', importRts: ['65002:10'], exportRts: ['65001:10'] }],
    }, '/l');
    expect(text).toContain(' bgp graceful-restart\n bgp graceful-restart restart-time 30\n bgp graceful-restart stalepath-time 60\n bgp graceful-restart preserve-fw-state\n');
    expect(text).toContain(' neighbor 10.0.0.2 timers 1 3\n neighbor 10.0.0.2 passive\n neighbor 10.0.0.2 ebgp-multihop 2\n neighbor 10.0.0.2 advertisement-interval 0\n neighbor 10.0.0.2 graceful-restart-helper\n');
    expect(text).toContain('  vni 10\n   rd 10.0.0.1:10\n   route-target import 65002:10\n   route-target export 65001:10\n  exit-vni\n');
  });

  it('refuses hold times of 1 and 2 seconds (RFC 4271 §4.2) and out-of-range values', () => {
    const base = { hostname: 'h', asn: 1, routerId: '1.1.1.1' };
    expect(() => renderBgpdConf({ ...base, neighbors: [{ address: 'a', remoteAs: 1, holdS: 2 }] }, '/l')).toThrow(/hold time/);
    expect(() => renderBgpdConf({ ...base, neighbors: [{ address: 'a', remoteAs: 1, ebgpMultihop: 0 }] }, '/l')).toThrow(/ebgp-multihop/);
  });

  it('makes a neighbor a route-reflector client in the L2VPN EVPN family', () => {
    const conf = renderBgpdConf({ hostname: 'rr', asn: 65000, routerId: '10.0.0.1', neighbors: [
      { address: '10.0.0.2', remoteAs: 65000, routeReflectorClient: true }, { address: '10.0.0.3', remoteAs: 65000 },
    ] }, '/l');
    expect(conf).toContain('  neighbor 10.0.0.2 activate\n  neighbor 10.0.0.2 route-reflector-client\n  neighbor 10.0.0.3 activate\n');
    expect(conf).not.toContain('neighbor 10.0.0.3 route-reflector-client');
  });

  it('can leave advertise-all-vni out (to test that FRR then withdraws)', () => {
    expect(renderBgpdConf({ hostname: 'h', asn: 1, routerId: '1.1.1.1', neighbors: [], advertiseAllVni: false }, '/l')).not.toContain('advertise-all-vni');
  });

  it('renders zebra.conf with the vxlan debug the recipe used', () => {
    expect(renderZebraConf('dcx', '/z.log')).toBe('hostname dcx\nlog file /z.log\ndebug zebra vxlan\n!\n');
  });
});
