// Matching a method and path against a table of URL templates like /vtep/networks/{vni}/clients/{mac}.
// Unknown paths are 404s and known paths with the wrong method 405s with an Allow header (RFC 9110 §15.5.6).
import { HttpError } from './http-error.js';

/** One URL template and its handler per method. */
export interface Route<H> {
  template: string;
  methods: Readonly<Partial<Record<string, H>>>;
}

/** The route a request matched, its handler and the decoded template parameters. */
export interface RouteMatch<H> {
  template: string;
  handler: H;
  params: Record<string, string>;
}

/** Path segments, percent-decoded; one trailing slash is ignored. Throws a 400 on bad escapes. */
export function pathSegments(pathname: string): string[] {
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return trimmed.split('/').slice(1).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch (_err) {
      throw new HttpError(400, `invalid path ${JSON.stringify(pathname)}: expected valid percent-encoding, got ${JSON.stringify(s)}`);
    }
  });
}

/** The parameters of `template` when `segments` match it, else undefined. */
function matchTemplate(template: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = template.split('/').slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const seg = segments[i] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      if (seg === '') return undefined;
      params[part.slice(1, -1)] = seg;
    } else if (part !== seg) {
      return undefined;
    }
  }
  return params;
}

/** Finds the handler for `method` on `pathname`; throws 404 for unknown paths and 405 for other methods. */
export function matchRoute<H>(routes: readonly Route<H>[], method: string, pathname: string): RouteMatch<H> {
  const segments = pathSegments(pathname);
  const allowed = new Set<string>();
  for (const route of routes) {
    const params = matchTemplate(route.template, segments);
    if (!params) continue;
    const handler = Object.hasOwn(route.methods, method) ? route.methods[method] : undefined; // method is the client's word
    if (handler !== undefined) return { template: route.template, handler, params };
    for (const m of Object.keys(route.methods)) allowed.add(m);
  }
  if (allowed.size === 0) {
    throw new HttpError(404, `no such resource: ${pathname}; expected one of ${routes.map((r) => r.template).join(', ')}`);
  }
  const allow = [...allowed].sort().join(', ');
  throw new HttpError(405, `method ${method} not allowed on ${pathname}: expected ${allow}`, { Allow: allow });
}
