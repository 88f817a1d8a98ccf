// Audits (docs/rules.md section 8): the signed-in person's audits and moderations to do (each opens the
// audit form), a QA officer's view of the whole programme with its monthly run, and for managers and QA
// officers the audit figure (Good or better / all, against the 80 % target) by type and locality with
// its trend, the criteria most often not met and the moderation measure; each number drills down to the
// audits behind it (#/audits?which=…), with case references and initials only.
import { Button, Link, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { api } from '../api';
import { date, percent } from '../format';
import { Notice, WideTable } from '../parts';
import { href, withQuery, type Route } from '../route';
import { Empty, ErrorState, Loading, useLoad } from '../states';
import type { AuditDrill, AuditFigures, AuditList, AuditRow, Me } from '../types';

const useStyles = makeStyles({
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  tiles: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, margin: `${tokens.spacingVerticalM} 0` },
  tile: {
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    minWidth: '14rem',
    maxWidth: '100%',
  },
  big: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero700 },
});

export const GRADE_WORDS: Record<string, string> = { outstanding: 'Outstanding', good: 'Good', 'requires-improvement': 'Requires improvement', inadequate: 'Inadequate' };
const STATE_WORDS: Record<AuditRow['state'], string> = { 'not-started': 'Not started', 'in-progress': 'In progress', completed: 'Completed' };

function stateOf(r: AuditRow): string {
  if (r.role === 'moderator') return r.moderation?.state === 'done' ? 'Moderated' : 'To moderate';
  return STATE_WORDS[r.state] + (r.overdue ? ' (overdue)' : '');
}

function AuditTable({ rows, label }: { rows: AuditRow[]; label: string }) {
  return (
    <WideTable label={label} minWidth="52rem">
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">Audit</TableHeaderCell>
          <TableHeaderCell scope="col">Case</TableHeaderCell>
          <TableHeaderCell scope="col">Auditor</TableHeaderCell>
          <TableHeaderCell scope="col">Due</TableHeaderCell>
          <TableHeaderCell scope="col">State</TableHeaderCell>
          <TableHeaderCell scope="col">Grade</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={`${r.role}-${r.id}`}>
            <TableCell>
              <Link href={href(['audit', r.id])} aria-label={`${r.role === 'moderator' ? 'Moderate' : 'Open'} ${r.typeLabel} ${r.id} of ${r.caseId}`}>
                {r.typeLabel}
              </Link>
              <br />
              <Text size={200}>{r.id}</Text>
            </TableCell>
            <TableCell>
              {r.caseId} {r.child}
              <br />
              <Text size={200}>{[r.team, r.locality && r.locality !== r.team ? r.locality : null].filter(Boolean).join(', ')}</Text>
            </TableCell>
            <TableCell>{r.auditor}</TableCell>
            <TableCell>{r.completedOn ? `Completed ${date(r.completedOn)}` : date(r.due)}</TableCell>
            <TableCell>{stateOf(r)}</TableCell>
            <TableCell>{r.grade ? GRADE_WORDS[r.grade] : '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </WideTable>
  );
}

function PlanButton({ onDone }: { onDone: (text: string, intent: 'success' | 'error') => void }) {
  const [busy, setBusy] = useState(false);
  const run = (dryRun: boolean) => {
    setBusy(true);
    api<{ status: string; run: string; added: number; audits: number; unfilled: unknown[] }>('audits/plan', { method: 'POST', body: { dryRun } }).then(
      (r) => {
        setBusy(false);
        const words: Record<string, string> = {
          planned: `The programme for ${r.run} was run: ${r.added} audit${r.added === 1 ? '' : 's'} assigned.`,
          'dry-run': `The programme for ${r.run} would assign ${r.audits} audit${r.audits === 1 ? '' : 's'} (nothing stored).`,
          'already-planned': `The programme for ${r.run} was run already: nothing changed.`,
          'under-way': `The programme for ${r.run} is being run just now: nothing changed.`,
        };
        onDone(words[r.status] ?? r.status, 'success');
      },
      (e: Error) => {
        setBusy(false);
        onDone(`The programme did not run: ${e.message}`, 'error');
      },
    );
  };
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS }} className="no-print">
      <Button disabled={busy} onClick={() => run(true)}>
        Preview this month&apos;s programme
      </Button>
      <Button disabled={busy} appearance="primary" onClick={() => run(false)}>
        Run this month&apos;s programme
      </Button>
    </div>
  );
}

