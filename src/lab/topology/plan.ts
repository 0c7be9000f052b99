// The addresses and names of the recipe's lab (lab-recipe.txt TOPOLOGY), in one place. They live inside
// our own namespaces, so they are the same in every run; only netns names carry the run id.

/** The VNI the lab stretches. */
export const LAB_VNI = 10;
/** iBGP AS of every site (auto RT = 65000:10). */
export const LAB_ASN = 65000;
/** Prefix length of the underlay subnet 192.168.100.0/24. */
export const UNDERLAY_PREFIX = 24;
/** Prefix length of the IPv6 underlay fd00:100::/64. */
export const UNDERLAY_PREFIX6 = 64;

/** The underlay prefix length for an address of either family. */
export const underlayPrefix = (ip: string): number => (ip.includes(':') ? UNDERLAY_PREFIX6 : UNDERLAY_PREFIX);

/**
 * `ip addr add` arguments for an underlay address: IPv6 with nodad, so it is usable at once (duplicate
 * address detection would keep it "tentative" for a second or two; our namespaces hold no duplicates).
 */
export const underlayAddrArgs = (ip: string): string[] => [`${ip}/${underlayPrefix(ip)}`, ...(ip.includes(':') ? ['nodad'] : [])];
/** The logical switch on an OVN site (site Y, Y2). */
export const LAB_LOGICAL_SWITCH = 'ls0';

/** A host or VM of the plan. */
export interface HostPlan {
  name: string;
  ip: string;
  mac: string;
}

/** A site of the plan. */
export interface SitePlan {
  /** netns role (and FRR/gobgp directory name). */
  role: string;
  hostname: string;
  vtepIp: string;
  /**
   * The site's second, IPv6 underlay address beside an IPv4 VTEP, for BGP sessions over IPv6 (the peer matrix);
   * absent on the sites of the IPv6-only underlay, whose VTEP is already IPv6.
   */
  underlayIp6?: string;
  /** The site's end of the underlay link. */
  underlayIface: string;
  hosts: readonly HostPlan[];
}

/** Site X: FRR VTEP with kernel vxlan10 + br10 and host h1. */
export const SITE_X: SitePlan = {
  role: 'x', hostname: 'dcx', vtepIp: '192.168.100.1', underlayIp6: 'fd00:100::1', underlayIface: 'ux0',
  hosts: [{ name: 'h1', ip: '10.0.0.11', mac: '02:ac:10:ff:00:11' }],
};

/** Site Y: OVS netdev + OVN with VM vm1 on ls0; where evpnctl's daemon runs. */
export const SITE_Y: SitePlan = {
  role: 'y', hostname: 'dcy', vtepIp: '192.168.100.2', underlayIp6: 'fd00:100::2', underlayIface: 'uy0',
  hosts: [{ name: 'vm1', ip: '10.0.0.22', mac: '02:ac:10:ff:00:22' }],
};

/** Site Y2: a second OVN site with its own evpnctl daemon and VM vm2, for OVN <-> OVN labs (two clouds, one VNI). */
export const SITE_Y2: SitePlan = {
  role: 'y2', hostname: 'dcy2', vtepIp: '192.168.100.4', underlayIp6: 'fd00:100::4', underlayIface: 'uy20',
  hosts: [{ name: 'vm2', ip: '10.0.0.24', mac: '02:ac:10:ff:00:24' }],
};

/** Site X2: a second FRR VTEP with host h1b, for three-VTEP tests (split horizon, flood lists). */
export const SITE_X2: SitePlan = {
  role: 'x2', hostname: 'dcx2', vtepIp: '192.168.100.3', underlayIp6: 'fd00:100::3', underlayIface: 'ux20',
  hosts: [{ name: 'h1b', ip: '10.0.0.12', mac: '02:ac:10:ff:00:12' }],
};

/** The RD a lab speaker uses for the VNI (type 1, router-id:VNI, as the recipe's gobgp commands). */
export function labRd(vtepIp: string, vni: number = LAB_VNI): string {
  return `${vtepIp}:${vni}`;
}

/** The auto-derived RT <AS & 0xFFFF>:<VNI> (FRR's default). */
export function labRt(vni: number = LAB_VNI, asn: number = LAB_ASN): string {
  return `${asn & 0xffff}:${vni}`;
}

/** A locally administered MAC derived from an IPv4 address (02:00:<ip as hex>), for bridge hwaddrs; IPv6: its last 32 bits. */
export function macFromIp(ip: string): string {
  if (ip.includes(':')) {
    const groups = expandIpv6(ip).slice(-2).flatMap((g) => [g.slice(0, 2), g.slice(2)]);
    return ['02', '00', ...groups].join(':');
  }
  return ['02', '00', ...ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':');
}

/** The 8 groups of an IPv6 address, 4 hex digits each. */
function expandIpv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = ip.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.map((g) => g.padStart(4, '0'));
}

/** Site X of the IPv6 underlay: a kernel VTEP with `local fd00:100::1`, host h1; its BGP speaker is gobgpd. */
export const SITE_X6: SitePlan = {
  role: 'x', hostname: 'dcx6', vtepIp: 'fd00:100::1', underlayIface: 'ux0',
  hosts: [{ name: 'h1', ip: '10.0.0.11', mac: '02:ac:10:ff:00:11' }],
};

/** Site Y of the IPv6 underlay: OVS netdev + OVN, VTEP fd00:100::2 on br-phy, VM vm1; evpnctl's daemon runs here. */
export const SITE_Y6: SitePlan = {
  role: 'y', hostname: 'dcy6', vtepIp: 'fd00:100::2', underlayIface: 'uy0',
  hosts: [{ name: 'vm1', ip: '10.0.0.22', mac: '02:ac:10:ff:00:22' }],
};
