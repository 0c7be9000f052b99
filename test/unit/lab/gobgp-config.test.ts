import { describe, expect, it } from 'vitest';
import { renderGobgpToml } from '../../../src/lab/gobgp-config.js';

describe('gobgpd.toml', () => {
  it("renders the recipe's site Y config (05-gobgp-y.sh)", () => {
    expect(renderGobgpToml({
      asn: 65000, routerId: '192.168.100.2', listenAddresses: ['192.168.100.2'],
      neighbors: [{ address: '192.168.100.1', peerAs: 65000, localAddress: '192.168.100.2' }],
    })).toBe(`[global.config]
  as = 65000
  router-id = "192.168.100.2"
  port = 179
  local-address-list = ["192.168.100.2"]

[[neighbors]]
  [neighbors.config]
    neighbor-address = "192.168.100.1"
    peer-as = 65000
  [neighbors.transport.config]
    local-address = "192.168.100.2"
  [neighbors.timers.config]
    connect-retry = 5
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
`);
  });

  it('renders passive mode, timers, multihop and graceful restart for the EVPN family', () => {
    const toml = renderGobgpToml({ asn: 1, routerId: '1.1.1.1', neighbors: [{
      address: '2.2.2.2', peerAs: 2, passive: true, holdS: 9, ebgpMultihopTtl: 3, gracefulRestart: { restartTimeS: 20, helperOnly: true },
    }] });
    expect(toml).toContain('  [neighbors.transport.config]\n    passive-mode = true\n');
    expect(toml).toContain('    hold-time = 9\n    keepalive-interval = 3\n');
    expect(toml).toContain('  [neighbors.ebgp-multihop.config]\n    enabled = true\n    multihop-ttl = 3\n');
    expect(toml).toContain('  [neighbors.graceful-restart.config]\n    enabled = true\n    restart-time = 20\n    helper-only = true\n');
    expect(toml).toMatch(/afi-safi-name = "l2vpn-evpn"\n {4}\[neighbors\.afi-safis\.mp-graceful-restart\.config\]\n {6}enabled = true\n$/);
    expect(() => renderGobgpToml({ asn: 1, routerId: '1.1.1.1', neighbors: [{ address: 'a', peerAs: 1, holdS: 1 }] })).toThrow(/hold time/);
  });
});
