import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseJsonObject, readBody } from '../../../../src/core/http/body.js';
import { HttpError } from '../../../../src/core/http/http-error.js';

/** A request body arriving in `chunks`, with the given headers. */
function request(chunks: Buffer[], headers: Record<string, string> = {}): IncomingMessage & { consumed: () => number } {
  let consumed = 0;
  const stream = Readable.from((function* () {
    for (const c of chunks) {
      consumed += c.length;
      yield c;
    }
  })(), { objectMode: false });
  return Object.assign(stream, { headers, consumed: () => consumed }) as unknown as IncomingMessage & { consumed: () => number };
}

describe('parseJsonObject', () => {
  it('parses JSON whatever the Content-Type would say (curl -d sends a form type)', () => {
    expect(parseJsonObject(Buffer.from('{\n "dpid": 1,\n "as_number": 65000,\n "router_id": "172.17.0.1"\n }'))).toEqual({ dpid: 1, as_number: 65000, router_id: '172.17.0.1' });
    expect(parseJsonObject(Buffer.from('{"port": "s1-eth1"} '))).toEqual({ port: 's1-eth1' });
  });

  it('treats an empty body as {} like rest_vtep, so the missing field is named next', () => {
    expect(parseJsonObject(Buffer.alloc(0))).toEqual({});
    expect(parseJsonObject(Buffer.from(' \n'))).toEqual({});
  });

  it.each([
    ['bad JSON', '{"vni": 10,', /^invalid JSON in the request body: /],
    ['an array', '[1, 2]', /expected a JSON object, got an array$/],
    ['null', 'null', /expected a JSON object, got null$/],
    ['a string', '"vni"', /expected a JSON object, got a string$/],
    ['a number', '10', /expected a JSON object, got a number$/],
    ['a form body', 'vni=10&logical_switch=ls1', /^invalid JSON/],
  ])('refuses %s with a 400 that says what came', (_name, text, msg) => {
    const err = (() => {
      try {
        parseJsonObject(Buffer.from(text));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(400);
    expect((err as HttpError).message).toMatch(msg);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseJsonObject(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toThrow(/expected UTF-8 encoded JSON/);
  });
});

describe('readBody', () => {
  it('returns the whole body across chunks', async () => {
    const body = await readBody(request([Buffer.from('{"vni"'), Buffer.from(': 10}')]));
    expect(body.toString()).toBe('{"vni": 10}');
  });

  it('accepts a body of exactly the limit', async () => {
    expect((await readBody(request([Buffer.alloc(64, 'a')]), 64)).length).toBe(64);
  });

  it('refuses a declared Content-Length over the limit without reading anything', async () => {
    const req = request([Buffer.alloc(10)], { 'content-length': '65' });
    await expect(readBody(req, 64)).rejects.toMatchObject({ status: 413, headers: { Connection: 'close' } });
    expect(req.consumed()).toBe(0);
  });

  it('stops reading a chunked body as soon as it passes the limit', async () => {
    const chunks = Array.from({ length: 100 }, () => Buffer.alloc(32, 'a'));
    const req = request(chunks);
    await expect(readBody(req, 64)).rejects.toThrow(/request body too large: expected at most 64 bytes/);
    expect(req.consumed()).toBeLessThan(32 * 10);
  });
});
