// A real listener on a loopback port the OS picks; the handlers are the test's.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../src/core/errors.js';
import { HttpError } from '../../../../src/core/http/http-error.js';
import { sendJson } from '../../../../src/core/http/json-response.js';
import { HttpListener, urlOf, type HttpHandler } from '../../../../src/core/http/listener.js';
import { createLogger } from '../../../../src/core/log.js';

const logged: string[] = [];
const log = createLogger('debug', (l) => logged.push(l), false);
const open: HttpListener[] = [];

async function serve(handler: HttpHandler): Promise<string> {
  const l = new HttpListener('test', handler, log, 64);
  open.push(l);
  return urlOf(await l.listen({ host: '127.0.0.1', port: 0 }));
}

afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
  logged.length = 0;
});

describe('HttpListener', () => {
  it('turns an unexpected failure into a JSON 500 without a stack, and logs the stack', async () => {
    const url = await serve(async () => {
      throw new TypeError('boom');
    });
    const r = await fetch(`${url}/x`);
    expect(r.status).toBe(500);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(await r.json()).toEqual({ error: 'internal error: boom', status: 500 });
    expect(logged.join('\n')).toMatch(/test: GET \/x failed: TypeError: boom\n\s+at /);
  });

  it('answers an HttpError with its status and headers, and keeps serving', async () => {
    let n = 0;
    const url = await serve(async (_req, res) => {
      if (n++ === 0) throw new HttpError(405, 'method GET not allowed', { Allow: 'POST' });
      sendJson(res, 200, { ok: true });
    });
    const r = await fetch(url);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect(await r.json()).toEqual({ error: 'method GET not allowed', status: 405 });
    expect(await (await fetch(url)).json()).toEqual({ ok: true });
  });

  it('refuses a declared oversize body before 100-continue, and never calls the handler', async () => {
    let called = false;
    const url = new URL(await serve(async () => {
      called = true;
    }));
    const reply = await new Promise<string>((resolve, reject) => {
      const c = connect(Number(url.port), url.hostname);
      let out = '';
      c.on('connect', () => c.write('POST /v HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\nExpect: 100-continue\r\n\r\n'));
      c.on('data', (d) => (out += d.toString()));
      c.on('close', () => resolve(out));
      c.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(reply).not.toContain('100 Continue');
    expect(reply).toContain('"error":"request body too large: expected at most 64 bytes, got 65 (Content-Length)"');
    expect(called).toBe(false);
  });

  it('reports a taken port as a conflict naming the address', async () => {
    const url = new URL(await serve(async () => undefined));
    const second = new HttpListener('rest', async () => undefined, log);
    await expect(second.listen({ host: '127.0.0.1', port: Number(url.port) })).rejects.toThrow(ConflictError);
    await expect(second.listen({ host: '127.0.0.1', port: Number(url.port) })).rejects.toThrow(`rest: cannot listen on http://127.0.0.1:${url.port}: EADDRINUSE`);
  });

  it('formats IPv6 listen addresses in brackets', () => {
    expect(urlOf({ host: '::1', port: 8080 })).toBe('http://[::1]:8080');
  });
});
