// The service manager's weekly page (PS 4.1; docs/rules.md section 5): the week's agenda in short (each
// team's exceptions and what is coming), then the meeting's actions: "Add action" for a team manager
// (what, by when), those agreed this week, those carried from earlier weeks (closed with a line or handed
// on) and those closed since last week.
import { Badge, Button, Card, Field, Input, Link, MessageBar, MessageBarBody, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { api, FormError } from '../api';
import { date } from '../format';
import { href } from '../route';
import { Empty, ErrorState, Loading, useLoad } from '../states';
import type { MeetingAction, WeeklyView } from '../types';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalS },
  form: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(11rem, 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  nav: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
});

const newId = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

function CarriedAction({ a, managers, onDone }: { a: MeetingAction; managers: WeeklyView['teamManagers']; onDone: (text: string) => void }) {
  const styles = useStyles();
  const [note, setNote] = useState('');
  const [ownerId, setOwnerId] = useState(a.ownerId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (path: string, body: unknown) => {
    setBusy(true);
    setError(null);
    try {
      onDone((await api<{ title: string }>(`actions/${encodeURIComponent(a.id)}/${path}`, { method: 'POST', body })).title);
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
        <div className={styles.form}>
          {a.canClose ? (
            <>
              <Field label="What was done (one line)">
                <Input value={note} disabled={busy} onChange={(_e, d) => setNote(d.value)} maxLength={2000} />
              </Field>
              <Button disabled={busy} onClick={() => void run('close', { note })}>
                Close the action
              </Button>
            </>
          ) : null}
          {a.canReassign ? (
            <>
              <Field label="Hand on to">
                <Select value={ownerId} disabled={busy} onChange={(_e, d) => setOwnerId(d.value)}>
                  {managers.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <Button disabled={busy || ownerId === a.ownerId} onClick={() => void run('reassign', { ownerId })}>
                Hand on
              </Button>
            </>
          ) : null}
        </div>
      </Card>
    </li>
  );
}

export function WeeklyPage({ meeting }: { meeting: string | null }) {
  const styles = useStyles();
  const path = `weekly${meeting ? `?meeting=${encodeURIComponent(meeting)}` : ''}`;
  const [load, reload, set] = useLoad<WeeklyView>(path, () => api<WeeklyView>(path));
  const [draft, setDraft] = useState({ text: '', ownerId: '', dueOn: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitId, setSubmitId] = useState(newId);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const add = async (view: WeeklyView) => {
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const next = await api<WeeklyView>(`weekly/${view.meetingOn}/actions`, { method: 'POST', body: { ...draft, submitId } });
      set(next);
      const owner = view.teamManagers.find((m) => m.id === draft.ownerId)?.name ?? 'the team manager';
      setMessage(`Action added for ${owner}, due ${date(draft.dueOn)}.`);
      setDraft({ text: '', ownerId: '', dueOn: '' });
      setSubmitId(newId());
    } catch (e) {
      if (e instanceof FormError) setErrors({ form: e.message, ...e.errors });
      else setErrors({ form: `${(e as Error).message} Nothing was saved; try again.` });
    } finally {
      setBusy(false);
    }
  };
  const invalid = (k: string) => (errors[k] ? 'error' : 'none');

  return (
    <>
      <h1>Weekly team manager meeting</h1>
      {load.state === 'loading' ? <Loading what="the weekly meeting" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' ? (
        <>
          <div className={styles.nav}>
            <Link href={href(['weekly'], { meeting: load.data.previousMeetingOn })}>Previous week</Link>
            <Text weight="semibold">Meeting of {date(load.data.meetingOn)}</Text>
            <Link href={href(['weekly'], { meeting: load.data.nextMeetingOn })}>Next week</Link>
          </div>
          <div aria-live="polite">
            {message ? (
              <MessageBar intent="success">
                <MessageBarBody>{message}</MessageBarBody>
              </MessageBar>
            ) : null}
          </div>
          <section aria-labelledby="h-add">
            <h2 id="h-add">Add an action for a team manager</h2>
            {!load.data.record.allowed ? (
              <Text as="p" block>
                {load.data.record.why}
              </Text>
            ) : (
              <>
                {errors.form ? (
                  <MessageBar intent="error">
                    <MessageBarBody>{errors.form}</MessageBarBody>
                  </MessageBar>
                ) : null}
                <div className={styles.form}>
                  <Field label="What is to be done" validationMessage={errors.text} validationState={invalid('text')}>
                    <Input value={draft.text} disabled={busy} onChange={(_e, d) => setDraft({ ...draft, text: d.value })} maxLength={1000} />
                  </Field>
                  <Field label="Team manager" validationMessage={errors.ownerId} validationState={invalid('ownerId')}>
                    <Select value={draft.ownerId} disabled={busy} onChange={(_e, d) => setDraft({ ...draft, ownerId: d.value })}>
                      <option value="">Choose…</option>
                      {load.data.teamManagers.map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.name}
                          {m.team ? ` (${m.team})` : ''}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field label="Due by" validationMessage={errors.dueOn} validationState={invalid('dueOn')}>
                    <Input type="date" value={draft.dueOn} min={load.data.meetingOn} disabled={busy} onChange={(_e, d) => setDraft({ ...draft, dueOn: d.value })} />
                  </Field>
                  <Button appearance="primary" disabled={busy} onClick={() => void add(load.data)}>
                    Add action
                  </Button>
                </div>
              </>
            )}
          </section>
          <section aria-labelledby="h-agreed">
            <h2 id="h-agreed">Agreed at this meeting</h2>
            {load.data.agreed.length === 0 ? (
              <Empty title="No actions agreed at this meeting yet." />
            ) : (
              <ul className={styles.list}>
                {load.data.agreed.map((a) => (
                  <li key={a.id}>
                    {a.text}: <strong>{a.owner}</strong>, by {date(a.dueOn)}{' '}
                    {a.closedOn ? (
                      <Badge appearance="tint" color="success">
                        Closed {date(a.closedOn)}
                      </Badge>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="h-carried">
            <h2 id="h-carried">Carried from earlier weeks</h2>
            {load.data.carried.length === 0 ? (
              <Empty title="No open actions from earlier weeks." />
            ) : (
              <ul className={styles.list}>
                {load.data.carried.map((a) => (
                  <CarriedAction
                    key={a.id}
                    a={a}
                    managers={load.data.teamManagers}
                    onDone={(text) => {
                      setMessage(text);
                      reload();
                    }}
                  />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="h-closed">
            <h2 id="h-closed">Closed since last week</h2>
            {load.data.agenda.closedActions.length === 0 ? (
              <Empty title="None closed since last week." />
            ) : (
              <ul className={styles.list}>
                {load.data.agenda.closedActions.map((a) => (
                  <li key={a.id}>
                    {a.text}: {load.data.names[a.ownerId] ?? a.ownerId}, closed {date(a.closedOn)}
                    {a.closedNote ? `: ${a.closedNote}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="h-exceptions">
            <h2 id="h-exceptions">Exceptions this week</h2>
            <ul className={styles.list}>
              {load.data.agenda.groups.map((g) => (
                <li key={`${g.groupBy}-${g.name}`}>
                  <strong>{g.groupBy === 'service' ? 'The service' : `${g.groupBy === 'team' ? 'Team' : 'Locality'} ${g.name}`}</strong>:{' '}
                  {g.exceptions.length === 0 ? 'nothing overdue' : g.exceptions.map((x) => `${x.label} ${x.count}`).join(', ')}; {g.coming.total} due in the next 4 weeks
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </>
  );
}
