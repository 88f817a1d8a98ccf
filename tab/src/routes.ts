// A small hash router: #/dashboard, #/drill?figure=…, #/case/C-1001, #/chair?series=…, #/my-work, #/config.
export interface Route {
  readonly path: string[];
  readonly query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const [p = '', q = ''] = text.split('?');
  return { path: p.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}

export function href(path: string[], query?: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return `#/${path.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
}


/** The tab's own pages: the only places a link built from the address may lead. */
export const TAB_PAGES = ['dashboard', 'drill', 'case', 'chair', 'my-work', 'config'] as const;

/** A case page's `back` parameter, if it is a route of this tab (#/dashboard?…, #/drill?…); otherwise
 * null, so the page shows no back link. Anything else given there (javascript:, another site, //host)
 * would make the link a way to run script or to leave for a look-alike page. */
export function safeBack(back: string | null): string | null {
  if (back === null) return null;
  const m = /^#\/([a-z-]+)(\/[A-Za-z0-9._~%-]+)*(\?[A-Za-z0-9._~%&=+,:-]*)?$/.exec(back);
  if (!m || !(TAB_PAGES as readonly string[]).includes(m[1]!)) return null;
  return back;
}
