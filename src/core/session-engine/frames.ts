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
  const out = Buffer.allocUnsafe(5 + payload.length);
  out.writeUInt32BE(payload.length + 1, 0);
  out[4] = kind;
  payload.copy(out, 5);
  return out;
}

/** A JSON message frame. */
export function jsonFrame(message: object): Buffer {
  return frame(KIND_JSON, Buffer.from(JSON.stringify(message, replacer), 'utf8'));
}

/** A frame of whole BGP messages for (or from) one neighbor, built with one copy of the messages (the ingest path). */
export function bgpFrame(address: string, messages: readonly Uint8Array[]): Buffer {
  const addr = Buffer.from(address, 'ascii');
  if (addr.length > 255) throw new ChannelError(`expected a neighbor address of at most 255 bytes, got ${addr.length}`);
  let size = 0;
  for (const m of messages) size += m.length;
  const out = Buffer.allocUnsafe(5 + 1 + addr.length + size);
  out.writeUInt32BE(1 + 1 + addr.length + size, 0);
  out[4] = KIND_BGP;
  out[5] = addr.length;
  addr.copy(out, 6);
  let at = 6 + addr.length;
  for (const m of messages) {
    out.set(m, at);
    at += m.length;
  }
  return out;
}

/**
 * Cuts a byte stream into frames; a bad frame throws ChannelError (the caller drops the connection). Reads are
 * kept as a list and joined once per frame: a frame of a few MiB arrives in many socket reads, and joining at
 * every read would copy it over and over.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;

  /** The frames completed by `chunk`, one at a time: those before a bad frame are handed out before it throws. */
  *frames(chunk: Buffer): Generator<Frame> {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
    while (this.size >= 4) {
      const length = this.peekLength();
      if (length < 1 || length > MAX_FRAME_BYTES) throw new ChannelError(`expected a frame length of 1..${MAX_FRAME_BYTES}, got ${length}`);
      if (this.size - 4 < length) break;
      yield parse(this.take(4 + length).subarray(4));
    }
  }

  /** Bytes of a frame not complete yet. */
  get pending(): number {
    return this.size;
  }

  private peekLength(): number {
    const first = this.chunks[0] as Buffer;
    return first.length >= 4 ? first.readUInt32BE(0) : this.take(4, false).readUInt32BE(0);
  }

  /** The next `n` buffered bytes (a view when one read holds them all); `consume` false leaves them buffered. */
  private take(n: number, consume = true): Buffer {
    const first = this.chunks[0] as Buffer;
    let out: Buffer;
    if (first.length >= n) out = first.subarray(0, n);
    else {
      out = Buffer.allocUnsafe(n);
      let at = 0;
      for (const c of this.chunks) {
        const part = Math.min(c.length, n - at);
        c.copy(out, at, 0, part);
        at += part;
        if (at === n) break;
      }
    }
    if (!consume) return out;
    this.size -= n;
    let left = n;
    while (left > 0) {
      const c = this.chunks[0] as Buffer;
      if (c.length <= left) {
        this.chunks.shift();
        left -= c.length;
      } else {
        this.chunks[0] = c.subarray(left);
        left = 0;
      }
    }
    return out;
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
    // A view, as the single-process framer hands out: the read buffer stays alive as long as a message of it does.
    return { kind: 'bgp', address: body.subarray(2, 2 + n).toString('ascii'), bytes: body.subarray(2 + n) };
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
