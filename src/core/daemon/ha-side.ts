// The daemon's role in its HA group (issue 10): the group lock on the NB (HaLock) decides. Acquired (lock held
// and fencing token written) makes this daemon active: it advertises and programs OVN, every NB write fenced
// on its token. Lost (stolen, connection dropped, leader change, token replaced) makes it standby at once:
// it stops advertising and programming and removes its own tunnels. Every change is logged once, at warn.
// It also remembers the BGP identity (router id, VTEPs) of every other member it has seen hold the token,
// so their routes, reflected to us by the fabric, are known as the group's own and never imported.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../log.js';
import type { HaView } from '../model/views.js';
import { fenceExpects, fenceWaitOp, type FenceMember, type FenceToken } from '../ovn/ha-fence.js';
import { HaLock, type HaLockEvent, type HaLockOptions } from '../ovn/ovsdb-lock.js';
import type { NbFence } from '../ovn/exec.js';
import { EvpnError } from '../errors.js';

/** What the side needs. */
export interface HaSideOptions {
  /** NB remotes, comma-separated for a cluster. */
  remotes: string;
  group: string;
  chassis: string;
  log: Logger;
  /** Called when this daemon becomes active (token written) or stops being active; in event order. */
  onRole(active: boolean, reason: string): void;
  /** Our BGP identity, read at each claim and written with the token (null: the plain token). */
  member?: () => FenceMember | null;
  /** The other members' identities (one per chassis, the latest seen), whenever one is new or changed. */
  onMembers?(members: readonly GroupMemberIdentity[]): void;
  /** Lock options for tests (probe, backoff, yield). */
  lock?: Partial<Pick<HaLockOptions, 'probeMs' | 'backoff' | 'ssl' | 'yieldMs'>>;
  /**
   * How long an active that lost its lock with its connection (NB leader gone, connection dropped) keeps
   * forwarding, without writing, while it reconnects; default 5 s. Standbys wait as long before asking
   * for the lock while another chassis holds the token, so the active wins it back on the new leader.
   */
  graceMs?: number;
  /** Seconds on a monotonic scale (status ages). */
  now?: () => number;
}

/** Another member of the group, as its token named it. */
export interface GroupMemberIdentity extends FenceMember {
  chassis: string;
}

/** The HA role machine around the group lock. */
export class HaSide {
  private readonly lock: HaLock;
  private readonly now: () => number;
  private role: 'standby' | 'active' = 'standby';
  private token: FenceToken | null = null;
  private holder: FenceToken | null = null;
  private takeovers = 0;
  private lastChange: { role: 'standby' | 'active'; reason: string; at: number } | null = null;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  /** Why the lock went, while in the grace. */
  private graceReason = '';
  private readonly graceMs: number;
  /**
   * The other members by chassis. Kept after their token is replaced: the old active's routes are still
   * in the fabric when we take over. One entry per chassis, so it is bounded by the group's size.
   */
  private readonly members = new Map<string, FenceMember>();

  constructor(private readonly o: HaSideOptions) {
    this.now = o.now ?? (() => performance.now() / 1000);
    this.graceMs = o.graceMs ?? 5000;
    this.lock = new HaLock({
      remotes: o.remotes, group: o.group, chassis: o.chassis, log: o.log, yieldMs: this.graceMs, ...o.lock,
      ...(o.member !== undefined && { member: o.member }),
      onEvent: (e) => this.onLockEvent(e),
    });
  }

  /** Starts as standby and queues for the lock. */
  start(): void {
    this.change('standby', `started; waiting for the lock of group ${this.o.group}`);
    this.lock.start();
  }

  /** Gives the lock back, so a standby takes over at once instead of at our connection's timeout. */
  async stop(): Promise<void> {
    this.clearGrace();
    await this.lock.stop();
  }

  /** Our identity (HaSideOptions.member) changed: the token we hold says so too. */
  memberChanged(): void {
    void this.lock.restamp();
  }

