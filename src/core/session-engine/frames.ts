// Frames of the RE <-> SE channel: a 4-byte big-endian length, then one kind byte and the payload.
// Kind 0 is a JSON message (protocol.ts; byte arrays inside it as {"$bytes": hex}); kind 1 is BGP bytes
// for one neighbor: an address length byte, the address, then whole BGP messages as on the wire.
import { ChannelError } from './protocol.js';

/** The biggest frame accepted: a full socket read of UPDATEs is a few MiB at most. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

const KIND_JSON = 0;
const KIND_BGP = 1;

/** One decoded frame. */
export type Frame = { kind: 'json'; value: unknown } | { kind: 'bgp'; address: string; bytes: Uint8Array };

/** Byte arrays as hex inside JSON, so OPENs and NOTIFICATIONs survive the trip. */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Uint8Array ? { $bytes: Buffer.from(raw).toString('hex') } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { $bytes?: unknown }).$bytes === 'string') {
    return new Uint8Array(Buffer.from((value as { $bytes: string }).$bytes, 'hex'));
  }
  return value;
}

/** JSON text with byte arrays as hex (also for the reload's IPC messages). */
export const toJson = (value: unknown): string => JSON.stringify(value, replacer);

/** The value of toJson's text. */
export const fromJson = (text: string): unknown => JSON.parse(text, reviver) as unknown;

function frame(kind: number, payload: Buffer): Buffer {
  const head = Buffer.allocUnsafe(5);
  head.writeUInt32BE(payload.length + 1, 0);
  head[4] = kind;
  return Buffer.concat([head, payload]);
}

/** A JSON message frame. */
export function jsonFrame(message: object): Buffer {
  return frame(KIND_JSON, Buffer.from(JSON.stringify(message, replacer), 'utf8'));
}

/** A frame of whole BGP messages for (or from) one neighbor. */
export function bgpFrame(address: string, messages: readonly Uint8Array[]): Buffer {
  const addr = Buffer.from(address, 'ascii');
  if (addr.length > 255) throw new ChannelError(`expected a neighbor address of at most 255 bytes, got ${addr.length}`);
  return frame(KIND_BGP, Buffer.concat([Buffer.from([addr.length]), addr, ...messages]));
}

/** Cuts a byte stream into frames; a bad frame throws ChannelError (the caller drops the connection). */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  /** The frames completed by `chunk`, one at a time: those before a bad frame are handed out before it throws. */
  *frames(chunk: Buffer): Generator<Frame> {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const length = this.buffered.readUInt32BE(0);
      if (length < 1 || length > MAX_FRAME_BYTES) throw new ChannelError(`expected a frame length of 1..${MAX_FRAME_BYTES}, got ${length}`);
      if (this.buffered.length - 4 < length) break;
      const body = this.buffered.subarray(4, 4 + length);
      this.buffered = this.buffered.subarray(4 + length);
      yield parse(body);
    }
  }

  /** Bytes of a frame not complete yet. */
  get pending(): number {
    return this.buffered.length;
  }
}

function parse(body: Buffer): Frame {
  const kind = body[0];
  if (kind === KIND_JSON) {
    try {
      return { kind: 'json', value: JSON.parse(body.subarray(1).toString('utf8'), reviver) as unknown };
    } catch (err) {
      throw new ChannelError(`expected JSON in a message frame, got ${(err as Error).message}`);
    }
  }
  if (kind === KIND_BGP) {
    const n = body[1];
    if (n === undefined || body.length < 2 + n) throw new ChannelError(`expected a neighbor address in a BGP frame of ${body.length} bytes`);
    // A copy: the frame's bytes outlive the read buffer they came in.
    return { kind: 'bgp', address: body.subarray(2, 2 + n).toString('ascii'), bytes: new Uint8Array(body.subarray(2 + n)) };
  }
  throw new ChannelError(`expected frame kind ${KIND_JSON} (JSON) or ${KIND_BGP} (BGP bytes), got ${kind}`);
}

/** The types of the whole BGP messages in `bytes` (RFC 4271 §4.1 header), or ChannelError if they are not whole. */
export function wholeMessageTypes(bytes: Uint8Array): number[] {
  return splitMessages(bytes).map((m) => m[18] ?? 0);
}

/** The whole BGP messages in `bytes` (views, no copies), or ChannelError if they are not whole. */
export function splitMessages(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 19) throw new ChannelError(`expected whole BGP messages, got ${bytes.length - at} trailing byte(s)`);
    const length = ((bytes[at + 16] ?? 0) << 8) | (bytes[at + 17] ?? 0);
    if (length < 19 || at + length > bytes.length) throw new ChannelError(`expected a whole BGP message at byte ${at}, got length ${length} of ${bytes.length - at} byte(s) left`);
    out.push(bytes.subarray(at, at + length));
    at += length;
  }
  return out;
}
