// The list of cases (or staff) behind one dashboard figure; each case opens its case page.
import { Link, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { api } from '../api';
import { date } from '../format';
import { href } from '../route';
import { Empty, ErrorState, Loading, StatusBadge, useLoad } from '../states';
import type { CaseRow, DrillDown, PersonRow } from '../types';
import { FIGURE_TITLES } from './DashboardPage';

export function DrillPage({ query }: { query: URLSearchParams }) {
  const figure = query.get('figure') ?? '';
  const which = query.get('which') === 'missed' ? 'missed' : 'all';
  const q = new URLSearchParams(query);
  const [load, reload] = useLoad<DrillDown>(`drill?${q}`, () => api<DrillDown>(`dashboard/drill?${q}`));
  const title = FIGURE_TITLES[figure] ?? figure;
  const back = href(['dashboard'], { from: query.get('from'), to: query.get('to'), team: query.get('team'), locality: query.get('locality') });
  const here = location.hash;
  return (
    <>
      <Link href={back}>← Back to the dashboard</Link>
      <h1>
        {title}: {which === 'missed' ? 'missed' : 'all'}
      </h1>
      <Text as="p" block>
        {date(query.get('from'))} to {date(query.get('to'))}
        {query.get('team') ? `, team ${query.get('team')}` : ''}
        {query.get('locality') ? `, locality ${query.get('locality')}` : ''}.
      </Text>
      {load.state === 'loading' ? <Loading what="the list" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' && load.data.total === 0 ? <Empty title="Nothing to list.">No case you may see is behind this figure. Choose another period or team on the dashboard.</Empty> : null}
      {load.state === 'ready' && load.data.total > 0 ? (
        <>
          <Text as="p" block role="status">
            {load.data.total} {load.data.entity === 'case' ? 'case' : 'member of staff'}
            {load.data.total === 1 ? '' : 's'}
            {load.data.rows.length < load.data.total ? `; the first ${load.data.rows.length} are shown` : ''}.
          </Text>
          {load.data.entity === 'case' ? <CaseTable rows={load.data.rows as CaseRow[]} back={here} /> : <PersonTable rows={load.data.rows as PersonRow[]} />}
        </>
      ) : null}
    </>
  );
}

function CaseTable({ rows, back }: { rows: CaseRow[]; back: string }) {
  return (
    <Table aria-label="Cases behind the figure" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">Case</TableHeaderCell>
          <TableHeaderCell scope="col">Child</TableHeaderCell>
          <TableHeaderCell scope="col">Team</TableHeaderCell>
          <TableHeaderCell scope="col">Lead professional</TableHeaderCell>
          <TableHeaderCell scope="col">Why it is here</TableHeaderCell>
          <TableHeaderCell scope="col">Overdue on the case</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id}>
            <TableCell>
              <Link href={href(['case', r.id], { back })}>{r.id}</Link>
            </TableCell>
            <TableCell>{r.childName}</TableCell>
            <TableCell>{r.team ?? '—'}</TableCell>
            <TableCell>{r.leadProfessional ?? '—'}</TableCell>
            <TableCell>
              {r.obligations.length === 0
                ? '—'
                : r.obligations.slice(-3).map((o) => (
                    <div key={o.due + o.kind + (o.subject ?? '')}>
                      {o.label}, due {date(o.due)} <StatusBadge status={o.status} />
                      <br />
                      <Text size={200}>
                        {o.basis} · {o.citation}
                      </Text>
                    </div>
                  ))}
            </TableCell>
            <TableCell>{r.overdue}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function PersonTable({ rows }: { rows: PersonRow[] }) {
  return (
    <Table aria-label="Staff behind the figure" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">Name</TableHeaderCell>
          <TableHeaderCell scope="col">Team</TableHeaderCell>
          <TableHeaderCell scope="col">Supervisor</TableHeaderCell>
          <TableHeaderCell scope="col">Last supervision</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id}>
            <TableCell>{r.name}</TableCell>
            <TableCell>{r.team ?? '—'}</TableCell>
            <TableCell>{r.manager ?? '—'}</TableCell>
            <TableCell>{date(r.lastSupervision)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
