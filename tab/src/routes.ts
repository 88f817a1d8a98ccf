// A small hash router: #/dashboard, #/drill?figure=…, #/case/C-1001, #/chair?series=…, #/my-work,
// #/cases?q=…, #/forecast?scope=…, #/config. Filters live in the address (one source of truth: back,
// forward and reload keep them). A malformed address is a route of its own, never an exception.
export interface Route {
  readonly path: string[];
  readonly query: URLSearchParams;
  /** The address could not be read (bad percent-encoding): show the not-found page. */
  readonly malformed: boolean;
}

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const at = text.indexOf('?');
  const p = at < 0 ? text : text.slice(0, at);
  const q = at < 0 ? '' : text.slice(at + 1);
  try {
    return { path: p.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q), malformed: false };
  } catch {
    return { path: [], query: new URLSearchParams(), malformed: true };
  }
}

export function href(path: string[], query?: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return `#/${path.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
}

/** The same page with some of its query changed (null removes a key). */
export function withQuery(route: Route, changes: Record<string, string | null | undefined>): string {
  const next: Record<string, string | null | undefined> = {};
  for (const [k, v] of route.query) next[k] = v;
  Object.assign(next, changes);
  return href(route.path, next);
}
