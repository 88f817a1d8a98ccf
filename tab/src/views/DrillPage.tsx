// The list of cases (or staff) behind one dashboard figure; each case opens its case page, each open
// item is recorded here (Done with a date, or its form), and the list downloads as Excel or CSV.
import { Button, Link, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useState } from 'react';
import { api } from '../api';
import { date } from '../format';
import { ExportButtons, Notice, WideTable } from '../parts';
import { href } from '../route';
import { Empty, ErrorState, Loading, StatusBadge, useLoad } from '../states';
import type { CaseRow, DrillDown, PersonRow } from '../types';
import { FIGURE_TITLES } from './DashboardPage';
import { RECORD_WORDS, recordRequestOf } from './MyWorkPage';
import type { RecordRequest } from './RecordDialog';

const RecordDialog = lazy(() => import('./RecordDialog'));

const useStyles = makeStyles({
  title: { overflowWrap: 'anywhere' },
  item: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalXS, marginBottom: tokens.spacingVerticalXS },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
});

export function DrillPage({ query, today }: { query: URLSearchParams; today: string }) {
  const styles = useStyles();
  const figure = query.get('figure') ?? '';
  const which = query.get('which') === 'missed' ? 'missed' : 'all';
  const q = new URLSearchParams(query);
  q.delete('back');
  const [load, reload] = useLoad<DrillDown>(`drill?${q}`, () => api<DrillDown>(`dashboard/drill?${q}`));
  const [dialog, setDialog] = useState<RecordRequest | null>(null);
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const title = FIGURE_TITLES[figure] ?? figure;
  const back = href(['dashboard'], { from: query.get('from'), to: query.get('to'), team: query.get('team'), locality: query.get('locality') });
  const here = location.hash;
  return (
    <>
      <Link href={back} className="no-print">
        ← Back to the dashboard
      </Link>
      <h1 className={styles.title}>
        {title}: {which === 'missed' ? 'missed' : 'all'}
      </h1>
      <Text as="p" block>
        {date(query.get('from'))} to {date(query.get('to'))}
        {query.get('team') ? `, team ${query.get('team')}` : ''}
        {query.get('locality') ? `, locality ${query.get('locality')}` : ''}.
      </Text>
      <Notice notice={notice} />
      {load.state === 'loading' ? <Loading what="the list" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' && load.data.total === 0 ? <Empty title="Nothing to list.">No case you may see is behind this figure. Choose another period or team on the dashboard.</Empty> : null}
      {load.state === 'ready' && load.data.total > 0 ? (
        <>
          <div className={styles.head}>
            <Text as="p" block role="status">
              {load.data.total} {load.data.entity === 'case' ? 'case' : 'member of staff'}
              {load.data.total === 1 ? '' : 's'}
              {load.data.rows.length < load.data.total ? `; the first ${load.data.rows.length} are shown (the download has them all)` : ''}.
            </Text>
            <ExportButtons table="drill" query={q} what={`the list behind ${title}`} />
          </div>
          {load.data.entity === 'case' ? <CaseTable rows={load.data.rows as CaseRow[]} back={here} onRecord={setDialog} /> : <PersonTable rows={load.data.rows as PersonRow[]} />}
        </>
      ) : null}
      {dialog ? (
        <Suspense fallback={null}>
          <RecordDialog
            request={dialog}
            today={today}
            onClose={() => setDialog(null)}
            onRecorded={(text) => {
              setDialog(null);
              setNotice({ intent: 'success', text });
              reload();
            }}
          />
        </Suspense>
      ) : null}
    </>
  );
}

function CaseTable({ rows, back, onRecord }: { rows: CaseRow[]; back: string; onRecord: (r: RecordRequest) => void }) {
  const styles = useStyles();
  return (
    <WideTable label="Cases behind the figure" minWidth="56rem">
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
                : r.obligations.slice(-3).map((o) => {
                    const request = recordRequestOf({ key: o.key, record: o.record, caseId: r.id, personId: null, label: o.label }, `${r.id} ${r.childName}`);
                    return (
                      <div key={o.key} className={styles.item}>
                        <span>
                          {o.label}, due {date(o.due)}
                          <br />
                          <Text size={200}>
                            {o.basis} · {o.citation}
                          </Text>
                        </span>
                        <StatusBadge status={o.status} />
                        {request ? (
                          <Button size="small" className="no-print" onClick={() => onRecord(request)} aria-label={`${RECORD_WORDS[o.record ?? '']}: ${o.label}, ${r.id}`}>
                            {RECORD_WORDS[o.record ?? '']}
                          </Button>
                        ) : null}
                      </div>
                    );
                  })}
            </TableCell>
            <TableCell>{r.overdue}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </WideTable>
  );
}

function PersonTable({ rows }: { rows: PersonRow[] }) {
  return (
    <WideTable label="Staff behind the figure" minWidth="36rem">
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
    </WideTable>
  );
}