  /** The fence of every NB write; throws while not active, so a standby can never write. */
  fence(): NbFence {
    if (this.role !== 'active' || this.token === null) {
      throw new EvpnError('error', `HA group ${this.o.group}: expected to be the active writer, got role ${this.role}: not writing the NB`);
    }
    // The lock's copy of our token carries the value as last written: a restamp rewrites it in place (same
    // key), and the wait must name the value the NB holds now.
    const held = this.lock.status().token;
    const t = held !== null && held.epoch === this.token.epoch ? held : this.token;
    return { op: fenceWaitOp(t), expects: fenceExpects(t) };
  }

  /** True while active. */
  get active(): boolean {
    return this.role === 'active';
  }

  view(): HaView {
    const l = this.lock.status();
    const now = this.now();
    return {
      role: this.role, group: this.o.group, chassis: this.o.chassis,
      holder: this.holder?.chassis ?? null, epoch: this.holder?.epoch ?? null,
      lastChange: this.lastChange === null ? null : { role: this.lastChange.role, reason: this.lastChange.reason, age: Math.max(0, Math.round(now - this.lastChange.at)) },
      takeovers: this.takeovers,
      lock: { state: l.state, remote: l.remote, lastError: l.lastError },
    };
  }

  private onLockEvent(e: HaLockEvent): void {
    if (e.kind === 'holder') {
      this.holder = e.holder;
      if (e.holder !== null) this.learnMember(e.holder);
      // Another chassis took over while we were reconnecting: no grace left to wait for.
      if (this.graceTimer !== null && e.holder !== null && e.holder.chassis !== this.o.chassis) {
        this.clearGrace();
        this.change('standby', `${this.graceReason}; chassis ${e.holder.chassis} took over (epoch ${e.holder.epoch}) while we reconnected`);
      }
      return;
    }
    if (e.kind === 'acquired') {
      this.token = e.token;
      this.holder = e.token;
      if (this.graceTimer !== null) {
        // Back on the (new) leader within the grace: the group never changed hands, forwarding never stopped.
        this.clearGrace();
        this.o.log.info(`ha: lock of group ${this.o.group} regained, fencing epoch ${e.token.epoch}; still active`);
        return;
      }
      this.takeovers++;
      this.change('active', `lock acquired, fencing epoch ${e.token.epoch}`);
      return;
    }
    this.token = null; // from now on fence() refuses: no NB write without the lock
    const reason = `lock lost (${e.reason}): ${e.detail}`;
    if (this.role === 'active' && (e.reason === 'disconnected' || e.reason === 'not-leader') && this.graceMs > 0) {
      this.o.log.info(`ha: ${reason}; forwarding on, not writing, for up to ${this.graceMs} ms while reconnecting`);
      this.graceReason = reason;
      this.graceTimer = setTimeout(() => {
        this.graceTimer = null;
        this.change('standby', `${reason}; not regained within ${this.graceMs} ms`);
      }, this.graceMs);
      return;
    }
    this.clearGrace();
    this.change('standby', reason);
  }

  /** The other members' identities, one per chassis. */
  groupMembers(): GroupMemberIdentity[] {
    return [...this.members].map(([chassis, m]) => ({ chassis, ...m }));
  }

  private learnMember(t: FenceToken): void {
    if (t.member === undefined || t.chassis === this.o.chassis) return;
    const had = this.members.get(t.chassis);
    if (had !== undefined && had.routerId === t.member.routerId && had.vteps.join() === t.member.vteps.join()) return;
    this.members.set(t.chassis, t.member);
    this.o.log.info(`ha: group ${this.o.group} member ${t.chassis} has router id ${t.member.routerId}, VTEP ${t.member.vteps.join(', ')}: its routes are the group's, not imported`);
    this.o.onMembers?.(this.groupMembers());
  }

  private clearGrace(): void {
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }

  private change(role: 'standby' | 'active', reason: string): void {
    const was = this.lastChange?.role ?? null;
    this.role = role;
    this.lastChange = { role, reason, at: this.now() };
    this.o.log.warn(`ha: ${role} in group ${this.o.group} (chassis ${this.o.chassis}): ${reason}`);
    if (was !== null || role === 'active') this.o.onRole(role === 'active', reason);
  }
}
