// The Teams theme names mapped to the tab's themes (teamsLightTheme, teamsDarkTheme,
// teamsHighContrastTheme in main.tsx).
export type ThemeName = 'light' | 'dark' | 'contrast';

/** Teams' context.app.theme ('default', 'dark', 'contrast'; anything else is treated as default). */
export function themeOf(teamsTheme: string | undefined | null): ThemeName {
  if (teamsTheme === 'dark') return 'dark';
  if (teamsTheme === 'contrast') return 'contrast';
  return 'light';
}

/** A theme asked for in the address (?theme=dark), for browsers and tests outside Teams. */
export function themeFromQuery(search: string): ThemeName | null {
  const t = new URLSearchParams(search).get('theme');
  if (t === 'dark' || t === 'contrast' || t === 'light') return t;
  return t === 'default' ? 'light' : null;
}
