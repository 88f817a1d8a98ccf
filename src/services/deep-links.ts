// Links from cards and agendas to the exact page of the tab (issue 15). In Teams: a deep link to the
// app's personal tab (the manifest's app id, TEAMS_APP_ID) whose subEntityId is the tab's route, with
// the page on TAB_ENDPOINT as the fallback web URL. Without a Teams app id: the page on TAB_ENDPOINT.
// A link to localhost only in a local run; a production server with neither is a configuration error.
//
// A route is the tab's own: a path and a query (#/case/C-1001, #/drill?figure=…). Pages added later
// (a meeting record, an audit) are new routes here, nothing else.
import { isProduction } from './environment.js';

export interface TabRoute {
  readonly path: readonly string[];
  readonly query?: Readonly<Record<string, string | null | undefined>>;
}

export interface TabLinkConfig {
  /** The Teams app's id (the manifest's `id`), for deep links into Teams. */
  readonly teamsAppId: string | null;
  /** Where the tab is served (https://…), without /tab. */
  readonly tabEndpoint: string | null;
}

export class TabLinkConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TabLinkConfigError';
  }
}

/** TEAMS_APP_ID and TAB_ENDPOINT; a local run (not production) falls back to http://localhost:PORT.
 * In production without either, links could only point at localhost: refused, naming both settings. */
export function tabLinkConfig(env: Readonly<Record<string, string | undefined>>): TabLinkConfig {
  const teamsAppId = env.TEAMS_APP_ID?.trim() || null;
  let tabEndpoint = env.TAB_ENDPOINT?.trim().replace(/\/+$/, '') || null;
  if (tabEndpoint !== null && !/^https?:\/\/[^/\s]+/i.test(tabEndpoint)) {
    throw new TabLinkConfigError(`TAB_ENDPOINT must be the tab's address (https://…), got ${JSON.stringify(env.TAB_ENDPOINT)}`);
  }
  if (tabEndpoint === null) {
    if (isProduction(env)) {
      throw new TabLinkConfigError('TAB_ENDPOINT is not set: links from cards to the tab would point at localhost. Set TAB_ENDPOINT (and TEAMS_APP_ID for links that open in Teams).');
    }
    tabEndpoint = `http://localhost:${env.PORT?.trim() || '3978'}`;
  }
  return { teamsAppId, tabEndpoint };
}

/** The route as the tab reads it: "case/C-1001", "drill?figure=reviewsOnTime&which=missed". */
export function routeText(route: TabRoute): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(route.query ?? {})) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return `${route.path.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
}

/** The manifest's static tab a route opens in: the dashboard tab for the managers' pages, else My work. */
function entityOf(route: TabRoute): 'dashboard' | 'my-work' {
  return ['dashboard', 'drill', 'forecast'].includes(route.path[0] ?? '') ? 'dashboard' : 'my-work';
}

const LABELS: Record<string, string> = {
  'my-work': 'My work',
  dashboard: 'SEND dashboard',
  drill: 'Cases behind a figure',
  case: 'Case',
  chair: "Chair's view",
  forecast: 'Forecast',
  cases: 'Cases',
  audits: 'Audits',
  audit: 'Audit',
};

/** A link that opens the route in the tab (a Teams deep link when the app id is known). */
export function tabLink(config: TabLinkConfig, route: TabRoute): string {
  const text = routeText(route);
  const web = `${config.tabEndpoint}/tab/#/${text}`;
  if (config.teamsAppId === null) return web;
  const label = route.path[0] === 'case' && route.path[1] ? `Case ${route.path[1]}` : (LABELS[route.path[0] ?? ''] ?? 'SEND Oversight');
  const params = new URLSearchParams({ webUrl: web, label, context: JSON.stringify({ subEntityId: text }) });
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(config.teamsAppId)}/${entityOf(route)}?${params.toString().replace(/\+/g, '%20')}`;
}

/** The routes cards link to. */
export const TAB_ROUTES = {
  myWork: (): TabRoute => ({ path: ['my-work'] }),
  dashboard: (): TabRoute => ({ path: ['dashboard'] }),
  case: (caseId: string): TabRoute => ({ path: ['case', caseId] }),
  chair: (seriesId: string): TabRoute => ({ path: ['chair'], query: { series: seriesId } }),
  forecast: (query: Record<string, string | null> = {}): TabRoute => ({ path: ['forecast'], query }),
  cases: (query: Record<string, string | null> = {}): TabRoute => ({ path: ['cases'], query }),
  audits: (): TabRoute => ({ path: ['audits'] }),
  /** The audit form (docs/rules.md section 8): the auditor's, or the moderator's. */
  audit: (auditId: string): TabRoute => ({ path: ['audit', auditId] }),
} as const;
