// A fake monotonic clock and a driver that replays events through transition(), collecting actions.
// Time only moves when a test says so; nothing sleeps.
import { fsmConfig, initialState, transition, dueEvents, type FsmAction, type FsmConfig, type FsmEvent, type FsmState } from '../../../../../src/core/session-engine/fsm/index.js';
import type { OpenMessage } from '../../../../../src/core/session-engine/wire/types.js';

/** No RFC 4271 §10 jitter: timers fire at their nominal times, so tests can name them. */
export const NO_JITTER = (): number => 1;

/** An FsmConfig for tests: AS 65000 iBGP, no jitter unless given. */
export const testConfig = (over: Partial<FsmConfig> = {}): FsmConfig =>
  fsmConfig({ localAs: 65000, routerId: '192.168.100.2', remoteAs: 65000, jitter: NO_JITTER, ...over });

/** An FSM under test with its own clock. */
export class Driver {
  now = 1_000_000;
  state: FsmState = initialState();
  log: FsmAction[] = [];
  constructor(readonly config: FsmConfig = testConfig()) {}

  /** Feeds one event, returns the actions it produced. */
  step(e: FsmEvent): FsmAction[] {
    const t = transition(this.state, e, this.config, this.now);
    this.state = t.state;
    this.log.push(...t.actions);
    return t.actions;
  }

  /** Moves the clock and fires every due timer, as the session layer's wakeup would. */
  advance(seconds: number): FsmAction[] {
    this.now += seconds * 1000;
    const out: FsmAction[] = [];
    for (let e = dueEvents(this.state, this.now)[0]; e; e = dueEvents(this.state, this.now)[0]) out.push(...this.step(e));
    return out;
  }
}

/** The peer's OPEN as FRR would send it (AS 65000, hold 180, MP EVPN, RR, 4-octet AS). */
export const peerOpen = (over: Partial<OpenMessage> = {}): OpenMessage => ({
  type: 'open', version: 4, myAs: 65000, holdTime: 180, routerId: '192.168.100.1',
  capabilities: [{ code: 1, afi: 25, safi: 70 }, { code: 2 }, { code: 65, asn: 65000 }],
  ...over,
});

/** Drives a fresh FSM to Established. */
export function establish(d: Driver, open: OpenMessage = peerOpen()): void {
  d.step({ type: 'ManualStart' });
  d.step({ type: 'TcpConnectionConfirmed', inbound: false });
  d.step({ type: 'BgpOpen', open });
  d.step({ type: 'KeepAliveMsg' });
}

/** Only the non-timer actions, by type (timer actions are checked separately). */
export const kinds = (actions: FsmAction[]): string[] =>
  actions.filter((a) => a.type !== 'start-timer' && a.type !== 'stop-timer').map((a) =>
    a.type === 'send' ? `send ${a.message.type}${a.message.type === 'notification' ? ` ${a.message.code}/${a.message.subcode}` : ''}` : a.type);
