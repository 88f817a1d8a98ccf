// Microsoft Teams host: app.initialize(), the theme (and its live changes), the user's identity and
// the SSO token. Outside Teams (a plain browser, local runs) every call falls back quietly and the
// tab uses the dev sign-in instead.
import { app, authentication, pages } from '@microsoft/teams-js';
import { themeFromQuery, themeOf, type ThemeName } from './theme';

export { themeOf, type ThemeName } from './theme';

export interface HostInfo {
  readonly inTeams: boolean;
  readonly theme: ThemeName;
  readonly userPrincipalName: string | null;
  /** The frame: content (a tab page), settings (the configuration page), ... */
  readonly frameContext: string | null;
  /** A deep link's page inside the tab (its subEntityId): the tab's route, e.g. "case/C-1001". */
  readonly subPageId: string | null;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export async function initHost(onTheme: (t: ThemeName) => void): Promise<HostInfo> {
  const urlTheme = themeFromQuery(location.search);
  const framed = window.parent !== window;
  if (!framed) return { inTeams: false, theme: urlTheme ?? preferredTheme(), userPrincipalName: null, frameContext: null, subPageId: null };
  try {
    await withTimeout(app.initialize(), 4000);
    const context = await app.getContext();
    app.registerOnThemeChangeHandler((t) => onTheme(themeOf(t)));
    // Teams has shown the tab by now; a lost success notice only leaves its loading indicator longer.
    app.notifySuccess().catch((e: unknown) => console.warn('Teams did not take the success notice', e));
    return {
      inTeams: true,
      theme: themeOf(context.app.theme),
      userPrincipalName: context.user?.userPrincipalName ?? null,
      frameContext: context.page?.frameContext ?? null,
      subPageId: context.page?.subPageId || null,
    };
  } catch {
    return { inTeams: false, theme: urlTheme ?? preferredTheme(), userPrincipalName: null, frameContext: null, subPageId: null };
  }
}

function preferredTheme(): ThemeName {
  if (window.matchMedia?.('(forced-colors: active)').matches) return 'contrast';
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The Teams SSO token for the API (authentication.getAuthToken). */
export function teamsToken(): Promise<string> {
  return authentication.getAuthToken();
}

/** Open a link the Teams way (deep links to the bot chat), or normally outside Teams. */
export async function openLink(url: string, inTeams: boolean): Promise<void> {
  if (inTeams) await app.openLink(url);
  else window.open(url, '_blank', 'noopener');
}

export interface TabConfig {
  readonly view: string;
  readonly series: string | null;
}

/** The configuration page of a channel tab: save the chosen view (and series, for chairs). */
export function registerConfig(get: () => TabConfig): { setValid: (valid: boolean) => void } {
  pages.config.registerOnSaveHandler((save) => {
    const c = get();
    const query = new URLSearchParams({ view: c.view, ...(c.series ? { series: c.series } : {}) });
    pages.config
      .setConfig({
        entityId: `send-oversight-${c.view}${c.series ? `-${c.series}` : ''}`,
        contentUrl: `${location.origin}/tab/?${query}`,
        suggestedDisplayName: c.view === 'chair' ? 'CMOOE chair' : c.view === 'dashboard' ? 'SEND dashboard' : 'My SEND work',
      })
      .then(
        () => save.notifySuccess(),
        (e: Error) => save.notifyFailure(e.message),
      );
  });
  return { setValid: (valid) => pages.config.setValidityState(valid) };
}
