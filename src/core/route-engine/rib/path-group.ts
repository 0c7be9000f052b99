// The paths of one UPDATE share their peer, attributes, next hop and arrival time. They are kept once,
// in a PathGroup, and each route's path holds only its key, NLRI, group and two flags: four fields per
// route instead of eight, and no per-route box for the arrival time (a double is a heap number).
// A type-2 path (nearly every route) goes one step further and carries its NLRI's fields itself.
import type { EvpnMacIp, EvpnNlri, PathAttributes, RouteDistinguisher } from '../../session-engine/wire/types.js';
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
const REFLECTED = 4;
const GROUP = 8;

/**
 * What the inbound checks said of a path: accepted, refused, refused as our own route come back, or
 * refused as the route of another member of our HA group (issue 10: never imported, see Rib.setGroupMembers).
 */
export type Verdict = 'accepted' | 'refused' | 'reflected' | 'group';

const flagsOf = (verdict: Verdict): number =>
  (verdict === 'accepted' ? ACCEPTED : verdict === 'reflected' ? REFLECTED : verdict === 'group' ? GROUP : 0);

/** The verdict a path's flags hold (stale aside). */
const verdictOf = (flags: number): Verdict =>
  ((flags & ACCEPTED) !== 0 ? 'accepted' : (flags & REFLECTED) !== 0 ? 'reflected' : (flags & GROUP) !== 0 ? 'group' : 'refused');

/** A Path whose shared fields live in its group. Stale stays per path: a fresh announcement clears one route. */
export class GroupedPath implements Path {
  private flags: number;

  constructor(readonly key: string, readonly nlri: EvpnNlri, private readonly shared: PathGroup, verdict: Verdict) {
    this.flags = flagsOf(verdict);
  }

  get peer(): PeerRef {
    return this.shared.peer;
  }

  get attributes(): PathAttributes {
    return this.shared.attributes;
  }

  get nextHop(): string {
    return this.shared.nextHop;
  }

  get receivedAt(): number {
    return this.shared.receivedAt;
  }

  get accepted(): boolean {
    return (this.flags & ACCEPTED) !== 0;
  }

  get reflected(): boolean {
    return (this.flags & REFLECTED) !== 0;
  }

  get group(): boolean {
    return (this.flags & GROUP) !== 0;
  }

  get verdict(): Verdict {
    return verdictOf(this.flags);
  }

  /** The same path (group, stale flag) under another verdict: the inbound checks changed their mind. */
  withVerdict(verdict: Verdict): GroupedPath {
    const path = new GroupedPath(this.key, this.nlri, this.shared, verdict);
    path.stale = this.stale;
    return path;
  }

  get stale(): boolean {
    return (this.flags & STALE) !== 0;
  }

  set stale(stale: boolean) {
    this.flags = stale ? this.flags | STALE : this.flags & ~STALE;
  }
}

/**
 * A type-2 path as one object: the NLRI's fields are its own, so `nlri` is the path itself, and the
 * path's own fields are private (#), so it still equals the NLRI it was made from. Type 2 is nearly
 * every route; one object instead of a path and its NLRI is one object less per route to scavenge.
 */
export class MacIpPath implements Path, EvpnMacIp {
  readonly type = 2 as const;
  readonly rd: RouteDistinguisher;
  readonly esi: string;
  readonly etag: number;
  readonly mac: string;
  readonly ip: string | null;
  readonly label1: number;
  readonly label2?: number;
  readonly #key: string;
  readonly #group: PathGroup;
  #flags: number;

  constructor(key: string, nlri: EvpnMacIp, group: PathGroup, verdict: Verdict) {
    this.rd = nlri.rd;
    this.esi = nlri.esi;
    this.etag = nlri.etag;
    this.mac = nlri.mac;
    this.ip = nlri.ip;
    this.label1 = nlri.label1;
    // Always set, so that every instance has one shape; an absent label2 reads as undefined anyway.
    this.label2 = nlri.label2;
    this.#key = key;
    this.#group = group;
    this.#flags = flagsOf(verdict);
  }

  get nlri(): EvpnMacIp {
    return this;
  }

  get key(): string {
    return this.#key;
  }

  get peer(): PeerRef {
    return this.#group.peer;
  }

  get attributes(): PathAttributes {
    return this.#group.attributes;
  }

  get nextHop(): string {
    return this.#group.nextHop;
  }

  get receivedAt(): number {
    return this.#group.receivedAt;
  }

  get accepted(): boolean {
    return (this.#flags & ACCEPTED) !== 0;
  }

  get reflected(): boolean {
    return (this.#flags & REFLECTED) !== 0;
  }

  get group(): boolean {
    return (this.#flags & GROUP) !== 0;
  }

  get verdict(): Verdict {
    return verdictOf(this.#flags);
  }

  /** The same path (group, stale flag) under another verdict: the inbound checks changed their mind. */
  withVerdict(verdict: Verdict): MacIpPath {
    const path = new MacIpPath(this.#key, this, this.#group, verdict);
    path.stale = this.stale;
    return path;
  }

  get stale(): boolean {
    return (this.#flags & STALE) !== 0;
  }

  set stale(stale: boolean) {
    this.#flags = stale ? this.#flags | STALE : this.#flags & ~STALE;
  }
}
