// The tab's frame: who is signed in, the views they may use, and the page of the current route.
import { Button, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import { api, signOutDev } from './api';
import { href, useRoute } from './route';
import { ErrorState, Loading, useLoad } from './states';
import type { HostInfo } from './teams';
import type { Me } from './types';
import { CasePage } from './views/CasePage';
import { ChairPage } from './views/ChairPage';
import { ConfigPage } from './views/ConfigPage';
import { DashboardPage } from './views/DashboardPage';
import { DrillPage } from './views/DrillPage';
import { MyWorkPage } from './views/MyWorkPage';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  who: { marginLeft: 'auto', display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  main: { padding: tokens.spacingHorizontalL, maxWidth: '1400px' },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { left: tokens.spacingHorizontalS, top: tokens.spacingVerticalS, zIndex: 10, backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalS },
  },
});

const VIEW_LABELS: Record<string, string> = { dashboard: 'Dashboard', 'my-work': 'My work', chair: "Chair's view" };

export function App({ host }: { host: HostInfo }) {
  const styles = useStyles();
  const route = useRoute();
  const [me] = useLoad<Me>('me', () => api<Me>('me'));
  const mainRef = useRef<HTMLElement>(null);

  // The first page: the address's ?view= (a configured channel tab), else the person's first view.
  useEffect(() => {
    if (me.state !== 'ready' || location.hash) return;
    const params = new URLSearchParams(location.search);
    const asked = params.get('view');
    if (asked === 'config' || host.frameContext === 'settings') location.replace(href(['config']));
    else if (asked && me.data.views.includes(asked)) location.replace(href([asked], { series: params.get('series') }));
    else location.replace(href([me.data.views[0]!]));
  }, [me, host.frameContext]);

  // Move focus to the new page's heading (screen readers announce the page change).
  const pageKey = route.path.join('/') + '?' + route.query.toString();
  useEffect(() => {
    const h1 = mainRef.current?.querySelector('h1');
    if (h1) {
      h1.setAttribute('tabindex', '-1');
      h1.focus({ preventScroll: false });
    }
  }, [pageKey, me.state]);

  if (me.state === 'loading') return <main className={styles.main}><Loading what="your details" /></main>;
  if (me.state === 'error') return <main className={styles.main}><h1>SEND Oversight</h1><ErrorState error={me.error} /></main>;
  const person = me.data;
  const page = route.path[0] ?? person.views[0];
  const tabValue = page === 'case' || page === 'drill' ? (person.views.includes('dashboard') ? 'dashboard' : 'my-work') : page;

  return (
    <>
      <a className={styles.skip} href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>Skip to content</a>
      <header className={styles.header}>
        <span className={styles.brand}>SEND Oversight</span>
        <Text size={200} title={`Due dates follow the ${person.policy.title} profile (${person.policy.name})`}>
          Rules: {person.policy.title}
        </Text>
        {page !== 'config' ? (
          <nav aria-label="Views">
            <TabList selectedValue={tabValue} onTabSelect={(_e, d) => (location.hash = href([String(d.value)]))}>
              {person.views.map((v) => (
                <Tab key={v} value={v}>
                  {VIEW_LABELS[v] ?? v}
                </Tab>
              ))}
            </TabList>
          </nav>
        ) : null}
        <div className={styles.who}>
          <Text>
            {person.name} · {person.roles.join(', ')}
            {person.team ? ` · ${person.team}` : ''}
          </Text>
          {!host.inTeams ? (
            <Button size="small" appearance="subtle" onClick={() => { signOutDev(); location.reload(); }}>
              Switch person
            </Button>
          ) : null}
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className={styles.main}>
        {page === 'dashboard' ? <DashboardPage me={person} query={route.query} /> : null}
        {page === 'drill' ? <DrillPage query={route.query} /> : null}
        {page === 'case' ? <CasePage caseId={route.path[1] ?? ''} back={route.query.get('back')} /> : null}
        {page === 'chair' ? <ChairPage me={person} series={route.query.get('series')} /> : null}
        {page === 'my-work' ? <MyWorkPage host={host} /> : null}
        {page === 'config' ? <ConfigPage me={person} host={host} /> : null}
        {!['dashboard', 'drill', 'case', 'chair', 'my-work', 'config'].includes(page ?? '') ? (
          <>
            <h1>Page not found</h1>
            <p>
              There is no page “{page}”. <a href={href([person.views[0]!])}>Go to {VIEW_LABELS[person.views[0]!]}</a>.
            </p>
          </>
        ) : null}
      </main>
    </>
  );
}
