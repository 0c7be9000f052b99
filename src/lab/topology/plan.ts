// The addresses and names of the recipe's lab (lab-recipe.txt TOPOLOGY), in one place. They live inside
// our own namespaces, so they are the same in every run; only netns names carry the run id.

/** The VNI the lab stretches. */
export const LAB_VNI = 10;
/** iBGP AS of every site (auto RT = 65000:10). */
export const LAB_ASN = 65000;
/** Prefix length of the underlay subnet 192.168.100.0/24. */
export const UNDERLAY_PREFIX = 24;
/** Prefix length of the IPv6 underlay fd00:100::/64 (BGP over IPv6 transport; the VTEPs stay IPv4). */
export const UNDERLAY6_PREFIX = 64;
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
  /** The site's IPv6 underlay address, for BGP sessions over IPv6. */
  underlayIp6: string;
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

/** A locally administered MAC derived from an IPv4 address (02:00:<ip as hex>), for bridge hwaddrs. */
export function macFromIp(ipv4: string): string {
  return ['02', '00', ...ipv4.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':');
}
