// The paths of one UPDATE share their peer, attributes, next hop and arrival time. They are kept once,
// in a PathGroup, and each route's path holds only its key, NLRI, group and two flags: four fields per
// route instead of eight, and no per-route box for the arrival time (a double is a heap number).
import type { EvpnNlri, PathAttributes } from '../wire/types.js';
import type { Path, PeerRef } from './path.js';

/** What the NLRI of one UPDATE from one peer have in common. */
export interface PathGroup {
  readonly peer: PeerRef;
  /** The UPDATE's attributes without MP_REACH/MP_UNREACH. */
  readonly attributes: PathAttributes;
  readonly nextHop: string;
  readonly receivedAt: number;
}

const ACCEPTED = 1;
const STALE = 2;

/** A Path whose shared fields live in its group. Stale stays per path: a fresh announcement clears one route. */
export class GroupedPath implements Path {
  private flags: number;

  constructor(readonly key: string, readonly nlri: EvpnNlri, private readonly group: PathGroup, accepted: boolean) {
    this.flags = accepted ? ACCEPTED : 0;
  }

  get peer(): PeerRef {
    return this.group.peer;
  }

  get attributes(): PathAttributes {
    return this.group.attributes;
  }

  get nextHop(): string {
    return this.group.nextHop;
  }

  get receivedAt(): number {
    return this.group.receivedAt;
  }

  get accepted(): boolean {
    return (this.flags & ACCEPTED) !== 0;
  }

  get stale(): boolean {
    return (this.flags & STALE) !== 0;
  }

  set stale(stale: boolean) {
    this.flags = stale ? this.flags | STALE : this.flags & ~STALE;
  }
}
