// The audit form (docs/rules.md section 8): the case's facts the criteria ask about beside the type's
// criteria, each judged met / partly met / not met with a comment; the grade with the framework's
// descriptors; the findings; the actions a finding raises (each owned by the case's lead or their
// manager, with a due date). Save keeps a draft only the auditor sees; Complete validates in full (every
// criterion judged, a grade, an action for Requires improvement or Inadequate), each problem shown
// beside its field. A moderator sees the criteria and the case, gives their own grade blind, and sees the
// first grade after. Everyone else reads a completed audit.
import { Button, Field, Input, Link, Radio, RadioGroup, Select, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { api, FormError } from '../api';
import { date } from '../format';
import { Notice } from '../parts';
import { href } from '../route';
import { ErrorState, Loading, StatusBadge, useLoad } from '../states';
import type { AuditActionAnswer, AuditCriterionAnswer, AuditFormView } from '../types';
import { GRADE_WORDS } from './AuditsPage';

const useStyles = makeStyles({
  layout: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL, alignItems: 'flex-start' },
  form: { flex: '2 1 30rem', minWidth: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  facts: {
    flex: '1 1 20rem',
    minWidth: 0,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    '& dt': { fontWeight: tokens.fontWeightSemibold },
    '& dd': { marginLeft: 0, marginBottom: tokens.spacingVerticalXS, overflowWrap: 'anywhere' },
  },
  criterion: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalM, margin: 0 },
  action: {
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  list: { paddingLeft: tokens.spacingHorizontalL, margin: 0 },
});

const JUDGEMENTS: Array<[NonNullable<AuditCriterionAnswer['judgement']>, string]> = [
  ['met', 'Met'],
  ['partly', 'Partly met'],
  ['not-met', 'Not met'],
];

interface Answers {
  criteria: AuditCriterionAnswer[];
  grade: string | null;
  summary: string | null;
  actions: AuditActionAnswer[];
}

function startingAnswers(form: AuditFormView): Answers {
  const given = form.audit.answers;
  return {
    criteria: form.criteria.map((c) => given?.criteria.find((x) => x.id === c.id) ?? { id: c.id, judgement: null, comment: null }),
    grade: given?.grade ?? null,
    summary: given?.summary ?? null,
    actions: (given?.actions ?? []).map((a) => ({ criterionId: a.criterionId, text: a.text, ownerId: a.ownerId, dueOn: a.dueOn })),
  };
}

function Facts({ form }: { form: AuditFormView }) {
  const styles = useStyles();
  const f = form.facts;
  if (f === null) return null;
  return (
    <section className={styles.facts} aria-labelledby="case-facts">
      <h2 id="case-facts">
        The case: {f.id} {f.childName}
      </h2>
      <dl>
        <dt>Team and locality</dt>
        <dd>{[f.team, f.locality].filter(Boolean).join(', ') || '—'}</dd>
        <dt>Year group</dt>
        <dd>
          Year {f.ncYear}
          {f.childInCare ? ', a child in care' : ''}
        </dd>
        <dt>Setting</dt>
        <dd>{f.setting ?? '—'}</dd>
        <dt>Primary need</dt>
        <dd>{f.primaryNeed ?? '—'}</dd>
        <dt>Lead professional</dt>
        <dd>{f.leadProfessional ?? '—'}</dd>
      </dl>
      <h3>Timescales (the rule book)</h3>
      {f.timeliness.length === 0 ? (
        <Text as="p" block>
          No timescale recorded.
        </Text>
      ) : (
        <ul className={styles.list}>
          {f.timeliness.map((t, i) => (
            <li key={i}>
              {t.label}: due {date(t.due)}
              {t.completedOn ? `, done ${date(t.completedOn)}` : ''} <StatusBadge status={t.status} />
              <br />
              <Text size={200}>{t.citation}</Text>
            </li>
          ))}
        </ul>
      )}
      <h3>Latest CMOOE summary</h3>
      {f.latestSummary === null ? (
        <Text as="p" block>
          None.
        </Text>
      ) : (
        <Text as="p" block>
          {date(f.latestSummary.submittedOn)}: {f.latestSummary.currentSteps}
        </Text>
      )}
      <h3>Latest case notes</h3>
      {f.notes.length === 0 ? (
        <Text as="p" block>
          None.
        </Text>
      ) : (
        <ul className={styles.list}>
          {f.notes.map((n, i) => (
            <li key={i}>
              {date(n.eventAt)}, {n.author}: {n.text}
            </li>
          ))}
        </ul>
      )}
      <Link href={href(['case', f.id], { back: location.hash })}>Open the case page</Link>
    </section>
  );
}

function AuditorForm({ form, onSaved }: { form: AuditFormView; onSaved: (text: string) => void }) {
  const styles = useStyles();
  const [answers, setAnswers] = useState<Answers>(() => startingAnswers(form));
  const [version, setVersion] = useState(form.version);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const setCriterion = (id: string, change: Partial<AuditCriterionAnswer>) => setAnswers((a) => ({ ...a, criteria: a.criteria.map((c) => (c.id === id ? { ...c, ...change } : c)) }));
  const setAction = (i: number, change: Partial<AuditActionAnswer>) => setAnswers((a) => ({ ...a, actions: a.actions.map((x, j) => (j === i ? { ...x, ...change } : x)) }));
  const problem = (key: string) => (errors[key] ? { validationState: 'error' as const, validationMessage: errors[key] } : {});

  const send = (complete: boolean) => {
    setBusy(true);
    const body = { version, ...answers, criteria: answers.criteria.map((c) => ({ ...c, comment: c.comment?.trim() ? c.comment : null })), summary: answers.summary?.trim() ? answers.summary : null };
    const done = complete
      ? api<{ version: string; grade: string; actions: string[] }>(`audits/${encodeURIComponent(form.audit.id)}/complete`, { method: 'POST', body })
      : api<{ version: string }>(`audits/${encodeURIComponent(form.audit.id)}/draft`, { method: 'PUT', body });
    done.then(
      (r) => {
        setBusy(false);
        setErrors({});
        setVersion(r.version);
        if (complete) onSaved(`Audit ${form.audit.id} completed and graded ${GRADE_WORDS[answers.grade ?? ''] ?? ''}.`);
        else setNotice({ intent: 'success', text: 'Draft saved. Only you can see it until you complete the audit.' });
      },
      (e: Error) => {
        setBusy(false);
        if (e instanceof FormError) {
          setErrors(e.errors);
          setNotice({
            intent: 'error',
            text: `Not saved: ${Object.keys(e.errors).length} answer${Object.keys(e.errors).length === 1 ? '' : 's'} need${Object.keys(e.errors).length === 1 ? 's' : ''} changing (shown beside each).`,
          });
        } else setNotice({ intent: 'error', text: `Not saved: ${e.message}` });
      },
    );
  };

  return (
    <form
      className={styles.form}
      aria-label={`Audit ${form.audit.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        send(true);
      }}
    >
      <h2>The criteria</h2>
      {form.criteria.map((c, i) => {
        const a = answers.criteria[i];
        return (
          <fieldset key={c.id} className={styles.criterion}>
            <legend>
              {i + 1}. {c.text}
            </legend>
            <Text size={200} block>
              {c.source}
            </Text>
            <Field label="Judgement" {...problem(`criteria.${c.id}`)}>
              <RadioGroup layout="horizontal" value={a?.judgement ?? ''} onChange={(_e, d) => setCriterion(c.id, { judgement: d.value as AuditCriterionAnswer['judgement'] })}>
                {JUDGEMENTS.map(([value, label]) => (
                  <Radio key={value} value={value} label={label} />
                ))}
              </RadioGroup>
            </Field>
            <Field label="Comment" hint={a?.judgement && a.judgement !== 'met' ? 'Say why: required when partly or not met.' : undefined}>
              <Textarea value={a?.comment ?? ''} onChange={(_e, d) => setCriterion(c.id, { comment: d.value })} resize="vertical" rows={2} />
            </Field>
          </fieldset>
        );
      })}
      <h2>The grade</h2>
      <Field label="Overall grade" required {...problem('grade')}>
        <RadioGroup value={answers.grade ?? ''} onChange={(_e, d) => setAnswers((x) => ({ ...x, grade: d.value }))}>
          {form.grades.map((g) => (
            <Radio key={g.grade} value={g.grade} label={`${g.label}: ${g.descriptor}`} />
          ))}
        </RadioGroup>
      </Field>
      <Field label="Findings: what works well, what needs to be better" {...problem('summary')}>
        <Textarea value={answers.summary ?? ''} onChange={(_e, d) => setAnswers((x) => ({ ...x, summary: d.value }))} resize="vertical" rows={4} />
      </Field>
      <h2>Actions</h2>
      <Text as="p" block>
        An audit graded Requires improvement or Inadequate needs at least one action. Each becomes a task of its owner when the audit is completed.
      </Text>
      {errors.actions ? (
        <Text as="p" block role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {errors.actions}
        </Text>
      ) : null}
      {answers.actions.map((x, i) => (
        <div key={i} className={styles.action} role="group" aria-label={`Action ${i + 1}`}>
          <Field label={`Action ${i + 1}: what must change`} required {...problem(`actions[${i}].text`)}>
            <Textarea value={x.text} onChange={(_e, d) => setAction(i, { text: d.value })} resize="vertical" rows={2} />
          </Field>
          <Field label="Owner" required {...problem(`actions[${i}].ownerId`)}>
            <Select value={x.ownerId} onChange={(_e, d) => setAction(i, { ownerId: d.value })}>
              <option value="">Choose…</option>
              {form.owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Due by" required {...problem(`actions[${i}].dueOn`)}>
            <Input type="date" value={x.dueOn} onChange={(_e, d) => setAction(i, { dueOn: d.value })} />
          </Field>
          <Field label="The criterion it answers" {...problem(`actions[${i}].criterionId`)}>
            <Select value={x.criterionId ?? ''} onChange={(_e, d) => setAction(i, { criterionId: d.value || null })}>
              <option value="">The audit as a whole</option>
              {form.criteria.map((c, n) => (
                <option key={c.id} value={c.id}>
                  {n + 1}. {c.text.length > 80 ? `${c.text.slice(0, 77)}…` : c.text}
                </option>
              ))}
            </Select>
          </Field>
          <div>
            <Button size="small" onClick={() => setAnswers((a) => ({ ...a, actions: a.actions.filter((_x, j) => j !== i) }))}>
              Remove action {i + 1}
            </Button>
          </div>
        </div>
      ))}
      <div>
        <Button onClick={() => setAnswers((a) => ({ ...a, actions: [...a.actions, { criterionId: null, text: '', ownerId: form.owners[0]?.id ?? '', dueOn: '' }] }))}>Add an action</Button>
      </div>
      <Notice notice={notice} />
      {errors.form ? (
        <Text as="p" block role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {errors.form}
        </Text>
      ) : null}
      <div className={styles.buttons}>
        <Button disabled={busy} onClick={() => send(false)}>
          Save draft
        </Button>
        <Button disabled={busy} appearance="primary" type="submit">
          Complete the audit
        </Button>
      </div>
    </form>
  );
}

function ModeratorForm({ form, onSaved }: { form: AuditFormView; onSaved: (text: string) => void }) {
  const styles = useStyles();
  const [grade, setGrade] = useState<string | null>(form.audit.moderation?.grade ?? null);
  const [comment, setComment] = useState(form.audit.moderation?.comment ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  return (
    <form
      className={styles.form}
      aria-label={`Moderation of ${form.audit.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        api<{ agreed: boolean; firstGrade: string }>(`audits/${encodeURIComponent(form.audit.id)}/moderation`, {
          method: 'POST',
          body: { version: form.version, grade, comment: comment.trim() ? comment : null },
        }).then(
          (r) => onSaved(`Moderation recorded: the first grade was ${GRADE_WORDS[r.firstGrade] ?? r.firstGrade}; ${r.agreed ? 'you agree' : 'you differ'}.`),
          (err: Error) => {
            setBusy(false);
            setErrors(err instanceof FormError ? err.errors : { form: err.message });
          },
        );
      }}
    >
      <h2>Your grade</h2>
      <Text as="p" block>
        Grade the case against the criteria below. The first grade is shown once yours is recorded.
      </Text>
      <ul className={styles.list}>
        {form.criteria.map((c) => (
          <li key={c.id}>{c.text}</li>
        ))}
      </ul>
      <Field label="Your grade" required {...(errors.grade ? { validationState: 'error' as const, validationMessage: errors.grade } : {})}>
        <RadioGroup value={grade ?? ''} onChange={(_e, d) => setGrade(d.value)}>
          {form.grades.map((g) => (
            <Radio key={g.grade} value={g.grade} label={`${g.label}: ${g.descriptor}`} />
          ))}
        </RadioGroup>
      </Field>
      <Field label="Comment">
        <Textarea value={comment} onChange={(_e, d) => setComment(d.value)} resize="vertical" rows={3} />
      </Field>
      {errors.form ? (
        <Text as="p" block role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {errors.form}
        </Text>
      ) : null}
      <div>
        <Button disabled={busy} appearance="primary" type="submit">
          Record my grade
        </Button>
      </div>
    </form>
  );
}

function ReadOnly({ form }: { form: AuditFormView }) {
  const styles = useStyles();
  const a = form.audit.answers;
  const m = form.audit.moderation;
  return (
    <section className={styles.form} aria-labelledby="findings">
      <h2 id="findings">Findings</h2>
      {a === null ? (
        <Text as="p" block>
          This audit is in progress: its answers are its auditor&apos;s until it is completed.
        </Text>
      ) : (
        <>
          <Text as="p" block weight="semibold">
            Grade: {a.grade ? GRADE_WORDS[a.grade] : '—'}
          </Text>
          {a.summary ? (
            <Text as="p" block>
              {a.summary}
            </Text>
          ) : null}
          <ul className={styles.list}>
            {form.criteria.map((c) => {
              const x = a.criteria.find((y) => y.id === c.id);
              return (
                <li key={c.id}>
                  {c.text}: <strong>{JUDGEMENTS.find(([v]) => v === x?.judgement)?.[1] ?? 'not judged'}</strong>
                  {x?.comment ? ` (${x.comment})` : ''}
                </li>
              );
            })}
          </ul>
          {a.actions.length > 0 ? (
            <>
              <h3>Actions</h3>
              <ul className={styles.list}>
                {a.actions.map((x) => (
                  <li key={x.id}>
                    {x.text} ({form.owners.find((o) => o.id === x.ownerId)?.name ?? x.ownerId}, by {date(x.dueOn)})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
      {m !== null ? (
        <Text as="p" block>
          Moderation by {m.moderator}: {m.on ? `${GRADE_WORDS[m.grade ?? ''] ?? '—'} on ${date(m.on)}${m.comment ? ` (${m.comment})` : ''}` : 'not yet given'}.
        </Text>
      ) : null}
    </section>
  );
}

export function AuditPage({ auditId }: { auditId: string }) {
  const styles = useStyles();
  const [load, reload] = useLoad<AuditFormView>(`audit/${auditId}`, () => api<AuditFormView>(`audits/${encodeURIComponent(auditId)}`));
  const [saved, setSaved] = useState<string | null>(null);
  const done = (text: string) => {
    setSaved(text);
    reload();
  };
  return (
    <>
      <Link href={href(['audits'])}>← Back to audits</Link>
      <h1>{load.state === 'ready' ? `${load.data.audit.typeLabel} ${load.data.audit.id}` : `Audit ${auditId}`}</h1>
      <Notice notice={saved ? { intent: 'success', text: saved } : null} />
      {load.state === 'loading' ? <Loading what="the audit" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' ? (
        <>
          <Text as="p" block>
            Case {load.data.audit.caseId}, audited by {load.data.audit.auditor}; assigned {date(load.data.audit.assignedOn)},{' '}
            {load.data.audit.completedOn ? `completed ${date(load.data.audit.completedOn)}` : `due ${date(load.data.audit.due)}`}.
            {load.data.audit.sampledFrom ? ` Drawn because: ${load.data.audit.sampledFrom}.` : ''}
          </Text>
          <div className={styles.layout}>
            {load.data.editable && load.data.role === 'auditor' ? <AuditorForm key={load.data.version} form={load.data} onSaved={done} /> : null}
            {load.data.editable && load.data.role === 'moderator' ? <ModeratorForm form={load.data} onSaved={done} /> : null}
            {!load.data.editable ? <ReadOnly form={load.data} /> : null}
            <Facts form={load.data} />
          </div>
        </>
      ) : null}
    </>
  );
}
