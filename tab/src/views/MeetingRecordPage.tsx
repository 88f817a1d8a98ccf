// "Record the meeting" (docs/rules.md section 5): on the day of a CMOOE meeting and up to 5 working days
// after, the chair or Business Support records, per case on the agenda, the outcome and the actions agreed
// (what, who from the service's people, by when), and who attended; then publishes the minutes. Each case
// is saved on its own (a lost connection loses at most the row being typed), with the server's problems
// shown beside each field and what was typed kept. Earlier meetings' open actions are closed with a line
// on what was done, or handed on.
import { Badge, Button, Card, Checkbox, Field, Input, Link, MessageBar, MessageBarBody, Select, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { api, FormError } from '../api';
import { date } from '../format';
import { href } from '../route';
import { Empty, ErrorState, Loading, useLoad } from '../states';
import type { MeetingAction, MeetingRecordView } from '../types';

const useStyles = makeStyles({
  rows: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalL },
  fields: { display: 'grid', gap: tokens.spacingVerticalS },
  action: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(11rem, 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  people: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

type Draft = { text: string; ownerId: string; dueOn: string };
type Message = { intent: 'success' | 'error'; text: string } | null;

const newId = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

function ActionLine({ a }: { a: MeetingAction }) {
  return (
    <li>
      {a.text}: <strong>{a.owner}</strong>, by {date(a.dueOn)}{' '}
      {a.closedOn ? (
        <Badge appearance="tint" color="success">
          Closed {date(a.closedOn)}
        </Badge>
      ) : a.overdue ? (
        <Badge appearance="tint" color="danger">
          Overdue
        </Badge>
      ) : null}
      {a.closedNote ? <Text size={200}> ({a.closedNote})</Text> : null}
    </li>
  );
}

/** One case of the record: its outcome and the actions agreed, saved on its own. */
function RecordRow({ view, item, onSaved }: { view: MeetingRecordView; item: MeetingRecordView['items'][number]; onSaved: (next: MeetingRecordView, what: string) => void }) {
  const styles = useStyles();
  const [outcome, setOutcome] = useState(item.outcome ?? '');
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  // One id per version of the row: a retried save after a lost answer records it once.
  const [submitId, setSubmitId] = useState(newId);
  const allowed = view.record.allowed;
  const setDraft = (i: number, change: Partial<Draft>) => setDrafts((d) => d.map((x, j) => (j === i ? { ...x, ...change } : x)));

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      const r = await api<{ view: MeetingRecordView }>(`meetings/${encodeURIComponent(view.series.id)}/${view.meetingOn}/items`, {
        method: 'POST',
        body: { caseId: item.caseId, outcome, actions: drafts, submitId },
      });
      setDrafts([]);
      setSubmitId(newId());
      onSaved(r.view, `${item.caseId} saved${drafts.length ? ` with ${drafts.length} action${drafts.length === 1 ? '' : 's'}` : ''}.`);
    } catch (e) {
      if (e instanceof FormError) setErrors({ form: e.message, ...e.errors });
      else setErrors({ form: `${(e as Error).message} Nothing was saved for ${item.caseId}; try again.` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <li>
      <Card>
        <Text weight="semibold">
          {item.caseId} ({item.initials}){item.childName ? ` · ${item.childName}` : ''} {item.onAgenda ? null : <Badge appearance="outline">Not on the agenda</Badge>}
        </Text>
        {errors.form ? (
          <MessageBar intent="error">
            <MessageBarBody>{errors.form}</MessageBarBody>
          </MessageBar>
        ) : null}
        <div className={styles.fields}>
          <Field label={`Outcome for ${item.caseId}`} validationMessage={errors.outcome} validationState={errors.outcome ? 'error' : 'none'}>
            <Textarea value={outcome} disabled={!allowed || saving} onChange={(_e, d) => setOutcome(d.value)} resize="vertical" maxLength={4000} />
          </Field>
          {item.actions.length > 0 ? (
            <ul aria-label={`Actions agreed for ${item.caseId}`}>
              {item.actions.map((a) => (
                <ActionLine key={a.id} a={a} />
              ))}
            </ul>
          ) : null}
          {drafts.map((d, i) => (
            <div key={i} className={styles.action} role="group" aria-label={`New action ${i + 1} for ${item.caseId}`}>
              <Field label="What is to be done" validationMessage={errors[`actions[${i}].text`]} validationState={errors[`actions[${i}].text`] ? 'error' : 'none'}>
                <Input value={d.text} disabled={saving} onChange={(_e, v) => setDraft(i, { text: v.value })} maxLength={1000} />
              </Field>
              <Field label="Owner" validationMessage={errors[`actions[${i}].ownerId`]} validationState={errors[`actions[${i}].ownerId`] ? 'error' : 'none'}>
                <Select value={d.ownerId} disabled={saving} onChange={(_e, v) => setDraft(i, { ownerId: v.value })}>
                  <option value="">Choose…</option>
                  {view.people.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                      {p.team ? ` (${p.team})` : ''}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Due by" validationMessage={errors[`actions[${i}].dueOn`]} validationState={errors[`actions[${i}].dueOn`] ? 'error' : 'none'}>
                <Input type="date" value={d.dueOn} min={view.meetingOn} disabled={saving} onChange={(_e, v) => setDraft(i, { dueOn: v.value })} />
              </Field>
              <Button appearance="subtle" disabled={saving} onClick={() => setDrafts((x) => x.filter((_y, j) => j !== i))}>
                Remove
              </Button>
            </div>
          ))}
          {allowed ? (
            <div className={styles.buttons}>
              <Button disabled={saving} onClick={() => setDrafts((d) => [...d, { text: '', ownerId: '', dueOn: '' }])}>
                Add action
              </Button>
              <Button appearance="primary" disabled={saving} onClick={() => void save()}>
                {saving ? 'Saving…' : `Save ${item.caseId}`}
              </Button>
            </div>
          ) : null}
        </div>
      </Card>
    </li>
  );
}

/** An earlier meeting's open action: closed with a line on what was done, or handed on. */
function OpenAction({ view, a, onDone }: { view: MeetingRecordView; a: MeetingAction; onDone: (text: string) => void }) {
  const styles = useStyles();
  const [note, setNote] = useState('');
  const [ownerId, setOwnerId] = useState(a.ownerId);
  const [dueOn, setDueOn] = useState(a.dueOn);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (path: string, body: unknown) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ title: string }>(`actions/${encodeURIComponent(a.id)}/${path}`, { method: 'POST', body });
      onDone(r.title);
    } catch (e) {
      setError(e instanceof FormError ? Object.values(e.errors).join(' ') || e.message : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li>
      <Card>
        <Text>
          {a.caseId ? `${a.caseId} (${a.initials ?? '?'}): ` : ''}
          {a.text}: <strong>{a.owner}</strong>, by {date(a.dueOn)} (agreed {date(a.meetingOn)}){' '}
          {a.overdue ? (
            <Badge appearance="tint" color="danger">
              Overdue
            </Badge>
          ) : null}
        </Text>
        {error ? (
          <MessageBar intent="error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        ) : null}
        {a.canClose ? (
          <div className={styles.action}>
            <Field label="What was done (one line)">
              <Input value={note} disabled={busy} onChange={(_e, d) => setNote(d.value)} maxLength={2000} />
            </Field>
            <Button disabled={busy} onClick={() => void run('close', { note })}>
              Close the action
            </Button>
          </div>
        ) : null}
        {a.canReassign ? (
          <div className={styles.action}>
            <Field label="Owner">
              <Select value={ownerId} disabled={busy} onChange={(_e, d) => setOwnerId(d.value)}>
                {view.people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Due by">
              <Input type="date" value={dueOn} disabled={busy} onChange={(_e, d) => setDueOn(d.value)} />
            </Field>
            <Button disabled={busy || (ownerId === a.ownerId && dueOn === a.dueOn)} onClick={() => void run('reassign', { ownerId, dueOn })}>
              Hand on
            </Button>
          </div>
        ) : null}
      </Card>
    </li>
  );
}

export function MeetingRecordPage({ seriesId, meetingOn }: { seriesId: string; meetingOn: string }) {
  const styles = useStyles();
  const path = `meetings/${encodeURIComponent(seriesId)}/${encodeURIComponent(meetingOn)}`;
  const [load, reload, set] = useLoad<MeetingRecordView>(path, () => api<MeetingRecordView>(path));
  const [message, setMessage] = useState<Message>(null);
  const [attendees, setAttendees] = useState<Set<string> | null>(null);
  const [busy, setBusy] = useState(false);

  const saveAttendance = async (chosen: Set<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      set(await api<MeetingRecordView>(`${path}/attendees`, { method: 'PUT', body: { attendees: [...chosen] } }));
      setAttendees(null);
      setMessage({ intent: 'success', text: `Attendance saved: ${chosen.size} ${chosen.size === 1 ? 'person' : 'people'}.` });
    } catch (e) {
      setMessage({ intent: 'error', text: `${e instanceof FormError ? Object.values(e.errors).join(' ') || e.message : (e as Error).message} Attendance was not saved.` });
    } finally {
      setBusy(false);
    }
  };
  const publish = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await api<{ outcome: string; view: MeetingRecordView }>(`${path}/minutes`, { method: 'POST' });
      set(r.view);
      setMessage({
        intent: 'success',
        text:
          r.outcome === 'already'
            ? 'The minutes of this version were already published.'
            : r.outcome === 'revised'
              ? 'The minutes were revised in the channel and the library.'
              : 'The minutes were posted in the channel and saved in the library.',
      });
    } catch (e) {
      setMessage({ intent: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        <Link href={href(['chair'], { series: seriesId })}>Back to the chair's view</Link>
      </p>
      {load.state === 'loading' ? <Loading what="the meeting's record" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' ? (
        <>
          <h1>
            Record the meeting: {load.data.series.title}, {date(load.data.meetingOn)}
          </h1>
          <Text as="p" block>
            {load.data.record.allowed
              ? `Open until ${date(load.data.record.window.closes)} (5 working days after the meeting). Each case is saved on its own.`
              : (load.data.record.why ?? 'You cannot change this record.')}
            {load.data.recordedBy
              ? ` Last saved by ${load.data.recordedBy}${load.data.recordedAt ? ` at ${load.data.recordedAt.slice(11, 16)} on ${date(load.data.recordedAt.slice(0, 10))}` : ''}.`
              : ''}
          </Text>
          <div aria-live="polite">
            {message ? (
              <MessageBar intent={message.intent}>
                <MessageBarBody>{message.text}</MessageBarBody>
              </MessageBar>
            ) : null}
          </div>
          <section aria-labelledby="h-cases">
            <h2 id="h-cases">Cases discussed</h2>
            {load.data.items.length === 0 ? (
              <Empty title="No case was on this meeting's agenda.">Actions for no case are recorded from the bot or the CLI.</Empty>
            ) : (
              <ol className={styles.rows}>
                {load.data.items.map((item) => (
                  <RecordRow
                    key={item.caseId}
                    view={load.data}
                    item={item}
                    onSaved={(next, what) => {
                      set(next);
                      setMessage({ intent: 'success', text: what });
                    }}
                  />
                ))}
              </ol>
            )}
          </section>
          <section aria-labelledby="h-attendance">
            <h2 id="h-attendance">Who attended</h2>
            <div className={styles.people}>
              {load.data.people.map((p) => {
                const chosen = attendees ?? new Set(load.data.attendees.map((a) => a.id));
                return (
                  <Checkbox
                    key={p.id}
                    label={p.name}
                    checked={chosen.has(p.id)}
                    disabled={!load.data.record.allowed || busy}
                    onChange={(_e, d) => {
                      const next = new Set(chosen);
                      if (d.checked === true) next.add(p.id);
                      else next.delete(p.id);
                      setAttendees(next);
                    }}
                  />
                );
              })}
            </div>
            {load.data.record.allowed ? (
              <Button disabled={busy || attendees === null} onClick={() => attendees && void saveAttendance(attendees)}>
                Save attendance
              </Button>
            ) : null}
          </section>
          <section aria-labelledby="h-minutes">
            <h2 id="h-minutes">Minutes</h2>
            <Text as="p" block>
              {load.data.minutes === null
                ? 'Nothing is recorded yet.'
                : load.data.minutes.upToDate
                  ? `Published${load.data.minutes.publishedAt ? ` at ${load.data.minutes.publishedAt.slice(11, 16)} on ${date(load.data.minutes.publishedAt.slice(0, 10))}` : ''}; up to date.`
                  : load.data.minutes.published
                    ? 'Published, but the record has changed since: publish again to revise them.'
                    : 'Not yet published. They are published by themselves 15 minutes after the last change, or now:'}
            </Text>
            {load.data.minutes !== null && !load.data.minutes.upToDate ? (
              <Button appearance="primary" disabled={busy} onClick={() => void publish()}>
                Publish the minutes
              </Button>
            ) : null}
          </section>
          <section aria-labelledby="h-open">
            <h2 id="h-open">Open actions from earlier meetings</h2>
            {load.data.openActions.length === 0 ? (
              <Empty title="No open actions from earlier meetings." />
            ) : (
              <ul className={styles.rows}>
                {load.data.openActions.map((a) => (
                  <OpenAction
                    key={a.id}
                    view={load.data}
                    a={a}
                    onDone={(text) => {
                      setMessage({ intent: 'success', text });
                      reload();
                    }}
                  />
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
