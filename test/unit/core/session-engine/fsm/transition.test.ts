// The RFC 4271 §8.2.2 transition table, state by state, on a fake clock.
import { describe, expect, it } from 'vitest';
import { Driver, establish, kinds, peerOpen, testConfig } from './harness.js';
import {
  fsmConfig, nextDeadline, timerView, viewState, idleHoldSeconds, transition, initialState,
  type FsmEvent, type FsmStateName,
} from '../../../../../src/core/session-engine/fsm/index.js';
import { notification } from '../../../../../src/core/session-engine/wire/messages/notification.js';

const NOTIF: FsmEvent = { type: 'NotifMsg', message: notification(6, 4) };
const UPDATE: FsmEvent = { type: 'UpdateMsg', message: { type: 'update', withdrawnRaw: new Uint8Array(0), attributes: { other: [] }, nlriRaw: new Uint8Array(0) } };

describe('Idle', () => {
  it('ManualStart dials and starts the connect-retry timer (default 30 s)', () => {
    const d = new Driver();
    const a = d.step({ type: 'ManualStart' });
    expect(d.state.name).toBe('Connect');
    expect(kinds(a)).toEqual(['connect']);
    expect(a).toContainEqual({ type: 'start-timer', timer: 'connectRetry', deadline: d.now + 30_000 });
    expect(viewState(d.state)).toBe('connect');
  });
  it('a passive neighbor goes to Active and never dials', () => {
    const d = new Driver(testConfig({ routerId: '10.0.0.2', passive: true }));
    expect(kinds(d.step({ type: 'ManualStart' }))).toEqual([]);
    expect(d.state.name).toBe('Active');
    expect(kinds(d.advance(30))).toEqual([]);
    expect(d.state.name).toBe('Active');
    d.step({ type: 'TcpConnectionConfirmed', inbound: true });
    expect([d.state.name, d.state.inbound]).toEqual(['OpenSent', true]);
  });
  it('ignores other events and refuses connections; never throws for any event', () => {
    const d = new Driver();
    for (const e of [NOTIF, UPDATE, { type: 'KeepAliveMsg' }, { type: 'HoldTimerExpires' }, { type: 'ManualStop' }] as FsmEvent[]) {
      expect(d.step(e)).toEqual([]);
      expect(d.state).toEqual(initialState());
    }
    expect(d.step({ type: 'TcpConnectionConfirmed', inbound: true })).toEqual([{ type: 'close' }]);
  });
});

describe('Connect and Active', () => {
  it('connect-retry expiry abandons the dial and dials again', () => {
    const d = new Driver();
    d.step({ type: 'ManualStart' });
    expect(kinds(d.advance(30))).toEqual(['close', 'connect']);
    expect(d.state.name).toBe('Connect');
  });
  it('a custom connect-retry time is honoured', () => {
    const d = new Driver(testConfig({ localAs: 1, routerId: '1.1.1.1', remoteAs: 2, connectRetryTime: 5 }));
    d.step({ type: 'ManualStart' });
    expect(kinds(d.advance(4.9))).toEqual([]);
    expect(kinds(d.advance(0.1))).toEqual(['close', 'connect']);
  });
  it('TCP failure goes to Idle and restarts after the idle hold, backing off to the cap', () => {
    const d = new Driver();
    d.step({ type: 'ManualStart' });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      d.step({ type: 'TcpConnectionFails', detail: 'ECONNREFUSED' });
      expect(d.state.name).toBe('Idle');
      delays.push((nextDeadline(d.state)! - d.now) / 1000);
      d.advance(delays[i]!);
      expect(d.state.name).toBe('Connect');
    }
    expect(delays).toEqual([1, 2, 4, 8, 8, 8]);
    expect(d.state.lastError).toBe('TCP connection failed: ECONNREFUSED');
    expect(idleHoldSeconds(d.config, 3)).toBe(4);
  });
  it('TCP up sends OPEN with our capabilities and a 240 s hold timer', () => {
    const d = new Driver();
    d.step({ type: 'ManualStart' });
    const a = d.step({ type: 'TcpConnectionConfirmed', inbound: false });
    expect(d.state.name).toBe('OpenSent');
    const open = a.find((x) => x.type === 'send');
    expect(open).toMatchObject({ message: { type: 'open', version: 4, myAs: 65000, holdTime: 90, routerId: '192.168.100.2' } });
    expect(open?.type === 'send' && open.message.type === 'open' && open.message.capabilities.map((c) => c.code)).toEqual([1, 2, 70, 65]);
    expect(a).toContainEqual({ type: 'stop-timer', timer: 'connectRetry' });
    expect(a).toContainEqual({ type: 'start-timer', timer: 'hold', deadline: d.now + 240_000 });
  });
  it('ManualStop stops without restarting; an unexpected message releases and counts a failure', () => {
    const d = new Driver();
    d.step({ type: 'ManualStart' });
    expect(kinds(d.step({ type: 'ManualStop' }))).toEqual(['close']);
    expect([d.state.name, d.state.running, nextDeadline(d.state)]).toEqual(['Idle', false, null]);
    const e = new Driver();
    e.step({ type: 'ManualStart' });
    e.step({ type: 'KeepAliveMsg' });
    expect([e.state.name, e.state.connectRetryCounter, e.state.lastDownReason]).toEqual(['Idle', 1, 'fsm-error']);
  });
  it('a 4-octet local AS is sent as AS_TRANS in My AS', () => {
    const d = new Driver(testConfig({ localAs: 4200000000, routerId: '1.1.1.1' }));
    d.step({ type: 'ManualStart' });
    const a = d.step({ type: 'TcpConnectionConfirmed', inbound: false });
    expect(a.find((x) => x.type === 'send')).toMatchObject({ message: { myAs: 23456, capabilities: expect.arrayContaining([{ code: 65, asn: 4200000000 }]) } });
  });
});

