// The SEND data dashboard (docs/rules.md section 6): headline tiles for a period, filterable by team and
// locality, a weekly trend and a table by team; every figure opens the list of cases behind it.
import { Button, Card, Field, Input, Link, Select, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { addDays, date, percent } from '../format';
import { href } from '../route';
import { Empty, ErrorState, Loading, useLoad } from '../states';
import type { AuditFigures, DashboardView, Filter, Me, Ratio } from '../types';
import { TrendChart } from './TrendChart';
import { ExportButtons, WideTable } from '../parts';

const useStyles = makeStyles({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'end',
    marginBottom: tokens.spacingVerticalL,
    '@media (max-width: 600px)': { gap: tokens.spacingHorizontalS, '& > *': { flexBasis: '100%' } },
  },
  tiles: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(15rem, 1fr))', gap: tokens.spacingHorizontalM, margin: 0, padding: 0, listStyle: 'none' },
  tile: { height: '100%' },
  big: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero700 },
  links: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  section: { marginTop: tokens.spacingVerticalXXL },
});

export const FIGURE_TITLES: Record<string, string> = {
  ehcpWithin20Weeks: 'EHCPs issued within 20 weeks',
  ehcpExcepted: 'EHCPs issued late with an exception (apart)',
  decisionsWithin6Weeks: 'Decisions to assess within 6 weeks',
  reviewsOnTime: 'Annual reviews on time',
  reviewsOverdueNow: 'Annual reviews overdue now',
  reviewOutcomeWithin4Weeks: 'Review outcomes within 4 weeks',
  adviceWithin6Weeks: 'Advice within 6 weeks',
  supervisedInLastMonth: 'Staff supervised in the last month',
  notesWithin10WorkingDays: 'Supervision notes within 10 working days',
  caseworkWithin48Hours: 'Casework recorded within 48 hours',
  cmooeCurrent: 'Children missing out on education now',
  summariesOnTime: 'CMOOE summaries on time this fortnight',
  exclusionsWithoutProvision: 'Permanent exclusions without provision',
};

const CITES: Record<string, string> = {
  ehcpWithin20Weeks: 'PS 5.16',
  decisionsWithin6Weeks: 'PS 5.3',
  reviewsOnTime: 'PS 7.2, 7.4',
  reviewOutcomeWithin4Weeks: 'PS 7.9',
  adviceWithin6Weeks: 'PS 5.17',
  supervisedInLastMonth: 'PS 6.13, 11.4',
  caseworkWithin48Hours: 'PS 11.2',
  cmooeCurrent: 'PS 4.2, 6.15, 6.17, 6.18',
};

function filterFrom(query: URLSearchParams, today: string): Filter {
  return {
    from: query.get('from') ?? addDays(today, -27),
    to: query.get('to') ?? today,
    team: query.get('team'),
    locality: query.get('locality'),
  };
}

function qs(f: Filter): string {
  const q = new URLSearchParams({ from: f.from, to: f.to });
  if (f.team) q.set('team', f.team);
  if (f.locality) q.set('locality', f.locality);
  return q.toString();
}

function drill(figure: string, which: 'all' | 'missed', f: Filter): string {
  return href(['drill'], { figure, which, from: f.from, to: f.to, team: f.team, locality: f.locality });
}

function RatioTile({ figure, ratio, filter, children }: { figure: string; ratio: Ratio; filter: Filter; children?: React.ReactNode }) {
  const styles = useStyles();
  const title = FIGURE_TITLES[figure]!;
  return (
    <li>
      <Card className={styles.tile} aria-labelledby={`t-${figure}`}>
        <Text as="h3" weight="semibold" id={`t-${figure}`} style={{ margin: 0 }}>
          {title}
        </Text>
        <div className={styles.big}>{percent(ratio.percent)}</div>
        <Text>
          {ratio.total === 0 ? 'Nothing due in this period' : `${ratio.met} of ${ratio.total} on time`}
          {CITES[figure] ? ` · ${CITES[figure]}` : ''}
        </Text>
        {children}
        {ratio.total > 0 ? (
          <div className={styles.links}>
            <Link href={drill(figure, 'all', filter)}>
              All {ratio.total}
              <span className="sr-only"> for {title}</span>
            </Link>
            {ratio.total - ratio.met > 0 ? (
              <Link href={drill(figure, 'missed', filter)}>
                {ratio.total - ratio.met} missed<span className="sr-only"> for {title}</span>
              </Link>
            ) : null}
          </div>
        ) : null}
      </Card>
    </li>
  );
}

