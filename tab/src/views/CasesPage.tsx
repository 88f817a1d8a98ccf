// The case list (issue 15): the cases the person may see, searched by reference, initials or name,
// filtered by team, a kind overdue, CMOOE and phase transfer this school year, sorted by what needs
// doing. The search and filters live in the address (back, forward and reload keep them).
import { Button, Checkbox, Field, Input, Link, Select, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { api } from '../api';
import { date } from '../format';
import { ExportButtons, WideTable } from '../parts';
import { href, withQuery, type Route } from '../route';
import { Empty, ErrorState, Loading, useLoad } from '../states';
import type { CaseListView } from '../types';

const useStyles = makeStyles({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'end',
    marginBottom: tokens.spacingVerticalL,
    '@media (max-width: 600px)': { '& > *': { flexBasis: '100%' } },
  },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  flags: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

const PAGE = 100;
const FILTER_KEYS = ['q', 'team', 'overdue', 'cmooe', 'phase'] as const;

export function CasesPage({ route }: { route: Route }) {
  const styles = useStyles();
  const query = route.query;
  const filter = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = query.get(k);
    if (v) filter.set(k, v);
  }
  const shown = Math.max(PAGE, Number(query.get('shown') ?? PAGE) || PAGE);
  const apiQuery = new URLSearchParams(filter);
  apiQuery.set('limit', String(shown));
  const [load, reload] = useLoad<CaseListView>(`cases?${apiQuery}`, () => api<CaseListView>(`cases?${apiQuery}`));
  return (
    <>
      <h1>Cases</h1>
      <Text as="p" block>
        The cases you may see, the ones that need doing first at the top: most overdue, then longest overdue, then what falls due next.
      </Text>
      <SearchForm key={filter.toString()} route={route} view={load.state === 'ready' ? load.data : null} styles={styles} />
      {load.state === 'loading' ? <Loading what="the cases" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' && load.data.total === 0 ? (
        <Empty title={filter.toString() ? 'No case you may see matches.' : 'There is no case you may see.'}>
          {filter.toString() ? 'Search by the reference (C-1001), the initials (J.E.) or part of the name, or clear the filters.' : 'Cases appear here when you lead, hold or manage them.'}
        </Empty>
      ) : null}
      {load.state === 'ready' && load.data.total > 0 ? (
        <>
          <div className={styles.head}>
            <Text as="p" block role="status">
              {load.data.total} case{load.data.total === 1 ? '' : 's'}
              {load.data.items.length < load.data.total ? `; the first ${load.data.items.length} are shown` : ''}.
            </Text>
            <ExportButtons table="cases" query={filter} what="this list of cases" />
          </div>
          <WideTable label="Cases, what needs doing first" minWidth="58rem">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Case</TableHeaderCell>
                <TableHeaderCell scope="col">Team</TableHeaderCell>
                <TableHeaderCell scope="col">Lead professional</TableHeaderCell>
                <TableHeaderCell scope="col">Overdue</TableHeaderCell>
                <TableHeaderCell scope="col">Next</TableHeaderCell>
                <TableHeaderCell scope="col">Flags</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {load.data.items.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    <Link href={href(['case', c.id], { back: location.hash })}>{c.id}</Link> {c.childName}
                  </TableCell>
                  <TableCell>{c.team ?? '—'}</TableCell>
                  <TableCell>{c.leadProfessional ?? '—'}</TableCell>
                  <TableCell>
                    {c.overdue === 0 ? (
                      '—'
                    ) : (
                      <>
                        {c.overdue}: {c.overdueKinds.join(', ')}
                        <br />
                        <Text size={200}>since {date(c.oldestOverdue)}</Text>
                      </>
                    )}
                  </TableCell>
                  <TableCell>{c.next ? `${c.next.label}, ${date(c.next.due)}` : '—'}</TableCell>
                  <TableCell>
                    <span className={styles.flags}>{[c.cmooe ? 'CMOOE' : null, c.phaseTransferMoveOn ? `Moving ${date(c.phaseTransferMoveOn)}` : null].filter(Boolean).join(' · ') || '—'}</span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </WideTable>
          {load.data.items.length < load.data.total ? (
            <p className="no-print">
              <Link href={withQuery(route, { shown: String(shown + PAGE) })}>Show {Math.min(PAGE, load.data.total - load.data.items.length)} more</Link>
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function SearchForm({ route, view, styles }: { route: Route; view: CaseListView | null; styles: ReturnType<typeof useStyles> }) {
  const q = route.query;
  const [text, setText] = useState(q.get('q') ?? '');
  const go = (changes: Record<string, string | null>) => (location.hash = withQuery(route, { shown: null, ...changes }));
  return (
    <form
      role="search"
      aria-label="Search and filter the cases"
      className={`${styles.filters} no-print`}
      onSubmit={(e) => {
        e.preventDefault();
        go({ q: text.trim() || null });
      }}
    >
      <Field label="Reference, initials or name">
        <Input value={text} onChange={(_e, d) => setText(d.value)} type="search" />
      </Field>
      <Button type="submit" appearance="primary">
        Search
      </Button>
      {view !== null && view.teams.length > 1 ? (
        <Field label="Team">
          <Select value={q.get('team') ?? ''} onChange={(_e, d) => go({ team: d.value || null })}>
            <option value="">All teams</option>
            {view.teams.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Field label="Overdue">
        <Select value={q.get('overdue') ?? ''} onChange={(_e, d) => go({ overdue: d.value || null })}>
          <option value="">Any case</option>
          <option value="any">Anything overdue</option>
          {(view?.kinds ?? []).map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </Select>
      </Field>
      <Checkbox label="Missing out on education (CMOOE)" checked={q.get('cmooe') === '1'} onChange={(_e, d) => go({ cmooe: d.checked ? '1' : null })} />
      <Checkbox
        label={`Phase transfer this school year${view ? ` (moving by ${date(view.transferRound.to)})` : ''}`}
        checked={q.get('phase') === '1'}
        onChange={(_e, d) => go({ phase: d.checked ? '1' : null })}
      />
    </form>
  );
}
