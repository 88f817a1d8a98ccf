// One case: first what is open (overdue first, then what falls due), each recorded here; then the
// facts, the CMOOE summaries, the notes (newest first) and the history of what was done. The server
// answers only for people allowed to see the case.
import { Badge, Button, Card, Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useState } from 'react';
import { api } from '../api';
import { REASON_WORDS, date } from '../format';
import { Notice } from '../parts';
import { Empty, ErrorState, Loading, StatusBadge, useLoad } from '../states';
import type { CaseDetail, TimelineEntry } from '../types';
import { RECORD_WORDS, recordRequestOf } from './MyWorkPage';
import type { RecordRequest } from './RecordDialog';

const RecordDialog = lazy(() => import('./RecordDialog'));

const useStyles = makeStyles({
  title: { overflowWrap: 'anywhere' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
    '@media (max-width: 480px)': { gridTemplateColumns: '1fr', '& dt': { fontWeight: tokens.fontWeightSemibold, marginTop: tokens.spacingVerticalS } },
  },
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(22rem, 100%), 1fr))', gap: tokens.spacingHorizontalXXL },
  timeline: { listStyle: 'none', margin: 0, padding: 0, borderLeft: `2px solid ${tokens.colorNeutralStroke1}` },
  entry: { position: 'relative', padding: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}` },
  entryHead: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  dot: { position: 'absolute', left: '-7px', top: '14px', width: '12px', height: '12px', borderRadius: '50%' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalS },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, margin: `${tokens.spacingVerticalS} 0` },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

const PHASE_COLOURS: Record<TimelineEntry['phase'], string> = {
  met: tokens.colorPaletteGreenBackground3,
  ok: tokens.colorPaletteGreenBackground3,
  late: tokens.colorPaletteMarigoldBackground3,
  overdue: tokens.colorPaletteRedBackground3,
  breached: tokens.colorPaletteRedBackground3,
  upcoming: tokens.colorPaletteBlueBorderActive,
  excepted: tokens.colorNeutralStroke1,
  missed: tokens.colorNeutralStroke1,
};

export function CasePage({ caseId, back, today }: { caseId: string; back: string | null; today: string }) {
  const styles = useStyles();
  const [load, reload] = useLoad<CaseDetail>(`case/${caseId}`, () => api<CaseDetail>(`cases/${encodeURIComponent(caseId)}`));
  const [dialog, setDialog] = useState<RecordRequest | null>(null);
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  return (
    <>
      {back ? (
        <Link href={back} className="no-print">
          ← Back to the list
        </Link>
      ) : null}
      {/* One heading element whatever the state, so that the focus put on it stays there. */}
      <h1 className={styles.title}>{load.state === 'ready' ? `${load.data.case.id}: ${load.data.case.childName}` : `Case ${caseId}`}</h1>
      <Notice notice={notice} />
      {load.state === 'loading' ? <Loading what="the case" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' ? <CaseBody d={load.data} styles={styles} onRecord={setDialog} /> : null}
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

const OPEN_ORDER: Record<string, number> = { overdue: 0, 'due-soon': 1, upcoming: 2 };

function CaseBody({ d, styles, onRecord }: { d: CaseDetail; styles: ReturnType<typeof useStyles>; onRecord: (r: RecordRequest) => void }) {
  const c = d.case;
  // What is open first (overdue, then due soon, then later), by due date; then what was done, newest first.
  const open = d.timeline.filter((t) => t.status in OPEN_ORDER).sort((a, b) => OPEN_ORDER[a.status]! - OPEN_ORDER[b.status]! || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  const history = d.timeline.filter((t) => !(t.status in OPEN_ORDER)).sort((a, b) => ((a.completedOn ?? a.due) < (b.completedOn ?? b.due) ? 1 : -1));
  const overdue = open.filter((t) => t.status === 'overdue').length;
  return (
    <>
      <div className={styles.badges}>
        <Text>{overdue === 0 ? 'Nothing is overdue on this case.' : `${overdue} obligation${overdue === 1 ? ' is' : 's are'} overdue.`}</Text>
        {c.childInCare ? <Badge appearance="outline">Child in care</Badge> : null}
        {c.cmooeNow ? (
          <Badge appearance="tint" color="danger">
            Missing out on education since {date(c.cmooeNow.from)}
          </Badge>
        ) : null}
      </div>
      <div className={`${styles.buttons} no-print`}>
        {d.can.note ? (
          <Button appearance="primary" onClick={() => onRecord({ kind: 'note', caseId: c.id })}>
            Record a case note
          </Button>
        ) : null}
        {d.can.summary ? <Button onClick={() => onRecord({ kind: 'summary', caseId: c.id })}>Write the CMOOE summary</Button> : null}
        {d.can.nominate ? <Button onClick={() => onRecord({ kind: 'nominate', caseId: c.id })}>Nominate for CMOOE</Button> : null}
      </div>

      <section aria-labelledby="h-open">
        <h2 id="h-open">Open now</h2>
        {open.length === 0 ? (
          <Empty title="Nothing is open on this case." />
        ) : (
          <ol className={styles.timeline} aria-label="Open obligations, overdue first">
            {open.map((t) => (
              <Entry key={t.key} t={t} caseId={c.id} childName={c.childName} styles={styles} onRecord={onRecord} />
            ))}
          </ol>
        )}
      </section>

      <div className={styles.columns}>
        <section aria-labelledby="h-facts">
          <h2 id="h-facts">The case</h2>
          <dl className={styles.facts}>
            <dt>Date of birth</dt>
            <dd>
              {date(c.dateOfBirth)} (NC year {c.ncYear})
            </dd>
            <dt>Team</dt>
            <dd>{c.team ?? 'not recorded'}</dd>
            <dt>Locality</dt>
            <dd>{c.locality ?? 'not recorded'}</dd>
            <dt>Setting</dt>
            <dd>{c.setting ?? 'not recorded'}</dd>
            <dt>Primary need</dt>
            <dd>{c.primaryNeed ?? 'not recorded'}</dd>
            <dt>Lead professional</dt>
            <dd>{c.leadProfessional ?? 'none recorded'}</dd>
            <dt>Inclusion lead</dt>
            <dd>{c.inclusionLead ?? 'none recorded'}</dd>
            <dt>EHC plan issued</dt>
            <dd>{c.planIssuedOn ? date(c.planIssuedOn) : 'not yet'}</dd>
            {c.cmooeNow ? (
              <>
                <dt>CMOOE</dt>
                <dd>
                  {REASON_WORDS[c.cmooeNow.reason] ?? c.cmooeNow.reason}, since {date(c.cmooeNow.from)} ({c.cmooeNow.series === 'cic-cmooe' ? 'Children in Care CMOOE' : 'CMOOE'})
                </dd>
              </>
            ) : null}
          </dl>
        </section>
        <section aria-labelledby="h-summaries">
          <h2 id="h-summaries">CMOOE summaries</h2>
          {d.summaries.length === 0 ? (
            <Empty title="No CMOOE summaries.">
              {c.cmooeNow ? 'The inclusion lead writes one each fortnight, a week before the meeting (PS 4.2, 6.15).' : 'This child is not missing out on education.'}
            </Empty>
          ) : (
            <ul className={styles.list}>
              {d.summaries.map((s) => (
                <li key={s.submittedOn + s.author}>
                  <Card>
                    <Text weight="semibold">
                      {date(s.submittedOn)} · {s.author}
                    </Text>
                    <Text>Actions to date: {s.actionsToDate}</Text>
                    <Text>Current steps: {s.currentSteps}</Text>
                    <Text>Key dates: {s.keyDates}</Text>
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <div className={styles.columns}>
        <section aria-labelledby="h-notes">
          <h2 id="h-notes">Case notes, newest first</h2>
          {d.notes.length === 0 ? (
            <Empty title="No case notes yet." />
          ) : (
            <ol className={styles.list}>
              {[...d.notes].reverse().map((n) => (
                <li key={n.eventAt + n.recordedAt}>
                  <Text weight="semibold">{date(n.eventAt)}</Text> · {n.author} {n.onTime ? null : <StatusBadge status="met-late" />}
                  <br />
                  <Text>{n.text}</Text>
                  <br />
                  <Text size={200}>Recorded {date(n.recordedAt)}</Text>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="h-history">
          <h2 id="h-history">Done, newest first</h2>
          {history.length === 0 ? (
            <Empty title="Nothing recorded as done yet." />
          ) : (
            <ol className={styles.timeline} aria-label="Obligations done, newest first">
              {history.map((t) => (
                <Entry key={t.key} t={t} caseId={c.id} childName={c.childName} styles={styles} onRecord={onRecord} />
              ))}
            </ol>
          )}
        </section>
      </div>
      {d.actions.length > 0 ? (
        <section aria-labelledby="h-actions">
          <h2 id="h-actions">Actions from meetings</h2>
          <ul className={styles.list}>
            {d.actions.map((a) => (
              <li key={a.id}>
                {a.text} · {a.owner} · due {date(a.dueOn)} {a.closedOn ? `· closed ${date(a.closedOn)}` : <StatusBadge status={a.dueOn < d.today ? 'overdue' : 'upcoming'} />}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** The document a citation's abbreviation stands for (PS: Dorset's practice standards, DT: Durham's toolkit). */
function citationSource(citation: string): string | undefined {
  if (citation.startsWith('PS ')) return 'Dorset SEND Practice Standards';
  if (citation.startsWith('DT ')) return 'Durham SEND & Inclusion Toolkit';
  return undefined;
}

function Entry({ t, caseId, childName, styles, onRecord }: { t: TimelineEntry; caseId: string; childName: string; styles: ReturnType<typeof useStyles>; onRecord: (r: RecordRequest) => void }) {
  const request = recordRequestOf({ key: t.key, record: t.record, caseId, personId: t.personId, label: t.label }, `${caseId} ${childName}`);
  return (
    <li className={styles.entry}>
      <span className={styles.dot} style={{ backgroundColor: PHASE_COLOURS[t.phase] }} aria-hidden="true" />
      <div className={styles.entryHead}>
        <Text weight="semibold">{t.label}</Text>
        <StatusBadge status={t.phase === 'late' ? 'met-late' : t.status} />
        {t.pfa ? <Badge appearance="outline">Preparing for adulthood</Badge> : null}
        {request ? (
          <Button size="small" className="no-print" onClick={() => onRecord(request)} aria-label={`${RECORD_WORDS[t.record ?? '']}: ${t.label}`}>
            {RECORD_WORDS[t.record ?? '']}
          </Button>
        ) : null}
      </div>
      <Text size={200}>
        Due {date(t.due)}: {t.basis}
        {t.completedOn ? `; done ${date(t.completedOn)}` : ''}
        {t.owner ? ` · ${t.owner}` : ''} · {citationSource(t.citation) ? <abbr title={citationSource(t.citation)}>{t.citation}</abbr> : t.citation}
      </Text>
    </li>
  );
}
