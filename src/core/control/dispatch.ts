// Maps each control request onto the core API: one line per request type.
import type { CoreApi } from '../api/core-api.js';
import type { RequestHandler } from './server.js';

/** A RequestHandler serving `api`. Listings are streamed item by item. */
export function dispatcher(api: CoreApi): RequestHandler {
  const one = async (p: Promise<unknown>) => ({ result: await p });
  const many = async (p: Promise<unknown[]>) => ({ items: await p });
  return (req) => {
    switch (req.type) {
      case 'status': return one(api.status());
      case 'speaker.add': return one(api.speakerAdd(req.input, { mayExist: req.mayExist }));
      case 'speaker.show': return one(api.speakerShow());
      case 'speaker.del': return one(api.speakerDel({ ifExists: req.ifExists }));
      case 'neighbor.add': return one(api.neighborAdd(req.input, { mayExist: req.mayExist }));
      case 'neighbor.list': return many(api.neighborList());
      case 'neighbor.show': return one(api.neighborShow(req.address));
      case 'neighbor.del': return one(api.neighborDel(req.address, { ifExists: req.ifExists }));
      case 'network.add': return one(api.networkAdd(req.input, { mayExist: req.mayExist }));
      case 'network.list': return many(api.networkList());
      case 'network.show': return one(api.networkShow(req.vni));
      case 'network.del': return one(api.networkDel(req.vni, { ifExists: req.ifExists }));
      case 'client.add': return one(api.clientAdd(req.input, { mayExist: req.mayExist }));
      case 'client.list': return many(api.clientList(req.vni));
      case 'client.del': return one(api.clientDel(req.vni, req.mac, { ifExists: req.ifExists }));
      case 'route.list': {
        const { type: _t, routeType, ...filter } = req;
        return many(api.routeList({ ...filter, ...(routeType !== undefined && { type: routeType }) }));
      }
      case 'config.show': return one(api.configShow());
      case 'mac.list': return many(api.macList({ ...(req.vni !== undefined && { vni: req.vni }), ...(req.mac !== undefined && { mac: req.mac }) }));
      case 'speaker.set': return one(api.speakerSet(req.input, { yes: req.yes }));
      case 'neighbor.set': return one(api.neighborSet(req.address, req.input, { reset: req.reset }));
      case 'neighbor.reset': return one(api.neighborReset(req.address, req.mode));
      case 'network.set': return one(api.networkSet(req.vni, req.input));
      case 'mac.clear-duplicate': return one(api.macClearDuplicate(req.vni, req.mac));
      case 'wait': return one(api.waitSettled(req.timeoutMs));
      case 'daemon.reload': return one(api.daemonReload());
      case 'monitor': return Promise.resolve({ items: api.monitor() }); // streams until the client closes
    }
  };
}
