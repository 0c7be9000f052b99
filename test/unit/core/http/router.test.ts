import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../../src/core/http/http-error.js';
import { matchRoute, pathSegments, type Route } from '../../../../src/core/http/router.js';

const routes: Route<string>[] = [
  { template: '/vtep/networks', methods: { GET: 'list', POST: 'add' } },
  { template: '/vtep/networks/{vni}', methods: { GET: 'show', DELETE: 'del' } },
  { template: '/vtep/networks/{vni}/clients/{mac}', methods: { DELETE: 'client-del' } },
];

function fail(method: string, path: string): HttpError {
  try {
    matchRoute(routes, method, path);
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error(`expected ${method} ${path} to fail`);
}

describe('matchRoute', () => {
  it('finds the handler and decodes the parameters', () => {
    expect(matchRoute(routes, 'GET', '/vtep/networks')).toEqual({ template: '/vtep/networks', handler: 'list', params: {} });
    expect(matchRoute(routes, 'DELETE', '/vtep/networks/10/clients/aa:bb:cc:dd:ee:ff')).toEqual({
      template: '/vtep/networks/{vni}/clients/{mac}', handler: 'client-del', params: { vni: '10', mac: 'aa:bb:cc:dd:ee:ff' },
    });
    expect(matchRoute(routes, 'GET', '/vtep/networks/0x0a').params).toEqual({ vni: '0x0a' });
    expect(matchRoute(routes, 'DELETE', '/vtep/networks/10/clients/aa%3Abb%3Acc%3Add%3Aee%3Aff').params.mac).toBe('aa:bb:cc:dd:ee:ff');
  });

  it('ignores one trailing slash', () => {
    expect(matchRoute(routes, 'POST', '/vtep/networks/').handler).toBe('add');
  });

  it('answers 404 for unknown paths, naming the known ones', () => {
    for (const path of ['/', '/vtep', '/vtep/network', '/vtep/networks/10/clients', '/vtep/networks//clients/x', '/vtep/networks/10/extra/x/y']) {
      const err = fail('GET', path);
      expect(err.status, path).toBe(404);
      expect(err.message).toContain('/vtep/networks/{vni}');
    }
  });

  it('answers 405 with an Allow header for a known path and another method', () => {
    const err = fail('PUT', '/vtep/networks');
    expect(err.status).toBe(405);
    expect(err.headers).toEqual({ Allow: 'GET, POST' });
    expect(err.message).toBe('method PUT not allowed on /vtep/networks: expected GET, POST');
    expect(fail('GET', '/vtep/networks/10/clients/aa:bb:cc:dd:ee:ff').headers).toEqual({ Allow: 'DELETE' });
  });

  it('answers 400 for broken percent-encoding', () => {
    expect(fail('GET', '/vtep/networks/%zz').status).toBe(400);
    expect(() => pathSegments('/a/%E0%A4%A')).toThrow(/expected valid percent-encoding/);
  });
});
