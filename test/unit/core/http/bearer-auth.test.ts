import type { IncomingMessage } from 'node:http';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exposureWarning, isLoopback, loadRestToken, requireBearer } from '../../../../src/core/http/bearer-auth.js';

const TOKEN = 'c2VjcmV0LXRva2VuLWZvci10ZXN0cw';
const req = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;

describe('requireBearer', () => {
  it('accepts the right token, with any case of "Bearer"', () => {
    expect(() => requireBearer(req(`Bearer ${TOKEN}`), TOKEN)).not.toThrow();
    expect(() => requireBearer(req(`bearer ${TOKEN}`), TOKEN)).not.toThrow();
  });

  it.each([
    ['no header', undefined, /got no Authorization header/],
    ['another scheme', `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`, /not a Bearer token/],
    ['a wrong token', 'Bearer nope', /does not match/],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`, /does not match/],
    ['the token plus more', `Bearer ${TOKEN}x`, /does not match/],
    ['an empty bearer', 'Bearer ', /not a Bearer token/],
  ])('refuses %s with 401 and WWW-Authenticate', (_name, header, msg) => {
    try {
      requireBearer(req(header), TOKEN);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="evpnctl"' } });
      expect((err as Error).message).toMatch(msg);
    }
  });
});

describe('loadRestToken', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evpnctl-token-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is undefined without a token, reads the flag or the first line of the file', () => {
    expect(loadRestToken({})).toBeUndefined();
    expect(loadRestToken({ token: TOKEN })).toBe(TOKEN);
    writeFileSync(join(dir, 't'), `${TOKEN}\n# a comment nobody reads\n`);
    expect(loadRestToken({ tokenFile: join(dir, 't') })).toBe(TOKEN);
  });

  it('refuses both, a missing file, and short or spaced tokens', () => {
    expect(() => loadRestToken({ token: TOKEN, tokenFile: join(dir, 't') })).toThrow(/either --rest-token or --rest-token-file, not both/);
    expect(() => loadRestToken({ tokenFile: join(dir, 'nope') })).toThrow(/cannot read --rest-token-file .*nope: ENOENT/);
    expect(() => loadRestToken({ token: 'short' })).toThrow(/at least 16 printable characters/);
    writeFileSync(join(dir, 'empty'), '\n');
    expect(() => loadRestToken({ tokenFile: join(dir, 'empty') })).toThrow(/at least 16 printable characters.* in .*empty/);
    expect(() => loadRestToken({ token: 'a token with spaces in it' })).toThrow(/without spaces/);
  });
});

describe('isLoopback and exposureWarning', () => {
  it.each([
    ['127.0.0.1', true], ['127.1.2.3', true], ['::1', true], ['0:0:0:0:0:0:0:1', true], ['::ffff:127.0.0.1', true], ['localhost', true],
    ['0.0.0.0', false], ['::', false], ['192.168.10.20', false], ['10.0.0.1', false], ['2001:db8::1', false], ['::ffff:10.0.0.1', false],
  ])('%s loopback: %s', (host, loop) => {
    expect(isLoopback(host)).toBe(loop);
    expect(exposureWarning(host, false) === undefined).toBe(loop);
    expect(exposureWarning(host, true)).toBeUndefined();
  });

  it('says what the risk is and what to do', () => {
    expect(exposureWarning('0.0.0.0', false)).toMatch(/0\.0\.0\.0, which other hosts can reach, without a token.*--rest-token-file/);
  });
});

// Issue 14 (5): as ssh does for keys: warn when others may read the token, refuse when anyone may write it.
describe('the token file mode', () => {
  it('warns for 0644, refuses 0666 and 0602, is quiet for 0600 and 0400', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evpnctl-token-'));
    try {
      const file = join(dir, 'token');
      writeFileSync(file, `${'a'.repeat(32)}\n`);
      const load = (mode: number) => {
        chmodSync(file, mode);
        const warnings: string[] = [];
        const token = loadRestToken({ tokenFile: file, warn: (m) => warnings.push(m) });
        return { token, warnings };
      };
      expect(load(0o600)).toEqual({ token: 'a'.repeat(32), warnings: [] });
      expect(load(0o400).warnings).toEqual([]);
      expect(load(0o644).warnings).toEqual([expect.stringMatching(/accessible by group or others \(mode 0644\).*chmod 600/)]);
      expect(load(0o640).warnings).toHaveLength(1);
      for (const mode of [0o666, 0o602]) {
        expect(() => load(mode)).toThrow(expect.objectContaining({ code: 'invalid', message: expect.stringMatching(/refusing --rest-token-file .*world-writable/) }));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
