import { describe, expect, it } from 'vitest';
import { bgpFrame, FrameReader, jsonFrame, MAX_FRAME_BYTES, splitMessages, wholeMessageTypes } from '../../../../src/core/session-engine/frames.js';
import { asReMessage, asSeMessage, ChannelError, CHANNEL_VERSION } from '../../../../src/core/session-engine/protocol.js';
import { encodeMessage } from '../../../../src/core/session-engine/wire/message.js';
import { OPEN_CONTEXT } from '../../../../src/core/session-engine/wire/context.js';
import { notification } from '../../../../src/core/session-engine/wire/messages/notification.js';

/** Every frame of one chunk. */
const read = (chunk: Buffer) => [...new FrameReader().frames(chunk)];
const keepalive = () => encodeMessage({ type: 'keepalive' }, OPEN_CONTEXT);

describe('channel frames', () => {
  it('carry JSON messages with byte arrays, and BGP bytes, across any chunking', () => {
    const notify = notification(6, 2, new Uint8Array([1, 2, 3]));
    const stream = Buffer.concat([
      jsonFrame({ type: 'remove', address: '192.0.2.1', notify }),
      bgpFrame('2001:db8::1', [keepalive(), keepalive()]),
    ]);
    for (const size of [1, 3, 7, stream.length]) {
      const reader = new FrameReader();
      const frames = [];
      for (let at = 0; at < stream.length; at += size) frames.push(...reader.frames(stream.subarray(at, at + size)));
      expect(reader.pending).toBe(0);
      expect(frames).toHaveLength(2);
      expect(frames[0]).toEqual({ kind: 'json', value: { type: 'remove', address: '192.0.2.1', notify } });
      expect(frames[1]?.kind).toBe('bgp');
      if (frames[1]?.kind !== 'bgp') return;
      expect(frames[1].address).toBe('2001:db8::1');
      expect(wholeMessageTypes(frames[1].bytes)).toEqual([4, 4]);
    }
  });

  it('join a frame of many reads once, byte for byte, and keep the next frame that shares its last read', () => {
    // 4 MiB of 4 KiB UPDATE-sized messages (keepalive headers with a length of 4096), as one socket read of UPDATEs
    const big = Buffer.alloc(4096);
    big.fill(0xff, 0, 16);
    big.writeUInt16BE(4096, 16);
    big[18] = 2;
    const messages = Array.from({ length: 1024 }, () => big);
    const stream = Buffer.concat([bgpFrame('192.0.2.1', messages), bgpFrame('192.0.2.2', [keepalive()])]);
    const reader = new FrameReader();
    const frames = [];
    for (let at = 0; at < stream.length; at += 65536) frames.push(...reader.frames(stream.subarray(at, at + 65536)));
    expect(reader.pending).toBe(0);
    expect(frames.map((f) => (f.kind === 'bgp' ? [f.address, f.bytes.length] : f.kind))).toEqual([['192.0.2.1', 4096 * 1024], ['192.0.2.2', 19]]);
    const first = frames[0];
    if (first?.kind !== 'bgp') throw new Error('expected a BGP frame');
    expect(Buffer.compare(Buffer.from(first.bytes), Buffer.concat(messages))).toBe(0);
  });

  it('reject a frame length of 0 or above the maximum, an unknown kind, and bad JSON', () => {
    const length = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
    expect(() => read(length(0))).toThrow(/frame length of 1\.\./);
    expect(() => read(length(MAX_FRAME_BYTES + 1))).toThrow(ChannelError);
    expect(() => read(Buffer.concat([length(2), Buffer.from([9, 0])]))).toThrow(/frame kind 0 \(JSON\) or 1 \(BGP bytes\), got 9/);
    expect(() => read(Buffer.concat([length(3), Buffer.from([0]), Buffer.from('{x')]))).toThrow(/expected JSON/);
    expect(() => read(Buffer.concat([length(3), Buffer.from([1, 5, 65])]))).toThrow(/neighbor address/);
  });

  it('take only whole BGP messages', () => {
    const two = Buffer.concat([keepalive(), keepalive()]);
    expect(splitMessages(two)).toHaveLength(2);
    const cut = Buffer.concat([keepalive(), Buffer.alloc(30, 0xff)]);
    cut.writeUInt16BE(40, 19 + 16);
    expect(() => splitMessages(cut)).toThrow('expected a whole BGP message at byte 19, got length 40 of 30 byte(s) left');
    expect(() => splitMessages(two.subarray(0, 10))).toThrow(/10 trailing byte/);
    const short = Buffer.from(keepalive());
    short.writeUInt16BE(12, 16);
    expect(() => splitMessages(short)).toThrow(/got length 12/);
  });
});

describe('channel messages', () => {
  it('accept the known types of each side and a hello of this version', () => {
    expect(asReMessage({ type: 'hello', version: CHANNEL_VERSION, pid: 1 }).type).toBe('hello');
    expect(asSeMessage({ type: 'closed' }).type).toBe('closed');
  });

  it('refuse other shapes, types, addresses and versions with what was expected', () => {
    expect(() => asReMessage([1])).toThrow(/expected a route engine message object/);
    expect(() => asReMessage({ type: 'up' })).toThrow(/expected a route engine message type .* got "up"/);
    expect(() => asSeMessage({ type: 'listen' })).toThrow(/session engine message type/);
    expect(() => asReMessage({ type: 'remove', address: 7 })).toThrow(/string address in remove, got 7/);
    expect(() => asSeMessage({ type: 'hello', version: CHANNEL_VERSION + 1 })).toThrow(`expected channel version ${CHANNEL_VERSION}, got ${CHANNEL_VERSION + 1}`);
  });
});