describe('OpenSent', () => {
  const openSent = (): Driver => {
    const d = new Driver();
    d.step({ type: 'ManualStart' });
    d.step({ type: 'TcpConnectionConfirmed', inbound: false });
    return d;
  };
  it('a good OPEN: KEEPALIVE, hold = min(90, 180), keepalive = hold / 3', () => {
    const d = openSent();
    const a = d.step({ type: 'BgpOpen', open: peerOpen() });
    expect(d.state.name).toBe('OpenConfirm');
    expect(kinds(a)).toEqual(['send keepalive']);
    expect(d.state.peer).toMatchObject({ asn: 65000, routerId: '192.168.100.1', holdTime: 90, keepaliveTime: 30, fourOctetAs: true });
    expect(d.state.peer?.capabilities.names).toEqual(['mp-evpn', 'route-refresh', '4-octet-as']);
    expect(timerView(d.state, d.now)).toEqual({ hold: 90, keepalive: 30 });
  });
  it('hold time 0 on either side means no hold and no keepalive timers', () => {
    const d = openSent();
    d.step({ type: 'BgpOpen', open: peerOpen({ holdTime: 0 }) });
    expect([d.state.peer?.holdTime, nextDeadline(d.state)]).toEqual([0, null]);
  });
  const rejects: [string, Parameters<typeof peerOpen>[0], string][] = [
    ['version 3', { version: 3 }, '2/1'],
    ['the wrong AS', { myAs: 65001, capabilities: [{ code: 1, afi: 25, safi: 70 }, { code: 65, asn: 65001 }] }, '2/2'],
    ['a 4-octet AS not sent as AS_TRANS', { myAs: 100, capabilities: [{ code: 1, afi: 25, safi: 70 }, { code: 65, asn: 4200000000 }] }, '2/2'],
    ['hold time 2', { holdTime: 2 }, '2/6'],
    ['BGP identifier 0.0.0.0', { routerId: '0.0.0.0' }, '2/3'],
    ['our own BGP identifier on iBGP', { routerId: '192.168.100.2' }, '2/3'],
    ['no MP L2VPN/EVPN', { capabilities: [{ code: 1, afi: 1, safi: 1 }, { code: 65, asn: 65000 }] }, '2/7'],
  ];
  for (const [what, over, code] of rejects) {
    it(`rejects ${what} with NOTIFICATION ${code}`, () => {
      const d = openSent();
      const a = d.step({ type: 'BgpOpen', open: peerOpen(over) });
      expect(kinds(a)).toEqual([`send notification ${code}`, 'close']);
      expect([d.state.name, d.state.lastDownReason]).toEqual(['Idle', 'open-rejected']);
      expect(d.state.lastError).toMatch(/^sent OPEN Message Error \//);
    });
  }
  it('Unsupported Version carries our version, Unsupported Capability the capability we need', () => {
    const v = openSent().step({ type: 'BgpOpen', open: peerOpen({ version: 5 }) }).find((a) => a.type === 'send');
    expect(v?.type === 'send' && v.message.type === 'notification' && [...v.message.data]).toEqual([0, 4]);
    const c = openSent().step({ type: 'BgpOpen', open: peerOpen({ capabilities: [] }) }).find((a) => a.type === 'send');
    expect(c?.type === 'send' && c.message.type === 'notification' && [...c.message.data]).toEqual([1, 4, 0, 25, 0, 70]);
  });
  it('a peer with a 2-octet AS and no 4-octet capability is accepted on a 2-octet session', () => {
    const d = openSent();
    d.step({ type: 'BgpOpen', open: peerOpen({ capabilities: [{ code: 1, afi: 25, safi: 70 }] }) });
    expect([d.state.name, d.state.peer?.fourOctetAs]).toEqual(['OpenConfirm', false]);
  });
  it('hold timer expiry (no OPEN within 240 s) sends Hold Timer Expired', () => {
    const d = openSent();
    expect(kinds(d.advance(240))).toEqual(['send notification 4/0', 'close']);
    expect(d.state.lastDownReason).toBe('hold-timer-expired');
  });
  it('KEEPALIVE or UPDATE before OPEN is an FSM error 5/1 (RFC 6608)', () => {
    expect(kinds(openSent().step({ type: 'KeepAliveMsg' }))).toEqual(['send notification 5/1', 'close']);
    expect(kinds(openSent().step(UPDATE))).toEqual(['send notification 5/1', 'close']);
  });
  it('decode errors send their NOTIFICATION; a received NOTIFICATION just closes', () => {
    const d = openSent();
    expect(kinds(d.step({ type: 'MessageError', code: 2, subcode: 4, data: Uint8Array.of(1), detail: 'optional parameter 1' }))).toEqual(['send notification 2/4', 'close']);
    expect(d.state.lastError).toBe('sent OPEN Message Error / Unsupported Optional Parameter: optional parameter 1');
    const e = openSent();
    expect(kinds(e.step(NOTIF))).toEqual(['close']);
    expect(e.state.lastError).toBe('received Cease / Administrative Reset');
  });
  it('TCP failure goes to Idle; ManualStop sends Cease / Administrative Shutdown', () => {
    expect(kinds(openSent().step({ type: 'TcpConnectionFails' }))).toEqual(['close']);
    const d = openSent();
    expect(kinds(d.step({ type: 'ManualStop' }))).toEqual(['send notification 6/2', 'close']);
    expect(d.state.running).toBe(false);
  });
  it('OpenCollisionDump sends Cease / Connection Collision Resolution', () => {
    const d = openSent();
    expect(kinds(d.step({ type: 'OpenCollisionDump' }))).toEqual(['send notification 6/7', 'close']);
    expect(d.state.lastDownReason).toBe('collision-dump');
  });
});

describe('OpenConfirm', () => {
  const openConfirm = (): Driver => {
    const d = new Driver();
    d.step({ type: 'ManualStart' });
    d.step({ type: 'TcpConnectionConfirmed', inbound: true });
    d.step({ type: 'BgpOpen', open: peerOpen() });
    return d;
  };
  it('KEEPALIVE establishes the session: session-up with the negotiated peer', () => {
    const d = openConfirm();
    d.now += 10_000;
    const a = d.step({ type: 'KeepAliveMsg' });
    expect(d.state.name).toBe('Established');
    expect(a).toEqual([expect.objectContaining({ type: 'session-up', peer: expect.objectContaining({ holdTime: 90 }) }), { type: 'start-timer', timer: 'hold', deadline: d.now + 90_000 }]);
    expect(d.state.establishedAt).toBe(d.now);
  });
  it('sends KEEPALIVEs every keepalive interval while waiting', () => {
    const d = openConfirm();
    expect(kinds(d.advance(30))).toEqual(['send keepalive']);
    expect(kinds(d.advance(30))).toEqual(['send keepalive']);
    expect(kinds(d.advance(30))).toEqual(['send notification 4/0', 'close']);
  });
  it('a second OPEN or an UPDATE is an FSM error 5/2', () => {
    expect(kinds(openConfirm().step({ type: 'BgpOpen', open: peerOpen() }))).toEqual(['send notification 5/2', 'close']);
    expect(kinds(openConfirm().step(UPDATE))).toEqual(['send notification 5/2', 'close']);
  });
  it('NOTIFICATION, TCP failure, ManualStop, collision', () => {
    expect(kinds(openConfirm().step(NOTIF))).toEqual(['close']);
    expect(kinds(openConfirm().step({ type: 'TcpConnectionFails' }))).toEqual(['close']);
    expect(kinds(openConfirm().step({ type: 'ManualStop' }))).toEqual(['send notification 6/2', 'close']);
    expect(kinds(openConfirm().step({ type: 'OpenCollisionDump' }))).toEqual(['send notification 6/7', 'close']);
  });
});

describe('Established', () => {
  const up = (): Driver => {
    const d = new Driver();
    establish(d);
    return d;
  };
  it('UPDATEs are delivered and restart the hold timer; KEEPALIVEs restart it too', () => {
    const d = up();
    d.advance(60);
    const a = d.step(UPDATE);
    expect(kinds(a)).toEqual(['deliver']);
    expect(a).toContainEqual({ type: 'start-timer', timer: 'hold', deadline: d.now + 90_000 });
    d.advance(60);
    d.step({ type: 'KeepAliveMsg' });
    expect(d.state.timers.hold).toBe(d.now + 90_000);
    expect(d.state.name).toBe('Established');
  });
  it('when hold and keepalive are both overdue (the process slept), hold expiry wins', () => {
    expect(kinds(up().advance(95))).toEqual(['send notification 4/0', 'close', 'session-down']);
  });
  it('keepalives go out every 30 s; silence for 90 s expires the hold timer with session-down', () => {
    const d = up();
    const a = [...d.advance(30), ...d.advance(30), ...d.advance(30)];
    expect(kinds(a)).toEqual(['send keepalive', 'send keepalive', 'send notification 4/0', 'close', 'session-down']);
    expect(a).toContainEqual({ type: 'session-down', reason: 'hold-timer-expired', detail: 'sent Hold Timer Expired / Unspecific' });
    expect(d.state).toMatchObject({ name: 'Idle', peer: null, establishedAt: null, running: true });
  });
  it('restarts a few seconds after the peer resets the session, and comes back up', () => {
    const d = up();
    expect(kinds(d.step(NOTIF))).toEqual(['close', 'session-down']);
    expect(d.log).toContainEqual({ type: 'session-down', reason: 'peer-notification', detail: 'received Cease / Administrative Reset' });
    expect(kinds(d.advance(1))).toEqual(['connect']);
    d.step({ type: 'TcpConnectionConfirmed', inbound: false });
    d.step({ type: 'BgpOpen', open: peerOpen() });
    d.step({ type: 'KeepAliveMsg' });
    expect([d.state.name, d.state.connectRetryCounter]).toEqual(['Established', 0]);
  });
  it('ManualStop: Cease / Administrative Shutdown, session-down admin-stop, no restart', () => {
    const d = up();
    expect(kinds(d.step({ type: 'ManualStop' }))).toEqual(['send notification 6/2', 'close', 'session-down']);
    expect(d.advance(3600)).toEqual([]);
  });
  it('a decode error sends its NOTIFICATION; OPEN or connect-retry expiry is FSM error 5/3', () => {
    expect(kinds(up().step({ type: 'MessageError', code: 3, subcode: 1, data: new Uint8Array(0), detail: 'x' }))).toEqual(['send notification 3/1', 'close', 'session-down']);
    expect(kinds(up().step({ type: 'BgpOpen', open: peerOpen() }))).toEqual(['send notification 5/3', 'close', 'session-down']);
    expect(kinds(up().step({ type: 'ConnectRetryTimerExpires' }))).toEqual(['send notification 5/3', 'close', 'session-down']);
  });
  it('TCP loss is session-down connection-lost; a second TCP connection is left to the session layer', () => {
    const d = up();
    expect(d.step({ type: 'TcpConnectionConfirmed', inbound: true })).toEqual([]);
    expect(d.step({ type: 'TcpConnectionFails', detail: 'EOF' })).toContainEqual({ type: 'session-down', reason: 'connection-lost', detail: 'TCP connection failed: EOF' });
  });
  it('ROUTE-REFRESH is delivered', () => {
    expect(kinds(up().step({ type: 'RouteRefreshMsg', message: { type: 'route-refresh', afi: 25, subtype: 0, safi: 70 } }))).toEqual(['deliver']);
  });
});

describe('every state x event', () => {
  const EVENTS: FsmEvent[] = [
    { type: 'ManualStart' }, { type: 'ManualStop' }, { type: 'ConnectRetryTimerExpires' }, { type: 'HoldTimerExpires' },
    { type: 'KeepaliveTimerExpires' }, { type: 'IdleHoldTimerExpires' }, { type: 'TcpConnectionConfirmed', inbound: true },
    { type: 'TcpConnectionFails' }, { type: 'BgpOpen', open: peerOpen() }, { type: 'KeepAliveMsg' }, UPDATE,
    { type: 'RouteRefreshMsg', message: { type: 'route-refresh', afi: 25, subtype: 0, safi: 70 } }, NOTIF,
    { type: 'MessageError', code: 1, subcode: 2, data: new Uint8Array(0), detail: 'x' }, { type: 'OpenCollisionDump' },
  ];
  const reach: Record<FsmStateName, (d: Driver) => void> = {
    Idle: () => undefined,
    Connect: (d) => d.step({ type: 'ManualStart' }),
    Active: (d) => { d.step({ type: 'ManualStart' }); d.state = { ...d.state, name: 'Active' }; },
    OpenSent: (d) => { d.step({ type: 'ManualStart' }); d.step({ type: 'TcpConnectionConfirmed', inbound: false }); },
    OpenConfirm: (d) => { reach.OpenSent(d); d.step({ type: 'BgpOpen', open: peerOpen() }); },
    Established: (d) => establish(d),
  };
  for (const [name, go] of Object.entries(reach)) {
    it(`${name}: every event gives a valid state, timers consistent with the actions`, () => {
      for (const e of EVENTS) {
        const d = new Driver();
        go(d);
        expect(d.state.name).toBe(name);
        const before = d.state;
        const t = transition(before, e, d.config, d.now);
        expect(['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established']).toContain(t.state.name);
        for (const a of t.actions) {
          if (a.type === 'start-timer') expect(t.state.timers[a.timer]).toBe(a.deadline);
          if (a.type === 'stop-timer') expect(t.state.timers[a.timer]).toBeNull();
        }
        if (t.state.name === 'Established') expect(t.state.peer).not.toBeNull();
        if (t.state.name === 'Idle' && before.name === 'Established') expect(t.actions.map((a) => a.type)).toContain('session-down');
        if (t.actions.some((a) => a.type === 'send' && a.message.type === 'notification')) expect(t.actions.map((a) => a.type)).toContain('close');
      }
    });
  }
});

describe('jitter (RFC 4271 §10)', () => {
  it('ConnectRetry and the idle-hold back-off are multiplied by the injected factor', () => {
    const d = new Driver(testConfig({ jitter: () => 0.75 }));
    const a = d.step({ type: 'ManualStart' });
    expect(a).toContainEqual({ type: 'start-timer', timer: 'connectRetry', deadline: d.now + 22_500 });
    expect(kinds(d.advance(22.5))).toEqual(['close', 'connect']);
    expect(d.state.timers.connectRetry).toBe(d.now + 22_500);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      d.step({ type: 'TcpConnectionFails', detail: 'ECONNREFUSED' });
      delays.push((nextDeadline(d.state) ?? 0) - d.now);
      d.advance(delays[i]! / 1000);
    }
    expect(delays).toEqual([750, 1500, 3000, 6000, 6000]);
  });

  it('the default factor is uniform in [0.75, 1.0], so two speakers that failed together retry apart', () => {
    const c = fsmConfig({ localAs: 65000, routerId: '10.0.0.2', remoteAs: 65000 });
    const samples = Array.from({ length: 2000 }, () => c.jitter());
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0.75);
    expect(Math.max(...samples)).toBeLessThanOrEqual(1);
    expect(Math.min(...samples)).toBeLessThan(0.76);
    expect(Math.max(...samples)).toBeGreaterThan(0.99);
    const retryAt = () => {
      const d = new Driver(fsmConfig({ localAs: 65000, routerId: '10.0.0.2', remoteAs: 65000 }));
      d.step({ type: 'ManualStart' });
      d.step({ type: 'TcpConnectionFails', detail: 'Cease / Connection Rejected' });
      return nextDeadline(d.state);
    };
    const at = new Set(Array.from({ length: 20 }, retryAt));
    expect(at.size).toBeGreaterThan(10);
  });

  it('a jitter source out of range is clamped: never an immediate retry, never later than nominal', () => {
    for (const [j, ms] of [[0, 22_500], [-3, 22_500], [7, 30_000]] as const) {
      const d = new Driver(testConfig({ jitter: () => j }));
      d.step({ type: 'ManualStart' });
      expect(d.state.timers.connectRetry).toBe(d.now + ms);
    }
  });
});
