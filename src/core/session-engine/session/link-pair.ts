// A neighbor's connections: the primary link, and while a collision is open an inbound candidate (RFC 4271
// §6.8). Which one is the neighbor's, which one yields when the peer's OPEN decides (collision.ts), and who
// carries on when one of them ends. The FSM steps stay with the neighbor (neighbor.ts), handed in as `host`.
import type { Clock } from '../../clock.js';
import type { Logger } from '../../log.js';
import { peerAsOf } from '../fsm/open-validation.js';
import { passiveStart } from '../fsm/steps.js';
import type { FsmEvent, FsmState } from '../fsm/types.js';
import { OPEN_GRACE_MS, resolveCollision } from './collision.js';
import { announcesEvpnGr } from './graceful-restart.js';
import { Link } from './link.js';
import type { NeighborSettings } from './types.js';

/** What the pair needs from its neighbor. */
export interface LinkPairHost {
  readonly clock: Clock;
  readonly log: Logger;
  /** The neighbor's settings now (a reconfigure replaces them). */
  settings(): NeighborSettings;
  step(link: Link, event: FsmEvent): void;
}

/** The link has the peer's OPEN accepted: OpenConfirm or Established. */
const pastOpen = (l: Link): boolean => l.fsm.name === 'OpenConfirm' || l.fsm.name === 'Established';

const SHOWN_ORDER = ['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'];

/** The primary link and the collision candidate of one neighbor. */
export class LinkPair {
  primary = new Link();
  candidate: Link | null = null;

  constructor(private readonly host: LinkPairHost) {}

  /** Both links, the primary first. */
  all(): Link[] {
    return this.candidate === null ? [this.primary] : [this.primary, this.candidate];
  }

  /** A link retired by a collision may still be in a caller's hands: it must not act any more. */
  isCurrent(link: Link): boolean {
    return link === this.primary || link === this.candidate;
  }

  /** Starts over with one fresh link (a restart), or carries on with `link` (a handed-over session). */
  reset(link = new Link()): void {
    this.primary = link;
    this.candidate = null;
  }

  /** The link whose session is Established, if any. */
  established(): Link | null {
    for (const l of this.all()) if (l.fsm.name === 'Established') return l;
    return null;
  }

  /** The FSM to show: the established one, else the most advanced of the two. */
  shownState(): FsmState {
    const c = this.candidate;
    return c !== null && SHOWN_ORDER.indexOf(c.fsm.name) > SHOWN_ORDER.indexOf(this.primary.fsm.name) ? c.fsm : this.primary.fsm;
  }

  /**
   * A new inbound connection while the primary has its own dial, back-off or session: it becomes the candidate
   * (in passive start) until an OPEN decides, replacing a candidate that delivered no OPEN (FRR does the same
   * with its "doppelganger"). Null when the candidate is already past its OPEN: a collision still being
   * settled, the new connection waits its turn (the caller refuses it).
   */
  admitCandidate(): Link | null {
    const old = this.candidate;
    if (old !== null && old.peerOpen !== null) return null;
    if (old !== null) {
      this.host.log.debug(`bgp: a newer connection from ${this.host.settings().address} replaces one that sent no OPEN in ${this.ageOf(old)} ms`);
      this.host.step(old, { type: 'OpenCollisionDump' });
    }
    const c = new Link();
    c.fsm = passiveStart(c.fsm);
    this.candidate = c;
    return c;
  }

  /** After the peer's OPEN was accepted on `link`: settles a collision with the other link (§6.8). */
  settle(link: Link): void {
    const other = link === this.primary ? this.candidate : this.primary;
    if (other === null || link.peerOpen === null || link.fsm.inbound === null) return;
    const open = link.peerOpen;
    const verdict = resolveCollision(
      { state: link.fsm.name, inbound: link.fsm.inbound },
      {
        state: other.fsm.name, inbound: other.fsm.inbound ?? false,
        gracefulRestart: other.up !== null && announcesEvpnGr(other.up.open),
        silent: other.bytesIn === 0 && this.ageOf(other) >= OPEN_GRACE_MS,
      },
      { routerId: this.host.settings().fsm.routerId, asn: this.host.settings().fsm.localAs },
      { routerId: open.routerId, asn: peerAsOf(open) },
    );
    if (verdict === 'dump-fresh') this.host.step(link, { type: 'OpenCollisionDump' });
    else if (verdict === 'dump-other') this.host.step(other, { type: 'OpenCollisionDump' });
    else if (verdict === 'drop-other') this.drop(other);
    else if (verdict === 'restart-other') {
      this.host.step(other, { type: 'TcpConnectionFails', detail: 'the peer restarted: it opened a new session (RFC 4724 §4.2)' });
    }
  }

  /** A link went to Idle: a candidate goes; a candidate past its OPEN outlives the primary it beat. */
  retired(link: Link): void {
    if (link === this.candidate) this.candidate = null;
    else if (this.candidate !== null && pastOpen(this.candidate)) this.reset(this.candidate);
    // A candidate still waiting for its OPEN stays a candidate: the primary keeps its own back-off and dial.
  }

  /** Milliseconds since the link's connection was confirmed (0 without one). */
  ageOf(link: Link): number {
    return link.connectedAt === null ? 0 : this.host.clock.now() - link.connectedAt;
  }

  /** Lets a link go that never sent an OPEN (a dial in flight, a back-off): no NOTIFICATION, no FSM step. */
  private drop(link: Link): void {
    const socket = link.detach();
    if (socket !== null) socket.destroy();
    if (link === this.primary && this.candidate !== null) this.primary = this.candidate;
    this.candidate = null;
    this.host.log.debug(`bgp: ${this.host.settings().address}: the session on the other connection goes on, dropped ${link.fsm.name === 'Connect' ? 'our dial' : `the ${link.fsm.name} retry`}`);
  }
}
