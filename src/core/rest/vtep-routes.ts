// The URL table of the rest_vtep API: one line per method and path, each one adapter call.
import type { Route } from '../http/router.js';
import type { Body, VtepAdapter } from './vtep-adapter.js';

/** Serves one route: the adapter, the path parameters and the request body (read only when asked for). */
export type VtepHandler = (a: VtepAdapter, p: Record<string, string>, body: () => Promise<Body>) => Promise<unknown>;

const param = (p: Record<string, string>, name: string): string => p[name] ?? '';

/** Every /vtep route, as in os-ken's rest_vtep plus the documented /vtep/speaker/neighbors/{address}. */
export const VTEP_ROUTES: readonly Route<VtepHandler>[] = [
  { template: '/vtep/speakers', methods: {
    POST: async (a, _p, body) => a.addSpeaker(await body()),
    GET: (a) => a.getSpeakers(),
    DELETE: (a) => a.delSpeaker(),
  } },
  { template: '/vtep/neighbors', methods: {
    POST: async (a, _p, body) => a.addNeighbor(await body()),
    GET: (a) => a.getNeighbors(),
  } },
  { template: '/vtep/neighbors/{address}', methods: {
    GET: (a, p) => a.getNeighbor(param(p, 'address')),
    DELETE: (a, p) => a.delNeighbor(param(p, 'address')),
  } },
  // rest_vtep's documentation gives this path for DELETE; its code serves the one above. Both work here.
  { template: '/vtep/speaker/neighbors/{address}', methods: {
    DELETE: (a, p) => a.delNeighbor(param(p, 'address')),
  } },
  { template: '/vtep/networks', methods: {
    POST: async (a, _p, body) => a.addNetwork(await body()),
    GET: (a) => a.getNetworks(),
  } },
  { template: '/vtep/networks/{vni}', methods: {
    GET: (a, p) => a.getNetwork(param(p, 'vni')),
    DELETE: (a, p) => a.delNetwork(param(p, 'vni')),
  } },
  { template: '/vtep/networks/{vni}/clients', methods: {
    POST: async (a, p, body) => a.addClient(param(p, 'vni'), await body()),
  } },
  { template: '/vtep/networks/{vni}/clients/{mac}', methods: {
    DELETE: (a, p) => a.delClient(param(p, 'vni'), param(p, 'mac')),
  } },
];
