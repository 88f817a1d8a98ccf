// The tab's frame: who is signed in, the views they may use, and the page of the current route. The
// person's first page loads with the app; the others are loaded when first opened (smaller first load).
import { Button, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useEffect, useRef } from 'react';
import { api, signOutDev } from './api';
import { href, safeBack, TAB_PAGES, useRoute } from './route';
import { ErrorState, Loading, useLoad } from './states';
import type { HostInfo } from './teams';
import type { Me } from './types';
import { DashboardPage } from './views/DashboardPage';
import { MyWorkPage } from './views/MyWorkPage';

const AuditPage = lazy(() => import('./views/AuditPage').then((m) => ({ default: m.AuditPage })));
const AuditsPage = lazy(() => import('./views/AuditsPage').then((m) => ({ default: m.AuditsPage })));
const CasePage = lazy(() => import('./views/CasePage').then((m) => ({ default: m.CasePage })));
const CasesPage = lazy(() => import('./views/CasesPage').then((m) => ({ default: m.CasesPage })));
const ChairPage = lazy(() => import('./views/ChairPage').then((m) => ({ default: m.ChairPage })));
const WeeklyPage = lazy(() => import('./views/WeeklyPage').then((m) => ({ default: m.WeeklyPage })));
const MeetingRecordPage = lazy(() => import('./views/MeetingRecordPage').then((m) => ({ default: m.MeetingRecordPage })));
const ConfigPage = lazy(() => import('./views/ConfigPage').then((m) => ({ default: m.ConfigPage })));
const DrillPage = lazy(() => import('./views/DrillPage').then((m) => ({ default: m.DrillPage })));
const ForecastPage = lazy(() => import('./views/ForecastPage').then((m) => ({ default: m.ForecastPage })));
const AccessRecordPage = lazy(() => import('./views/RecordsPages').then((m) => ({ default: m.AccessRecordPage })));
const SubjectAccessPage = lazy(() => import('./views/RecordsPages').then((m) => ({ default: m.SubjectAccessPage })));
const RetentionPage = lazy(() => import('./views/RecordsPages').then((m) => ({ default: m.RetentionPage })));

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
    '@media (max-width: 600px)': { gap: tokens.spacingHorizontalS, padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}` },
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  nav: { maxWidth: '100%', overflowX: 'auto' },
  who: { marginLeft: 'auto', display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  main: {
    padding: tokens.spacingHorizontalL,
    maxWidth: '1400px',
    '@media (max-width: 600px)': { padding: tokens.spacingHorizontalS },
    '& h1': { overflowWrap: 'anywhere' },
  },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { left: tokens.spacingHorizontalS, top: tokens.spacingVerticalS, zIndex: 10, backgroundColor: tokens.colorNeutralBackground1, padding: tokens.spacingHorizontalS },
  },
});

const VIEW_LABELS: Record<string, string> = {
  dashboard: 'Dashboard',
  'my-work': 'My work',
  cases: 'Cases',
  forecast: 'Forecast',
  chair: "Chair's view",
  weekly: 'Weekly meeting',
  audits: 'Audits',
  'access-record': 'Access record',
  'subject-access': 'Subject access',
  retention: 'Retention',
};

export function App({ host }: { host: HostInfo }) {
  const styles = useStyles();
  const route = useRoute();
  const [me] = useLoad<Me>('me', () => api<Me>('me'));
  const mainRef = useRef<HTMLElement>(null);

  // The first page: a deep link's page (Teams' subEntityId), the address's ?view= (a configured
  // channel tab), else the person's first view.
  useEffect(() => {
    if (me.state !== 'ready' || location.hash) return;
    const params = new URLSearchParams(location.search);
    const asked = params.get('view');
    if (host.subPageId) location.replace(`#/${host.subPageId.replace(/^#?\/?/, '')}`);
    else if (asked === 'config' || host.frameContext === 'settings') location.replace(href(['config']));
    else if (asked && me.data.views.includes(asked)) location.replace(href([asked], { series: params.get('series') }));
    else location.replace(href([me.data.views[0]!]));
  }, [me, host.frameContext, host.subPageId]);

  // Move focus to the new page's heading (screen readers announce the page change).
  const pageKey = route.path.join('/') + '?' + route.query.toString();
  useEffect(() => {
    const focus = () => {
      // The visible heading: while a page loads on first use, React keeps the previous page hidden.
      const h1 = [...(mainRef.current?.querySelectorAll('h1') ?? [])].find((h) => h.offsetParent !== null);
      if (h1) {
        h1.setAttribute('tabindex', '-1');
        h1.focus({ preventScroll: false });
      }
      return h1 !== undefined;
    };
    // A page loaded on first use has no heading yet: try again once it has rendered.
    if (!focus()) {
      const timer = setInterval(() => focus() && clearInterval(timer), 50);
      const stop = setTimeout(() => clearInterval(timer), 3000);
      return () => {
        clearInterval(timer);
        clearTimeout(stop);
      };
    }
    return undefined;
  }, [pageKey, me.state]);

  if (me.state === 'loading')
    return (
      <main className={styles.main}>
        <Loading what="your details" />
      </main>
    );
  if (me.state === 'error')
    return (
      <main className={styles.main}>
        <h1>SEND Oversight</h1>
        <ErrorState error={me.error} />
      </main>
    );
  const person = me.data;
  const page = route.malformed ? 'not-found' : (route.path[0] ?? person.views[0]);
  const tabValue = page === 'audit' ? 'audits' : page === 'case' || page === 'drill' ? (person.views.includes('dashboard') ? 'dashboard' : 'my-work') : page;

  return (
    <>
      <a
        className={styles.skip}
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header className={`${styles.header} no-print`}>
        <span className={styles.brand}>SEND Oversight</span>
        <Text size={200} title={`Due dates follow the ${person.policy.title} profile (${person.policy.name})`}>
          Rules: {person.policy.title}
        </Text>
        {page !== 'config' ? (
          <nav aria-label="Views" className={styles.nav}>
            <TabList selectedValue={tabValue} size="small" onTabSelect={(_e, d) => (location.hash = href([String(d.value)]))}>
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
            <Button
              size="small"
              appearance="subtle"
              onClick={() => {
                signOutDev();
                location.reload();
              }}
            >
              Switch person
            </Button>
          ) : null}
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className={styles.main}>
        <Suspense fallback={<Loading what="the page" />}>
          {page === 'dashboard' ? <DashboardPage me={person} query={route.query} /> : null}
          {page === 'drill' ? <DrillPage query={route.query} today={person.today} /> : null}
          {page === 'case' ? <CasePage caseId={route.path[1] ?? ''} back={safeBack(route.query.get('back'))} today={person.today} /> : null}
          {page === 'cases' ? <CasesPage route={route} /> : null}
          {page === 'forecast' ? <ForecastPage me={person} route={route} /> : null}
          {page === 'chair' && route.query.get('record') === null ? <ChairPage me={person} series={route.query.get('series')} meeting={route.query.get('meeting')} /> : null}
          {page === 'chair' && route.query.get('record') !== null ? (
            <MeetingRecordPage seriesId={route.query.get('series') ?? person.series[0]?.id ?? 'cmooe'} meetingOn={route.query.get('record') ?? ''} />
          ) : null}
          {page === 'weekly' ? <WeeklyPage meeting={route.query.get('meeting')} /> : null}
          {page === 'my-work' ? <MyWorkPage today={person.today} /> : null}
          {page === 'audits' ? <AuditsPage me={person} route={route} /> : null}
          {page === 'audit' ? <AuditPage auditId={route.path[1] ?? ''} /> : null}
          {page === 'config' ? <ConfigPage me={person} host={host} /> : null}
          {page === 'access-record' ? <AccessRecordPage route={route} today={person.today} /> : null}
          {page === 'subject-access' ? <SubjectAccessPage /> : null}
          {page === 'retention' ? <RetentionPage /> : null}
          {!(TAB_PAGES as readonly string[]).includes(page ?? '') ? (
            <>
              <h1>Page not found</h1>
              <p>
                {route.malformed ? 'This address is not one SEND Oversight can read: it may have been cut short when it was copied.' : `There is no page “${page}”.`}{' '}
                <a href={href([person.views[0]!])}>Go to {VIEW_LABELS[person.views[0]!]}</a>, or find a case in <a href={href(['cases'])}>Cases</a>.
              </p>
            </>
          ) : null}
        </Suspense>
      </main>
    </>
  );
}