function CountTile({ figure, count, filter, detail }: { figure: string; count: number; filter: Filter; detail: string }) {
  const styles = useStyles();
  const title = FIGURE_TITLES[figure]!;
  return (
    <li>
      <Card className={styles.tile} aria-labelledby={`t-${figure}`}>
        <Text as="h3" weight="semibold" id={`t-${figure}`} style={{ margin: 0 }}>
          {title}
        </Text>
        <div className={styles.big}>{count}</div>
        <Text>{detail}</Text>
        {count > 0 ? (
          <Link href={drill(figure, 'all', filter)}>
            Show {count} case{count === 1 ? '' : 's'}
            <span className="sr-only"> for {title}</span>
          </Link>
        ) : null}
      </Card>
    </li>
  );
}

/** The audit figure (docs/rules.md section 8): audits completed in the period graded Good or better,
 * against the target; it opens the Audits page with the same filter (figures, drill-down). */
function AuditTile({ filter }: { filter: Filter }) {
  const styles = useStyles();
  const [load] = useLoad<AuditFigures>(`dashboard-audits?${qs(filter)}`, () => api<AuditFigures>(`audits/figures?${qs(filter)}`));
  if (load.state !== 'ready') return null;
  const o = load.data.overall;
  return (
    <li>
      <Card className={styles.tile} aria-labelledby="t-audits">
        <Text as="h3" weight="semibold" id="t-audits" style={{ margin: 0 }}>
          Audits graded Good or better
        </Text>
        <div className={styles.big}>{percent(o.percent)}</div>
        <Text>
          {o.total === 0 ? 'No audit completed in this period' : `${o.good} of ${o.total} completed audits`} · target {load.data.target}% (QA §3)
        </Text>
        <Link href={href(['audits'], { from: filter.from, to: filter.to, team: filter.team, locality: filter.locality })}>
          Audit figures<span className="sr-only"> by type and locality</span>
        </Link>
      </Card>
    </li>
  );
}

