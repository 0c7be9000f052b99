// One MAC of a VNI: the remote paths imported for it, its local state, and the placement the last
// events said (inline: one object less per MAC). A class, so that every field is in the object from
// the start (no out-of-object property store). At 100k routes every object per MAC costs scavenger
// time, so the usual shapes (one or two remote paths, one IP) take no arrays.
import type { Path } from '../rib/path.js';
import type { MoveHistory } from './dup-detect.js';
import type { LocalMac } from './local-mac.js';
import { NO_IPS, type Placement } from './mac-place.js';

const NO_PATHS: readonly Path[] = Object.freeze([]);

/**
 * A MAC's remote paths are the best paths of its MAC/IP route keys (any RD, any VTEP): nearly always
 * one or two (the MAC-only route and one MAC+IP route). Two slots hold those and an array only what
 * is beyond, which saves an array (two objects, 64 bytes) per MAC at 100k routes.
 */
export class MacEntry implements Placement {
  private r0: Path | null = null;
  private r1: Path | null = null;
  /** The remote paths beyond the two slots; replaced at exact size, never grown in place. */
  private more: readonly Path[] = NO_PATHS;
  local: LocalMac | null = null;
  at: string | null = null;
  /** The placement's IPs; one IP (the usual case) as its string, which saves an array of one per MAC. */
  private ipList: string | readonly string[] = NO_IPS;
  seq = 0;
  sticky = false;
  key = 0;
  /** Highest MAC Mobility sequence number seen from a remote VTEP, -1 when none (RFC 7432 §15.1). */
  seenSeq = -1;
  history: MoveHistory | null = null;

  constructor(readonly mac: string) {}

  /** The IPs the last events said (a fresh array when there is one). */
  get ips(): readonly string[] {
    const ips = this.ipList;
    return typeof ips === 'string' ? [ips] : ips;
  }

  set ips(ips: readonly string[]) {
    this.ipList = ips.length === 1 ? (ips[0] as string) : ips;
  }

  /** True when no remote path is left. */
  get noRemote(): boolean {
    return this.r0 === null;
  }

  /** The remote paths in the order they came, in a fresh array (for placing the MAC, not for keeping). */
  remote(): readonly Path[] {
    if (this.r0 === null) return NO_PATHS;
    if (this.r1 === null) return [this.r0];
    return this.more.length === 0 ? [this.r0, this.r1] : [this.r0, this.r1, ...this.more];
  }

  /** One more remote path (of a route key not already here). */
  addRemote(path: Path): void {
    if (this.r0 === null) this.r0 = path;
    else if (this.r1 === null) this.r1 = path;
    else this.more = withPath(this.more, path);
  }

  /** The remote path of a route key goes; the others keep their order. */
  removeRemote(key: string): void {
    if (this.r0?.key === key) {
      this.r0 = this.r1;
      this.r1 = this.shiftMore();
    } else if (this.r1?.key === key) {
      this.r1 = this.shiftMore();
    } else {
      this.more = without(this.more, key);
    }
  }

  private shiftMore(): Path | null {
    const first = this.more[0];
    if (first === undefined) return null;
    this.more = this.more.length === 1 ? NO_PATHS : this.more.slice(1);
    return first;
  }
}

/** A copy of the list with one more path, at its exact size (push() reserves 17 slots; concat() is slow). */
function withPath(list: readonly Path[], path: Path): readonly Path[] {
  const next = new Array<Path>(list.length + 1);
  for (let i = 0; i < list.length; i++) next[i] = list[i] as Path;
  next[list.length] = path;
  return next;
}

/** A copy of the list without the path of one key, at its exact size. */
function without(list: readonly Path[], key: string): readonly Path[] {
  const at = list.findIndex((p) => p.key === key);
  if (at < 0) return list;
  if (list.length === 1) return NO_PATHS;
  const next = new Array<Path>(list.length - 1);
  for (let i = 0, j = 0; i < list.length; i++) if (i !== at) next[j++] = list[i] as Path;
  return next;
}
