// Reading a request body with a hard size limit, and decoding it as rest_vtep does: JSON whatever the
// Content-Type says (`curl -d` sends application/x-www-form-urlencoded), an empty body meaning `{}`.
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/** Request bodies above this are refused with 413; nothing beyond it is ever buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A 413 that also closes the connection: the rest of the body is never read. */
export function tooLarge(limit: number, got: string): HttpError {
  return new HttpError(413, `request body too large: expected at most ${limit} bytes, got ${got}`, { Connection: 'close' });
}

/** Reads the whole body, or rejects with 413 as soon as it passes `limit` bytes (stopping the read). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit, `${declared} (Content-Length)`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit, `more than that`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new HttpError(400, `could not read the request body: ${err.message}`, { Connection: 'close' }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a body as one JSON object; empty means `{}`. Throws a 400 HttpError saying what came instead. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch (_err) {
    throw new HttpError(400, 'invalid request body: expected UTF-8 encoded JSON, got bytes that are not UTF-8');
  }
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `invalid JSON in the request body: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new HttpError(400, `invalid request body: expected a JSON object, got ${got}`);
  }
  return value as Record<string, unknown>;
}
