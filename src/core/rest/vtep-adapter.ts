// os-ken rest_vtep's operations over the core API: rename the fields, make the call, reshape the answer.
// Validation, conflicts and persistence all happen in the core API, exactly as for the CLI.
import type { CoreApi } from '../api/core-api.js';
import { parseVni } from '../model/validate.js';
import { clientRequest, networkRequest, neighborRequest, speakerRequest } from './request-fields.js';
import { clientShape, networkShape, networksShape, neighborsShape, speakerShape } from './shapes.js';

/** A JSON request body, already parsed. */
export type Body = Record<string, unknown>;

/**
 * The /vtep API. The one thing it keeps itself is rest_vtep's `dpid`: an OpenFlow datapath id that has
 * no meaning for OVN, so it is echoed from memory (for the speaker whose router id it came with) and
 * reads null after a daemon restart or for a speaker made with the CLI.
 */
export class VtepAdapter {
  private dpid: { routerId: string; dpid: number } | undefined;

  constructor(private readonly api: CoreApi) {}

  private dpidOf(routerId: string): number | null {
    return this.dpid?.routerId === routerId ? this.dpid.dpid : null;
  }

  /** POST /vtep/speakers */
  async addSpeaker(body: Body): Promise<unknown> {
    const { input, dpid } = speakerRequest(body);
    const s = await this.api.speakerAdd(input);
    this.dpid = dpid === undefined ? undefined : { routerId: s.routerId, dpid };
    return speakerShape(s, [], this.dpidOf(s.routerId));
  }

  /** GET /vtep/speakers */
  async getSpeakers(): Promise<unknown> {
    const [s, neighbors] = await Promise.all([this.api.speakerShow(), this.api.neighborList()]);
    return speakerShape(s, neighbors, this.dpidOf(s.routerId));
  }

  /** DELETE /vtep/speakers: the speaker goes with all it owns, so it is shown without neighbors. */
  async delSpeaker(): Promise<unknown> {
    const s = await this.api.speakerDel();
    const dpid = this.dpidOf(s?.routerId ?? '');
    this.dpid = undefined;
    return s === null ? {} : speakerShape(s, [], dpid);
  }

  /** POST /vtep/neighbors */
  async addNeighbor(body: Body): Promise<unknown> {
    return neighborsShape([await this.api.neighborAdd(neighborRequest(body))]);
  }

  /** GET /vtep/neighbors */
  async getNeighbors(): Promise<unknown> {
    return neighborsShape(await this.api.neighborList());
  }

  /** GET /vtep/neighbors/{address} */
  async getNeighbor(address: string): Promise<unknown> {
    return neighborsShape([await this.api.neighborShow(address)]);
  }

  /** DELETE /vtep/neighbors/{address} and the documented DELETE /vtep/speaker/neighbors/{address} */
  async delNeighbor(address: string): Promise<unknown> {
    const n = await this.api.neighborDel(address);
    return n === null ? {} : neighborsShape([n]);
  }

  /** POST /vtep/networks: a new network has no clients yet. */
  async addNetwork(body: Body): Promise<unknown> {
    return networkShape(await this.api.networkAdd(networkRequest(body)), []);
  }

  /** GET /vtep/networks: configured, OVN-discovered and remote clients of every VNI. */
  async getNetworks(): Promise<unknown> {
    const [networks, clients] = await Promise.all([this.api.networkList(), this.api.clientList()]);
    return networksShape(networks, clients);
  }

  /** GET /vtep/networks/{vni} */
  async getNetwork(vni: string): Promise<unknown> {
    const v = parseVni(vni, 'vni');
    const [n, clients] = await Promise.all([this.api.networkShow(v), this.api.clientList(v)]);
    return networkShape(n, clients);
  }

  /** DELETE /vtep/networks/{vni}: shown with the clients it had, as rest_vtep's source does. */
  async delNetwork(vni: string): Promise<unknown> {
    const v = parseVni(vni, 'vni');
    const clients = await this.api.clientList(v);
    const n = await this.api.networkDel(v);
    return n === null ? {} : networkShape(n, clients);
  }

  /** POST /vtep/networks/{vni}/clients */
  async addClient(vni: string, body: Body): Promise<unknown> {
    return clientShape(await this.api.clientAdd(clientRequest(parseVni(vni, 'vni'), body)));
  }

  /** DELETE /vtep/networks/{vni}/clients/{mac} */
  async delClient(vni: string, mac: string): Promise<unknown> {
    const c = await this.api.clientDel(parseVni(vni, 'vni'), mac);
    return c === null ? {} : clientShape(c);
  }
}
