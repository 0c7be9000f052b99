// The route engine's session port over a fake channel end: what it sends the session engine, and what it
// makes of what comes back (ups, adopted sessions, UPDATE bytes, an RFC 7606 session reset).
import { describe, expect, it } from 'vitest';
import { RemoteSessions } from '../../../../src/core/route-engine/remote-sessions.js';
import type { SeConnection } from '../../../../src/core/route-engine/se-client.js';
import type { ChannelEvents } from '../../../../src/core/session-engine/channel.js';
import type { ReMessage, SeMessage } from '../../../../src/core/session-engine/protocol.js';
import { CHANNEL_VERSION } from '../../../../src/core/session-engine/protocol.js';
import { fsmConfig, buildOpen } from '../../../../src/core/session-engine/fsm/config.js';
import { BGP_MESSAGES } from '../../../../src/core/session-engine/wire/message.js';
import { endOfRib } from '../../../../src/core/session-engine/wire/end-of-rib.js';
import { NOOP_SINK } from '../../../../src/core/metrics/sink.js';
import type { SessionUp } from '../../../../src/core/session-engine/session/types.js';
import type { PeerSession } from '../../../../src/core/session-engine/fsm/types.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { captureLog } from '../../../support/capture-log.js';

const PEER = '192.0.2.2';
const fsm = fsmConfig({ localAs: 65000, routerId: '192.0.2.1', remoteAs: 65000 });
const peer: PeerSession = {
  asn: 65000, routerId: '192.0.2.2', holdTime: 90, keepaliveTime: 30, fourOctetAs: true,
  capabilities: { mpEvpn: true, routeRefresh: true, enhancedRouteRefresh: true, fourOctetAs: true, gracefulRestart: null, names: [] },
};
const up: SessionUp = { peer, open: buildOpen({ ...fsm, routerId: '192.0.2.2' }) };

function setup() {
  const sent: ReMessage[] = [];
  const bytes: { address: string; messages: readonly Uint8Array[] }[] = [];
  let on: ChannelEvents<SeMessage> | null = null;
  const channel = {
    connected: true,
    send: (m: ReMessage) => void sent.push(m),
    sendBytes: (address: string, messages: readonly Uint8Array[]) => void bytes.push({ address, messages }),
    end: () => Promise.resolve(),
  };
  const se = {
    channel, listen: (o: ChannelEvents<SeMessage>) => { on = o; },
    hello: { type: 'hello', version: CHANNEL_VERSION, pid: 1, neighbors: [], listen: { port: 179, listenError: null } },
  } as unknown as SeConnection;
  const events: string[] = [];
  const log = captureLog();
  const sessions = new RemoteSessions({
    clock: new FakeClock(), log, metrics: NOOP_SINK, codec: BGP_MESSAGES, schedule: (t) => void t(),
    handler: {
      up: (a, s) => void events.push(`up ${a}${s.adopted === true ? ' adopted' : ''}`),
      down: (a, s) => void events.push(`down ${a} ${s.detail}`),
      updates: (a, batch) => void events.push(`updates ${a} ${batch.length}`),
      routeRefresh: (a, m) => void events.push(`route-refresh ${a} ${m.subtype}`),
    },
  }, se);
  const from = (m: SeMessage) => on?.message(m);
  const read = (b: Uint8Array) => on?.bytes(PEER, b);
  return { sessions, sent, bytes, events, from, read, log };
}

describe('RemoteSessions', () => {
  it('sends a neighbor\'s settings without the jitter function, and reports an adopted session up as adopted', () => {
    const t = setup();
    t.sessions.add({ address: PEER, port: 179, fsm });
    const add = t.sent[0];
    expect(add?.type).toBe('add');
    if (add?.type === 'add') expect('jitter' in add.settings.fsm).toBe(false);
    expect(t.sessions.get(PEER)?.established()).toBeNull();
    t.from({ type: 'up', address: PEER, up, adopted: true });
    expect(t.events).toEqual([`up ${PEER} adopted`]);
    expect(t.sessions.get(PEER)?.established()?.up).toEqual(up);
  });

  it('decodes one read of UPDATE bytes into one batch, and sends whole encoded messages', () => {
    const t = setup();
    t.sessions.add({ address: PEER, port: 179, fsm });
    t.from({ type: 'up', address: PEER, up, adopted: false });
    const eor = BGP_MESSAGES.encode(endOfRib(), { fourOctetAs: true });
    t.read(Buffer.concat([eor, eor]));
    expect(t.events.at(-1)).toBe(`updates ${PEER} 2`);
    t.sessions.get(PEER)?.send([endOfRib()]);
    expect(t.bytes).toEqual([{ address: PEER, messages: [eor] }]);
  });

  it('has the session engine reset the session on an UPDATE RFC 7606 resets it for, and drops what follows', () => {
    const t = setup();
    t.sessions.add({ address: PEER, port: 179, fsm });
    t.from({ type: 'up', address: PEER, up, adopted: false });
    // Total Path Attribute Length 100 in a 23-octet UPDATE: Malformed Attribute List (RFC 7606 §4: session reset).
    const bad = Buffer.alloc(23, 0);
    bad.fill(0xff, 0, 16);
    bad.writeUInt16BE(23, 16);
    bad[18] = 2;
    bad.writeUInt16BE(100, 21);
    t.read(bad);
    const reset = t.sent.find((m) => m.type === 'reset');
    expect(reset).toMatchObject({ type: 'reset', address: PEER, code: 3 });
    expect(t.log.lines.join('\n')).toMatch(/bad message from 192\.0\.2\.2/);
    t.read(BGP_MESSAGES.encode(endOfRib(), { fourOctetAs: true }));
    expect(t.events.filter((e) => e.startsWith('updates'))).toEqual([]);
  });
});
