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

/** The tab's own pages: the only places a link built from the address may lead. */
export const TAB_PAGES = ['dashboard', 'drill', 'case', 'cases', 'forecast', 'chair', 'weekly', 'my-work', 'config', 'audits', 'audit', 'access-record', 'subject-access', 'retention'] as const;

/** A case page's `back` parameter, if it is a route of this tab (#/dashboard?…, #/drill?…); otherwise
 * null, so the page shows no back link. Anything else given there (javascript:, another site, //host)
 * would make the link a way to run script or to leave for a look-alike page. */
export function safeBack(back: string | null): string | null {
  if (back === null) return null;
  const m = /^#\/([a-z-]+)(\/[A-Za-z0-9._~%-]+)*(\?[A-Za-z0-9._~%&=+,:-]*)?$/.exec(back);
  if (!m || !(TAB_PAGES as readonly string[]).includes(m[1]!)) return null;
  return back;
}

/** The same page with some of its query changed (null removes a key). */
export function withQuery(route: Route, changes: Record<string, string | null | undefined>): string {
  const next: Record<string, string | null | undefined> = {};
  for (const [k, v] of route.query) next[k] = v;
  Object.assign(next, changes);
  return href(route.path, next);
}
