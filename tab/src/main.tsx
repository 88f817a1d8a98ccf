// Start-up: the Teams host (or a plain browser), the theme, sign-in, then the app.
import { FluentProvider, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { authConfig, setInTeams } from './api';
import { App } from './App';
import { Loading } from './states';
import { initHost, type HostInfo, type ThemeName } from './teams';

const THEMES: Record<ThemeName, Theme> = { light: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

function Root() {
  const [host, setHost] = useState<HostInfo | null>(null);
  const [theme, setTheme] = useState<ThemeName>('light');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const info = await initHost((t) => setTheme(t));
      if (!live) return;
      setInTeams(info.inTeams);
      setTheme(info.theme);
      if (!info.inTeams) {
        // Outside Teams: the local dev sign-in, if the server offers one.
        const config = await authConfig();
        if (!sessionStorage.getItem('send-oversight-token')) {
          if (config.signInUrl) {
            location.href = `${config.signInUrl}?return=${encodeURIComponent(location.pathname + location.search + location.hash)}`;
            return;
          }
          setProblem('Open SEND Oversight from Microsoft Teams: it signs you in there.');
        }
      }
      setHost(info);
    })().catch((e: Error) => live && setProblem(`SEND Oversight could not start: ${e.message}. Reload the tab; if it keeps happening, tell your administrator.`));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <FluentProvider theme={THEMES[theme]} style={{ minHeight: '100vh' }}>
      {problem ? (
        <main style={{ padding: '1.5rem' }}>
          <h1>SEND Oversight</h1>
          <p role="alert">{problem}</p>
        </main>
      ) : host === null ? (
        <main style={{ padding: '1.5rem' }}>
          <Loading what="SEND Oversight" />
        </main>
      ) : (
        <App host={host} />
      )}
    </FluentProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
