// The forecast (issue 15): what falls due in each of the next 8 weeks, by kind, for the person, a team,
// a locality or the service, as the viewer may see it. A stacked weekly chart and the same numbers as
// a table (every number opens the items behind it), by person and, for the service, by team. What is
// expected but not yet set (computed forward) is marked, with the reason. The choice is in the address.
import { Field, Link, Select, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { api } from '../api';
import { date, weekLabel } from '../format';
import { ExportButtons, WideTable } from '../parts';
import { href, withQuery, type Route } from '../route';
import { Empty, ErrorState, Loading, useLoad } from '../states';
import type { ForecastView, Me } from '../types';
import { StackedWeeks } from './StackedWeeks';

const useStyles = makeStyles({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'end',
    marginBottom: tokens.spacingVerticalL,
    '@media (max-width: 600px)': { '& > *': { flexBasis: '100%' } },
  },
  section: { marginTop: tokens.spacingVerticalXXL },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  small: { color: tokens.colorNeutralForeground3 },
});

export function ForecastPage({ me, route }: { me: Me; route: Route }) {
  const styles = useStyles();
  const query = route.query;
  const api_q = new URLSearchParams();
  for (const k of ['scope', 'id', 'week', 'kind', 'owner']) {
    const v = query.get(k);
    if (v !== null && v !== '') api_q.set(k, v);
  }
  const [load, reload] = useLoad<ForecastView>(`forecast?${api_q}`, () => api<ForecastView>(`forecast?${api_q}`));
  const go = (changes: Record<string, string | null>) => (location.hash = withQuery(route, changes));
  const drill = (changes: Record<string, string | null>) => withQuery(route, { week: null, kind: null, owner: null, ...changes });

  return (
    <>
      <h1>What is coming</h1>
      <Text as="p" block>
        What falls due in each of the next 8 weeks{load.state === 'ready' ? ` for ${load.data.scope.title}` : ''}, by kind, as of {date(me.today)}. Items marked “expected” are not set yet: later CMOOE
        summaries, the next supervisions and their notes, plans after scheduled reviews.
      </Text>
      {load.state === 'ready' ? <ScopeChooser view={load.data} me={me} go={go} styles={styles} /> : null}
      {load.state === 'loading' ? <Loading what="the forecast" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' ? <ForecastBody view={load.data} route={route} drill={drill} exportQuery={api_q} styles={styles} /> : null}
    </>
  );
}

function ScopeChooser({ view, me, go, styles }: { view: ForecastView; me: Me; go: (c: Record<string, string | null>) => void; styles: ReturnType<typeof useStyles> }) {
  const c = view.choices;
  const value = view.scope.kind === 'service' ? 'service' : `${view.scope.kind}:${view.scope.id}`;
  const options: Array<[string, string]> = [];
  if (c.localities.length > 0) options.push(['service', 'The whole service']);
  for (const t of c.teams) options.push([`team:${t}`, `Team ${t}`]);
  for (const l of c.localities) options.push([`locality:${l}`, `Locality ${l}`]);
  for (const p of c.people) options.push([`person:${p.id}`, p.id === me.id ? `${p.name} (you)` : p.name]);
  if (options.length <= 1) return null;
  return (
    <form className={`${styles.filters} no-print`} aria-label="Choose whose forecast" onSubmit={(e) => e.preventDefault()}>
      <Field label="Forecast for">
        <Select
          value={value}
          onChange={(_e, d) => {
            const [kind, ...rest] = d.value.split(':');
            go({ scope: kind ?? null, id: rest.length > 0 ? rest.join(':') : null, week: null, kind: null, owner: null });
          }}
        >
          {options.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
    </form>
  );
}

function ForecastBody({
  view,
  route,
  drill,
  exportQuery,
  styles,
}: {
  view: ForecastView;
  route: Route;
  drill: (c: Record<string, string | null>) => string;
  exportQuery: URLSearchParams;
  styles: ReturnType<typeof useStyles>;
}) {
  const s = view.summary;
  const weeks = s.weeks;
  const week = route.query.get('week');
  const kind = route.query.get('kind');
  const owner = route.query.get('owner');
  const chosen = week !== null || kind !== null || owner !== null;
  const label = (k: string) => s.kinds.find((x) => x.kind === k)?.label ?? k;
  const ownerName = owner !== null ? (s.byOwner.find((o) => o.ownerId === owner)?.name ?? owner) : null;
  if (s.total === 0 && s.overdueNow.total === 0) return <Empty title="Nothing falls due in the next 8 weeks.">Nothing is overdue either.</Empty>;
  const count = (n: number, to: string, what: string) =>
    n === 0 ? (
      <span className={styles.small}>0</span>
    ) : (
      <Link href={to} aria-label={`${n} ${what}: show them`}>
        {n}
      </Link>
    );
  return (
    <>
      <section aria-labelledby="h-chart">
        <h2 id="h-chart">
          {s.total} falling due in 8 weeks; {s.overdueNow.total} overdue now
        </h2>
        <StackedWeeks summary={s} />
      </section>

      <section className={styles.section} aria-labelledby="h-kinds">
        <h2 id="h-kinds">By kind and week</h2>
        <WideTable label="What falls due, by kind and week" minWidth="60rem">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">What</TableHeaderCell>
              <TableHeaderCell scope="col">Overdue now</TableHeaderCell>
              {weeks.map((w, i) => (
                <TableHeaderCell key={w.from} scope="col">
                  {weekLabel(w, i)}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {s.kinds.map((k) => (
              <TableRow key={k.kind}>
                <TableHeaderCell scope="row">{k.label}</TableHeaderCell>
                <TableCell>{count(s.overdueNow.byKind[k.kind] ?? 0, drill({ week: '-1', kind: k.kind }), `${k.label} overdue now`)}</TableCell>
                {weeks.map((w, i) => (
                  <TableCell key={w.from}>{count(w.byKind[k.kind] ?? 0, drill({ week: String(i), kind: k.kind }), `${k.label}, ${weekLabel(w, i)}`)}</TableCell>
                ))}
              </TableRow>
            ))}
            <TableRow>
              <TableHeaderCell scope="row">All</TableHeaderCell>
              <TableCell>{count(s.overdueNow.total, drill({ week: '-1' }), 'overdue now')}</TableCell>
              {weeks.map((w, i) => (
                <TableCell key={w.from}>
                  {count(w.total, drill({ week: String(i) }), weekLabel(w, i))}
                  {w.projected > 0 ? <Text size={200}> ({w.projected} expected)</Text> : null}
                </TableCell>
              ))}
            </TableRow>
          </TableBody>
        </WideTable>
      </section>

      {view.scope.kind !== 'person' ? (
        <section className={styles.section} aria-labelledby="h-people">
          <h2 id="h-people">By the person it falls on</h2>
          <WideTable label="What falls due, by person and week" minWidth="60rem">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Person</TableHeaderCell>
                <TableHeaderCell scope="col">Overdue now</TableHeaderCell>
                {weeks.map((w, i) => (
                  <TableHeaderCell key={w.from} scope="col">
                    {weekLabel(w, i)}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {s.byOwner.map((o) => (
                <TableRow key={o.ownerId ?? 'none'}>
                  <TableHeaderCell scope="row">{o.ownerId ? <Link href={drill({ owner: o.ownerId })}>{o.name}</Link> : o.name}</TableHeaderCell>
                  <TableCell>{o.ownerId ? count(o.overdue, drill({ owner: o.ownerId, week: '-1' }), `${o.name}, overdue now`) : o.overdue}</TableCell>
                  {o.perWeek.map((n, i) => (
                    <TableCell key={weeks[i]!.from}>{o.ownerId ? count(n, drill({ owner: o.ownerId, week: String(i) }), `${o.name}, ${weekLabel(weeks[i]!, i)}`) : n}</TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </WideTable>
        </section>
      ) : null}

      {view.byTeam.length > 0 ? (
        <section className={styles.section} aria-labelledby="h-forecast-teams">
          <h2 id="h-forecast-teams">By team</h2>
          <WideTable label="What falls due, by team and week" minWidth="60rem">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Team</TableHeaderCell>
                <TableHeaderCell scope="col">Overdue now</TableHeaderCell>
                {weeks.map((w, i) => (
                  <TableHeaderCell key={w.from} scope="col">
                    {weekLabel(w, i)}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {view.byTeam.map((t) => (
                <TableRow key={t.team}>
                  <TableHeaderCell scope="row">{t.team === 'No team recorded' ? t.team : <Link href={href(['forecast'], { scope: 'team', id: t.team })}>{t.team}</Link>}</TableHeaderCell>
                  <TableCell>{t.overdue}</TableCell>
                  {t.perWeek.map((n, i) => (
                    <TableCell key={weeks[i]!.from}>{n}</TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </WideTable>
        </section>
      ) : null}

      <section className={styles.section} aria-labelledby="h-items">
        <div className={styles.head}>
          <h2 id="h-items">
            {chosen
              ? `The items: ${[week === '-1' ? 'overdue now' : week !== null ? weekLabel(weeks[Number(week)] ?? { from: '', to: '' }, Number(week)) : null, kind ? label(kind) : null, ownerName].filter(Boolean).join(', ')}`
              : 'Every item'}
          </h2>
          <ExportButtons table="forecast" query={exportQuery} what="these items" />
        </div>
        {chosen ? (
          <p className="no-print">
            <Link href={drill({})}>Show every item</Link>
          </p>
        ) : null}
        <Text as="p" block role="status">
          {view.totalRows} item{view.totalRows === 1 ? '' : 's'}
          {view.rows.length < view.totalRows ? `; the first ${view.rows.length} are shown (the download has them all)` : ''}.
        </Text>
        {view.rows.length > 0 ? (
          <WideTable label="The items behind the forecast" minWidth="56rem">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Due</TableHeaderCell>
                <TableHeaderCell scope="col">What</TableHeaderCell>
                <TableHeaderCell scope="col">Case or person</TableHeaderCell>
                <TableHeaderCell scope="col">Falls on</TableHeaderCell>
                <TableHeaderCell scope="col">Note</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {view.rows.map((r) => (
                <TableRow key={r.key}>
                  <TableCell>{date(r.due)}</TableCell>
                  <TableCell>
                    {r.label}
                    <br />
                    <Text size={200}>{r.citation}</Text>
                  </TableCell>
                  <TableCell>
                    {r.caseId ? (
                      <>
                        <Link href={href(['case', r.caseId], { back: location.hash })}>{r.caseId}</Link> {r.childName}
                      </>
                    ) : (
                      (r.person ?? '—')
                    )}
                  </TableCell>
                  <TableCell>{r.owner ?? 'No one recorded'}</TableCell>
                  <TableCell>
                    {r.week === -1 ? 'Overdue. ' : ''}
                    {r.projected ? `Expected: ${r.basis ?? ''}. ` : r.basis ? `Due date: ${r.basis}. ` : ''}
                    {r.snoozedUntil ? `Snoozed until ${date(r.snoozedUntil)}.` : ''}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </WideTable>
        ) : null}
      </section>
    </>
  );
}
