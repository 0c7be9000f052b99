// The session engine's codec: OPEN, KEEPALIVE and NOTIFICATION, byte for byte as the whole codec has them.
import { describe, expect, it } from 'vitest';
import { BGP_MESSAGES } from '../../../../../src/core/session-engine/wire/message.js';
import { SESSION_MESSAGES } from '../../../../../src/core/session-engine/wire/session-codec.js';
import { OPEN_CONTEXT } from '../../../../../src/core/session-engine/wire/context.js';
import { notification } from '../../../../../src/core/session-engine/wire/messages/notification.js';
import { buildOpen, defaultCapabilities, fsmConfig } from '../../../../../src/core/session-engine/fsm/config.js';
import type { BgpMessage } from '../../../../../src/core/session-engine/wire/types.js';
import { endOfRib } from '../../../../../src/core/session-engine/wire/end-of-rib.js';

describe('SESSION_MESSAGES', () => {
  const messages: BgpMessage[] = [
    { type: 'keepalive' },
    notification(6, 2, new Uint8Array([1, 2])),
    buildOpen(fsmConfig({ localAs: 4_200_000_000, routerId: '192.0.2.1', remoteAs: 65000, holdTime: 90, passive: false, capabilities: defaultCapabilities(4_200_000_000, 120) })),
  ];

  it('encodes and decodes the session messages as the whole codec does', () => {
    for (const m of messages) {
      const bytes = SESSION_MESSAGES.encode(m, OPEN_CONTEXT);
      expect(bytes).toEqual(BGP_MESSAGES.encode(m, OPEN_CONTEXT));
      expect(SESSION_MESSAGES.decode(bytes, OPEN_CONTEXT)).toEqual(BGP_MESSAGES.decode(bytes, OPEN_CONTEXT));
    }
  });

  it('refuses an UPDATE both ways, saying what it takes', () => {
    const update = BGP_MESSAGES.encode(endOfRib(), OPEN_CONTEXT);
    expect(() => SESSION_MESSAGES.decode(update, OPEN_CONTEXT)).toThrow('expected an OPEN, KEEPALIVE or NOTIFICATION for the session codec, got message type 2');
    expect(() => SESSION_MESSAGES.encode(endOfRib(), OPEN_CONTEXT)).toThrow(/got update/);
  });
});
