// One case: its obligations as a timeline (met, late, overdue, upcoming) with their citations, the
// CMOOE summaries and the chronology of notes. The server answers only for people allowed to see it.
import { Badge, Card, Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { api } from '../api';
import { REASON_WORDS, date } from '../format';
import { Empty, ErrorState, Loading, StatusBadge, useLoad } from '../states';
import type { CaseDetail, TimelineEntry } from '../types';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(22rem, 1fr))', gap: tokens.spacingHorizontalXXL },
  timeline: { listStyle: 'none', margin: 0, padding: 0, borderLeft: `2px solid ${tokens.colorNeutralStroke1}` },
  entry: { position: 'relative', padding: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}` },
  dot: { position: 'absolute', left: '-7px', top: '14px', width: '12px', height: '12px', borderRadius: '50%' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalS },
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

export function CasePage({ caseId, back }: { caseId: string; back: string | null }) {
  const styles = useStyles();
  const [load, reload] = useLoad<CaseDetail>(`case/${caseId}`, () => api<CaseDetail>(`cases/${encodeURIComponent(caseId)}`));
  return (
    <>
      {back ? <Link href={back}>← Back to the list</Link> : null}
      {/* One heading element whatever the state, so that the focus put on it stays there. */}
      <h1>{load.state === 'ready' ? `${load.data.case.id}: ${load.data.case.childName}` : `Case ${caseId}`}</h1>
      {load.state === 'loading' ? <Loading what="the case" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' ? <CaseBody d={load.data} styles={styles} /> : null}
    </>
  );
}

function CaseBody({ d, styles }: { d: CaseDetail; styles: ReturnType<typeof useStyles> }) {
  const c = d.case;
  const overdue = d.timeline.filter((t) => t.phase === 'overdue').length;
  return (
    <>
      <Text as="p" block>
        {overdue === 0 ? 'Nothing is overdue on this case.' : `${overdue} obligation${overdue === 1 ? ' is' : 's are'} overdue.`}{' '}
        {c.childInCare ? <Badge appearance="outline">Child in care</Badge> : null}{' '}
        {c.cmooeNow ? <Badge appearance="tint" color="danger">Missing out on education since {date(c.cmooeNow.from)}</Badge> : null}
      </Text>
      <dl className={styles.facts}>
        <dt>Date of birth</dt>
        <dd>{date(c.dateOfBirth)} (NC year {c.ncYear})</dd>
        <dt>Team</dt>
        <dd>{c.team ?? '—'}{c.locality ? `, ${c.locality}` : ''}</dd>
        <dt>Setting</dt>
        <dd>{c.setting ?? '—'}</dd>
        <dt>Primary need</dt>
        <dd>{c.primaryNeed ?? '—'}</dd>
        <dt>Lead professional</dt>
        <dd>{c.leadProfessional ?? '—'}</dd>
        <dt>Inclusion lead</dt>
        <dd>{c.inclusionLead ?? '—'}</dd>
        <dt>EHC plan issued</dt>
        <dd>{date(c.planIssuedOn)}</dd>
        {c.cmooeNow ? (
          <>
            <dt>CMOOE</dt>
            <dd>
              {REASON_WORDS[c.cmooeNow.reason] ?? c.cmooeNow.reason}, since {date(c.cmooeNow.from)} ({c.cmooeNow.series === 'cic-cmooe' ? 'Children in Care CMOOE' : 'CMOOE'})
            </dd>
          </>
        ) : null}
      </dl>
      <div className={styles.columns}>
        <section aria-labelledby="h-timeline">
          <h2 id="h-timeline">Obligations</h2>
          {d.timeline.length === 0 ? (
            <Empty title="No obligations on this case yet.">They appear when dates are recorded (a request, a plan, a review).</Empty>
          ) : (
            <ol className={styles.timeline} aria-label="Obligations by due date">
              {d.timeline.map((t) => (
                <li key={t.key} className={styles.entry}>
                  <span className={styles.dot} style={{ backgroundColor: PHASE_COLOURS[t.phase] }} aria-hidden="true" />
                  <Text weight="semibold">{t.label}</Text> <StatusBadge status={t.phase === 'late' ? 'met-late' : t.status} />
                  {t.pfa ? <Badge appearance="outline">Preparing for adulthood</Badge> : null}
                  <br />
                  <Text size={200}>
                    Due {date(t.due)}: {t.basis}
                    {t.completedOn ? `; done ${date(t.completedOn)}` : ''}
                    {t.owner ? ` · ${t.owner}` : ''} · {t.citation}
                  </Text>
                </li>
              ))}
            </ol>
          )}
        </section>
        <div>
          <section aria-labelledby="h-summaries">
            <h2 id="h-summaries">CMOOE summaries</h2>
            {d.summaries.length === 0 ? (
              <Empty title="No CMOOE summaries.">{c.cmooeNow ? 'The inclusion lead records one each fortnight with the bot: “summary ' + c.id + '”.' : 'This child is not missing out on education.'}</Empty>
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
          <section aria-labelledby="h-notes">
            <h2 id="h-notes">Case notes</h2>
            {d.notes.length === 0 ? (
              <Empty title="No case notes yet." />
            ) : (
              <ol className={styles.list}>
                {d.notes.map((n) => (
                  <li key={n.eventAt + n.recordedAt}>
                    <Text weight="semibold">{date(n.eventAt)}</Text> · {n.author}{' '}
                    {n.onTime ? null : <StatusBadge status="met-late" />}
                    <br />
                    <Text>{n.text}</Text>
                    <br />
                    <Text size={200}>Recorded {date(n.recordedAt)}</Text>
                  </li>
                ))}
              </ol>
            )}
          </section>
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
        </div>
      </div>
    </>
  );
}
