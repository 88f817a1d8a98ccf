// My work: the signed-in person's obligations, overdue first, each recorded here: Done with the date it
// was done, or its form (case note, CMOOE summary, supervision), and Snooze. What cannot be recorded
// with a date or a form says where it is recorded, and opens its case.
import { Button, Link, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useState } from 'react';
import { api } from '../api';
import { date } from '../format';
import { ExportButtons, Notice, WideTable } from '../parts';
import { href } from '../route';
import { Empty, ErrorState, Loading, StatusBadge, useLoad } from '../states';
import type { WorkItem } from '../types';
import type { RecordRequest } from './RecordDialog';

const RecordDialog = lazy(() => import('./RecordDialog'));

const useStyles = makeStyles({
  actions: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  // A touch target at least 24 px high (WCAG 2.2 target size), beside the buttons.
  target: { display: 'inline-flex', alignItems: 'center', minHeight: '24px' },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
});

/** The request that records an item, or null when it is not recorded in SEND Oversight. */
export function recordRequestOf(i: Pick<WorkItem, 'key' | 'record' | 'caseId' | 'personId' | 'label'>, who: string): RecordRequest | null {
  switch (i.record) {
    case 'done':
      return { kind: 'done', key: i.key, label: `${i.label}: ${who}` };
    case 'summary':
    case 'note':
      return i.caseId ? { kind: i.record, caseId: i.caseId } : null;
    case 'supervision':
      return { kind: 'supervision', personId: i.personId, label: `${i.label}: ${who}` };
    default:
      return null;
  }
}

export const RECORD_WORDS: Record<string, string> = { done: 'Done…', summary: 'Write summary', note: 'Record note', supervision: 'Record supervision' };

export function MyWorkPage({ today }: { today: string }) {
  const styles = useStyles();
  const [load, reload] = useLoad<{ today: string; items: WorkItem[] }>('my-work', () => api('my-work'));
  const [dialog, setDialog] = useState<RecordRequest | null>(null);
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  return (
    <>
      <div className={styles.head}>
        <h1>My work</h1>
        {load.state === 'ready' && load.data.items.length > 0 ? <ExportButtons table="my-work" what="my work" /> : null}
      </div>
      <div className={`${styles.actions} no-print`}>
        <Button
          onClick={() => setDialog({ kind: 'note', caseId: '', cases: load.state === 'ready' ? [...new Set(load.data.items.map((i) => i.caseId).filter((c): c is string => c !== null))].sort() : [] })}
        >
          Record a case note
        </Button>
      </div>
      <Notice notice={notice} />
      {load.state === 'loading' ? <Loading what="your obligations" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' && load.data.items.length === 0 ? <Empty title="Nothing is due for you.">When a case you lead or a person you supervise has a deadline, it appears here.</Empty> : null}
      {load.state === 'ready' && load.data.items.length > 0 ? (
        <>
          <Text as="p" block role="status">
            {load.data.items.filter((i) => i.status === 'overdue').length} overdue, {load.data.items.length} open in all, as of {date(load.data.today)}.
          </Text>
          <WideTable label="My obligations, overdue first" minWidth="48rem">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">What</TableHeaderCell>
                <TableHeaderCell scope="col">Case or person</TableHeaderCell>
                <TableHeaderCell scope="col">Due</TableHeaderCell>
                <TableHeaderCell scope="col">Status</TableHeaderCell>
                <TableHeaderCell scope="col">Record it</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {load.data.items.map((i) => {
                const who = i.caseId ? `${i.caseId}${i.childName ? ` ${i.childName}` : ''}` : (i.person ?? '');
                const request = recordRequestOf(i, who);
                return (
                  <TableRow key={i.key}>
                    <TableCell>
                      {i.label}
                      <br />
                      <Text size={200}>{i.citation}</Text>
                    </TableCell>
                    <TableCell>
                      {i.caseId ? (
                        <>
                          <Link href={href(['case', i.caseId], { back: location.hash })}>{i.caseId}</Link> {i.childName}
                        </>
                      ) : (
                        (i.person ?? '—')
                      )}
                    </TableCell>
                    <TableCell>
                      {date(i.due)}
                      <br />
                      <Text size={200}>{i.basis}</Text>
                    </TableCell>
                    <TableCell>
                      <StatusBadge status={i.status} />
                    </TableCell>
                    <TableCell>
                      <div className={styles.actions}>
                        {request ? (
                          <Button size="small" appearance="primary" onClick={() => setDialog(request)} aria-label={`${RECORD_WORDS[i.record ?? '']}: ${i.label}, ${who}`}>
                            {RECORD_WORDS[i.record ?? '']}
                          </Button>
                        ) : i.kind === 'meeting-action' ? (
                          <Text size={200}>Closed in the meeting record</Text>
                        ) : i.caseId ? (
                          <Link className={styles.target} href={href(['case', i.caseId], { back: location.hash })} aria-label={`Open ${i.caseId}: ${i.label} is recorded with the case record`}>
                            Open the case
                          </Link>
                        ) : (
                          <Text size={200}>Recorded with the supervision</Text>
                        )}
                        <Button size="small" onClick={() => setDialog({ kind: 'snooze', key: i.key, label: `${i.label}: ${who}` })} aria-label={`Snooze: ${i.label}, ${who}`}>
                          Snooze
                        </Button>
                      </div>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </WideTable>
        </>
      ) : null}
      {dialog ? (
        <Suspense fallback={null}>
          <RecordDialog
            request={dialog}
            today={load.state === 'ready' ? load.data.today : today}
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
