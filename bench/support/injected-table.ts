// The EVPN table the raw injector (bgp-injector.ts encodedTable) announces, as the OVN-side benchmarks need it
// without the injector: route i is MAC 02:VV:VV:ii:ii:ii + IP 10.i.i.i in VNI (i % V) + 1.

/** The MACs the injector announces, in route order. */
export function injectedMacs(routes: number, vnis: number): Set<string> {
  const hex = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');
  const macs = new Set<string>();
  for (let i = 0; i < routes; i++) {
    const v = (i % vnis) + 1;
    macs.add(`02:${hex(v >> 8)}:${hex(v)}:${hex(i >> 16)}:${hex(i >> 8)}:${hex(i)}`);
  }
  return macs;
}

/** The IP the injector pairs with its i-th MAC. */
export const injectedIp = (i: number): string => `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}`;