function Share({ s, target }: { s: { good: number; total: number; percent: number | null; meetsTarget: boolean | null }; target: number }) {
  return (
    <>
      {percent(s.percent)} ({s.good} of {s.total}){s.meetsTarget === null ? '' : s.meetsTarget ? `, meets ${target}%` : `, below ${target}%`}
    </>
  );
}

function Figures({ route }: { route: Route }) {
  const styles = useStyles();
  const q = new URLSearchParams();
  for (const k of ['from', 'to', 'team', 'locality']) {
    const v = route.query.get(k);
    if (v) q.set(k, v);
  }
  const [load, reload] = useLoad<AuditFigures>(`audit-figures?${q}`, () => api<AuditFigures>(`audits/figures?${q}`));
  if (load.state === 'loading') return <Loading what="the audit figures" />;
  if (load.state === 'error') return <ErrorState error={load.error} retry={reload} />;
  const f = load.data;
  const drill = (which: string, extra: Record<string, string> = {}) => withQuery(route, { which, ...extra });
  return (
    <section aria-labelledby="audit-figures">
      <h2 id="audit-figures">Audit figures</h2>
      <Text as="p" block>
        Audits completed {date(f.filter.from)} to {date(f.filter.to)}
        {f.filter.team ? `, team ${f.filter.team}` : ''}
        {f.filter.locality ? `, locality ${f.filter.locality}` : ''}. Target: at least {f.target}% graded Good or better.
      </Text>
      <div className={styles.tiles}>
        <div className={styles.tile}>
          <Text block>Graded Good or better</Text>
          <Text block className={styles.big} data-testid="audit-good-percent">
            {percent(f.overall.percent)}
          </Text>
          <Link href={drill('completed')}>
            {f.overall.good} of {f.overall.total} audits
          </Link>
          {' · '}
          <Link href={drill('below-good')}>below Good</Link>
        </div>
        <div className={styles.tile}>
          <Text block>Moderation: grades agreed</Text>
          <Text block className={styles.big}>
            {percent(f.moderation.percent)}
          </Text>
          <Link href={drill('moderated')}>
            {f.moderation.agreed} of {f.moderation.moderated} moderated
          </Link>
        </div>
        <div className={styles.tile}>
          <Text block>Open audits now</Text>
          <Text block className={styles.big}>
            {f.open}
          </Text>
          <Link href={drill('open')}>List them</Link>
        </div>
      </div>
      <h3>By type</h3>
      <WideTable label="Audits graded Good or better, by type" minWidth="30rem">
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Type</TableHeaderCell>
            <TableHeaderCell scope="col">Good or better</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {f.byType
            .filter((t) => t.total > 0)
            .map((t) => (
              <TableRow key={t.type}>
                <TableCell>
                  <Link href={drill('completed', { type: t.type })}>{t.label}</Link>
                </TableCell>
                <TableCell>
                  <Share s={t} target={f.target} />
                </TableCell>
              </TableRow>
            ))}
        </TableBody>
      </WideTable>
      <h3>By locality</h3>
      <WideTable label="Audits graded Good or better, by locality" minWidth="30rem">
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Locality</TableHeaderCell>
            <TableHeaderCell scope="col">Good or better</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {f.byLocality.map((l) => (
            <TableRow key={l.locality}>
              <TableCell>
                <Link href={withQuery(route, { locality: l.locality, which: null })}>{l.locality}</Link>
              </TableCell>
              <TableCell>
                <Share s={l} target={f.target} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </WideTable>
      <h3>Criteria most often not met</h3>
      {f.criteriaNotMet.length === 0 ? (
        <Text as="p" block>
          Every criterion judged in the period was met.
        </Text>
      ) : (
        <WideTable label="Criteria most often not met" minWidth="40rem">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Criterion</TableHeaderCell>
              <TableHeaderCell scope="col">Not met</TableHeaderCell>
              <TableHeaderCell scope="col">Partly met</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {f.criteriaNotMet.slice(0, 10).map((c) => (
              <TableRow key={`${c.type}|${c.criterionId}`}>
                <TableCell>
                  <Link href={drill('criterion', { criterion: `${c.type}|${c.criterionId}` })}>{c.text}</Link>
                  <br />
                  <Text size={200}>{c.typeLabel}</Text>
                </TableCell>
                <TableCell>
                  {c.notMet} of {c.judged}
                </TableCell>
                <TableCell>{c.partly}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </WideTable>
      )}
      <h3>Month by month</h3>
      <WideTable label="Audits graded Good or better, month by month" minWidth="24rem">
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Month</TableHeaderCell>
            <TableHeaderCell scope="col">Good or better</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {f.trend.map((m) => (
            <TableRow key={m.month}>
              <TableCell>{m.month}</TableCell>
              <TableCell>
                {percent(m.percent)} ({m.good} of {m.total})
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </WideTable>
    </section>
  );
}

function Drill({ route }: { route: Route }) {
  const q = new URLSearchParams(route.query);
  const [load, reload] = useLoad<AuditDrill>(`audit-drill?${q}`, () => api<AuditDrill>(`audits/drill?${q}`));
  return (
    <>
      <Link href={withQuery(route, { which: null, type: null, criterion: null })}>← Back to the audit figures</Link>
      <h1>{load.state === 'ready' ? load.data.title : 'Audits'}</h1>
      {load.state === 'loading' ? <Loading what="the audits" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' && load.data.total === 0 ? <Empty title="No audit is behind this figure." /> : null}
      {load.state === 'ready' && load.data.total > 0 ? (
        <>
          <Text as="p" block role="status">
            {load.data.total} audit{load.data.total === 1 ? '' : 's'}.
          </Text>
          <WideTable label={load.data.title} minWidth="48rem">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Audit</TableHeaderCell>
                <TableHeaderCell scope="col">Case</TableHeaderCell>
                <TableHeaderCell scope="col">Auditor</TableHeaderCell>
                <TableHeaderCell scope="col">Completed</TableHeaderCell>
                <TableHeaderCell scope="col">Grade</TableHeaderCell>
                <TableHeaderCell scope="col">Not met</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {load.data.rows.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>
                    <Link href={href(['audit', r.id])}>{r.typeLabel}</Link>
                    <br />
                    <Text size={200}>{r.id}</Text>
                  </TableCell>
                  <TableCell>
                    {r.caseId} {r.initials}
                  </TableCell>
                  <TableCell>{r.auditor}</TableCell>
                  <TableCell>{date(r.completedOn)}</TableCell>
                  <TableCell>{r.gradeLabel ?? '—'}</TableCell>
                  <TableCell>{r.notMet.join(', ') || '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </WideTable>
        </>
      ) : null}
    </>
  );
}

export function AuditsPage({ me, route }: { me: Me; route: Route }) {
  const styles = useStyles();
  const [load, reload] = useLoad<AuditList>('audits', () => api<AuditList>('audits'));
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  if (route.query.get('which')) return <Drill route={route} />;
  const managerial = me.views.includes('dashboard');
  return (
    <>
      <div className={styles.head}>
        <h1>Audits</h1>
        {load.state === 'ready' && load.data.mayPlan ? (
          <PlanButton
            onDone={(text, intent) => {
              setNotice({ intent, text });
              reload();
            }}
          />
        ) : null}
      </div>
      <Notice notice={notice} />
      {load.state === 'loading' ? <Loading what="your audits" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' ? (
        <section aria-labelledby="my-audits">
          <h2 id="my-audits">My audits</h2>
          {load.data.mine.length === 0 ? (
            <Empty title="No audit is assigned to you.">When the monthly programme draws a case for you to audit or moderate, it appears here.</Empty>
          ) : (
            <>
              <Text as="p" block role="status">
                {load.data.mine.filter((r) => (r.role === 'auditor' ? r.state !== 'completed' : r.moderation?.state === 'to-do')).length} to do, as of {date(load.data.today)}.
              </Text>
              <AuditTable rows={load.data.mine} label="My audits and moderations" />
            </>
          )}
        </section>
      ) : null}
      {managerial ? <Figures route={route} /> : null}
      {load.state === 'ready' && load.data.all !== null ? (
        <section aria-labelledby="all-audits">
          <h2 id="all-audits">The programme: every audit, latest first</h2>
          {load.data.all.length === 0 ? <Empty title="No audit yet." /> : <AuditTable rows={load.data.all.slice(0, 100)} label="Every audit, latest first" />}
        </section>
      ) : null}
    </>
  );
}