export function DashboardPage({ me, query }: { me: Me; query: URLSearchParams }) {
  // The address is the one source of truth for the filter: back, forward and reload keep it.
  const asked = filterFrom(query, me.today);
  const [load, reload] = useLoad<DashboardView>(`dash?${qs(asked)}`, () => api<DashboardView>(`dashboard?${qs(asked)}`));
  const refused = load.state === 'error' && load.error instanceof ApiError && load.error.status === 403;
  const go = (f: Partial<Filter>) => {
    const next = { ...asked, ...f };
    location.hash = href(['dashboard'], { from: next.from, to: next.to, team: next.team, locality: next.locality });
  };

  return (
    <>
      <h1>SEND data dashboard</h1>
      <Text as="p" block style={refused ? { display: 'none' } : undefined}>
        Timeliness against the Practice Standards for {date(asked.from)} to {date(asked.to)}
        {asked.team ? `, team ${asked.team}` : ''}
        {asked.locality ? `, locality ${asked.locality}` : ''}. “Now” figures are as of {date(me.today)}.
      </Text>
      {/* Keyed by the address: the date boxes always show the period on the page. A person refused
          the dashboard gets the refusal alone, with the way to their own work. */}
      {refused ? null : <FilterForm key={qs(asked)} asked={asked} today={me.today} view={load.state === 'ready' ? load.data : null} go={go} />}
      {load.state === 'loading' ? <Loading what="the dashboard" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {refused ? (
        <p>
          <Link href={href(['my-work'])}>Go to My work</Link>
        </p>
      ) : null}
      {load.state === 'ready' ? <Figures view={load.data} /> : null}
    </>
  );
}

const PRESETS: [string, string][] = [
  ['7', 'Last 7 days'],
  ['28', 'Last 4 weeks'],
  ['91', 'Last 13 weeks'],
  ['182', 'Last 6 months'],
  ['365', 'Last 12 months'],
];

function FilterForm({ asked, today, view, go }: { asked: Filter; today: string; view: DashboardView | null; go: (f: Partial<Filter>) => void }) {
  const styles = useStyles();
  const [from, setFrom] = useState(asked.from);
  const [to, setTo] = useState(asked.to);
  // The preset the period is, if it is one (ending today).
  const preset = asked.to === today ? (PRESETS.find(([days]) => addDays(today, -(Number(days) - 1)) === asked.from)?.[0] ?? '') : '';
  return (
    <form
      className={`${styles.filters} no-print`}
      aria-label="Choose the period, team and locality"
      onSubmit={(e) => {
        e.preventDefault();
        go({ from, to });
      }}
    >
      <Field label="Period">
        <Select
          value={preset}
          onChange={(_e, d) => {
            const days = Number(d.value);
            if (days) go({ from: addDays(today, -(days - 1)), to: today });
          }}
        >
          <option value="">{preset ? 'Choose a preset…' : 'Your own dates'}</option>
          {PRESETS.map(([days, label]) => (
            <option key={days} value={days}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="From">
        <Input type="date" value={from} onChange={(_e, d) => setFrom(d.value)} />
      </Field>
      <Field label="To">
        <Input type="date" value={to} onChange={(_e, d) => setTo(d.value)} />
      </Field>
      {view !== null && view.teams.length > 1 ? (
        <Field label="Team">
          <Select value={asked.team ?? ''} onChange={(_e, d) => go({ team: d.value || null })}>
            <option value="">All teams</option>
            {view.teams.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {view !== null && view.localities.length > 1 ? (
        <Field label="Locality">
          <Select value={asked.locality ?? ''} onChange={(_e, d) => go({ locality: d.value || null })}>
            <option value="">All localities</option>
            {view.localities.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Button type="submit" appearance="primary">
        Show
      </Button>
    </form>
  );
}

function Figures({ view }: { view: DashboardView }) {
  const styles = useStyles();
  const m = view.measures;
  const f = view.filter;
  const agencies = Object.entries(m.adviceWithin6Weeks.byAgency);
  return (
    <>
      <section aria-labelledby="h-headline">
        <h2 id="h-headline">Headline figures</h2>
        <ul className={styles.tiles}>
          {view.ehcpLatest12Months !== null ? (
            <RatioTile figure="ehcpWithin20Weeks" ratio={view.ehcpLatest12Months} filter={{ ...f, from: view.ehcpLatest12Months.from, to: view.ehcpLatest12Months.to }}>
              <Text size={200}>
                No final plan was issued in the period chosen: this is the latest 12 months ({date(view.ehcpLatest12Months.from)} to {date(view.ehcpLatest12Months.to)}).{' '}
                {view.ehcpLatest12Months.excepted} issued with an exception, counted apart.
              </Text>
            </RatioTile>
          ) : (
            <RatioTile figure="ehcpWithin20Weeks" ratio={m.ehcpWithin20Weeks} filter={f}>
              <Text size={200}>
                {m.ehcpWithin20Weeks.excepted.count} issued with an exception, counted apart.{' '}
                {m.ehcpWithin20Weeks.excepted.count > 0 ? <Link href={drill('ehcpExcepted', 'all', f)}>Show excepted</Link> : null}
              </Text>
            </RatioTile>
          )}
          <RatioTile figure="decisionsWithin6Weeks" ratio={m.decisionsWithin6Weeks} filter={f} />
          <RatioTile figure="reviewsOnTime" ratio={m.reviewsOnTime} filter={f} />
          <CountTile figure="reviewsOverdueNow" count={m.reviewsOnTime.overdueNow.count} filter={f} detail="Annual reviews past their due date with no meeting held (PS 7.4)" />
          <RatioTile figure="reviewOutcomeWithin4Weeks" ratio={m.reviewOutcomeWithin4Weeks} filter={f} />
          <RatioTile figure="adviceWithin6Weeks" ratio={m.adviceWithin6Weeks} filter={f}>
            {agencies.length > 0 ? <Text size={200}>{agencies.map(([a, r]) => `${a.replace(/-/g, ' ')} ${percent(r.percent)} (${r.met}/${r.total})`).join(' · ')}</Text> : null}
          </RatioTile>
          <RatioTile figure="supervisedInLastMonth" ratio={m.supervision.supervisedInLastMonth} filter={f}>
            <Text size={200}>
              Notes shared within 10 working days: {percent(m.supervision.notesWithin10WorkingDays.percent)} ({m.supervision.notesWithin10WorkingDays.met}/
              {m.supervision.notesWithin10WorkingDays.total})
            </Text>
          </RatioTile>
          <RatioTile figure="caseworkWithin48Hours" ratio={m.caseworkWithin48Hours} filter={f} />
          <CountTile
            figure="cmooeCurrent"
            count={m.cmooe.current.count}
            filter={f}
            detail={
              m.cmooe.schoolDaysMissing.median === null
                ? 'No child is missing out on education now'
                : `School days missing: median ${m.cmooe.schoolDaysMissing.median}, longest ${m.cmooe.schoolDaysMissing.max}`
            }
          />
          <RatioTile figure="summariesOnTime" ratio={m.cmooe.summariesOnTime} filter={f}>
            <Text size={200}>Deadline {m.cmooe.summariesOnTime.deadlines.map((d) => date(d)).join(', ') || '—'} (PS 4.2, 6.15)</Text>
          </RatioTile>
          <CountTile
            figure="exclusionsWithoutProvision"
            count={m.cmooe.exclusionsWithoutProvision.count}
            filter={f}
            detail="No education from day 6 of a permanent exclusion, day 1 in care (PS 6.17, 6.18)"
          />
          <AuditTile filter={f} />
        </ul>
      </section>

      <section className={styles.section} aria-labelledby="h-trend">
        <h2 id="h-trend">
          {view.trend.unit === 'month' ? 'Monthly' : 'Weekly'} trend ({view.trend.points.length} {view.trend.unit === 'month' ? 'months' : 'weeks'} to {date(view.filter.to)})
        </h2>
        <TrendChart trend={view.trend} />
      </section>

      <section className={styles.section} aria-labelledby="h-teams">
        <h2 id="h-teams">By team</h2>
        {view.byTeam.length > 0 ? <ExportButtons table="dashboard" query={qs(view.filter)} what="the figures by team" /> : null}
        {view.byTeam.length === 0 ? <Empty title="No teams to show.">Cases have no team recorded. Record the team on each case to see figures by team.</Empty> : <TeamTable view={view} />}
      </section>
    </>
  );
}

const TEAM_COLUMNS: [string, string][] = [
  ['ehcpWithin20Weeks', 'EHCP in 20 weeks'],
  ['decisionsWithin6Weeks', 'Decisions in 6 weeks'],
  ['reviewsOnTime', 'Reviews on time'],
  ['reviewsOverdueNow', 'Reviews overdue now'],
  ['reviewOutcomeWithin4Weeks', 'Outcomes in 4 weeks'],
  ['adviceWithin6Weeks', 'Advice in 6 weeks'],
  ['caseworkWithin48Hours', 'Casework in 48 hours'],
  ['supervisedInLastMonth', 'Supervised'],
  ['cmooeCurrent', 'CMOOE now'],
  ['exclusionsWithoutProvision', 'Exclusions without provision'],
];

function TeamTable({ view }: { view: DashboardView }) {
  return (
    <WideTable label="Figures by team" minWidth="60rem">
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">Team</TableHeaderCell>
          {TEAM_COLUMNS.map(([k, label]) => (
            <TableHeaderCell key={k} scope="col">
              {label}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {view.byTeam.map((row) => {
          const f = { ...view.filter, team: row.team };
          return (
            <TableRow key={row.team}>
              <TableCell>
                <Link href={href(['dashboard'], { from: f.from, to: f.to, team: row.team, locality: f.locality })}>{row.team}</Link>
              </TableCell>
              {TEAM_COLUMNS.map(([k, label]) => {
                const v = row.figures[k]!;
                const text = 'count' in v ? String(v.count) : v.total === 0 ? '—' : `${percent(v.percent)} (${v.met}/${v.total})`;
                const n = 'count' in v ? v.count : v.total;
                return (
                  <TableCell key={k}>
                    {n > 0 ? (
                      <Link href={drill(k, 'count' in v ? 'all' : 'missed', f)} aria-label={`${row.team}: ${label} ${text}, show cases`}>
                        {text}
                      </Link>
                    ) : (
                      text
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          );
        })}
      </TableBody>
    </WideTable>
  );
}
