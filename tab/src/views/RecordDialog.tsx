// Recording where you are (issue 15): the bot's forms as Fluent dialogs (case note, CMOOE summary,
// supervision with the date its notes were shared, nomination), Done with the date it was done
// (default today) and Snooze. The server validates with the bot's code; its problems come back by
// field and are shown beside each one, with what was typed kept. Loaded only when first opened.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { api, ApiError, FormError } from '../api';
import { date } from '../format';
import type { FormContext, Recorded } from '../types';

export type RecordRequest =
  /** A note's case may be left to choose (caseId ''): the person types the reference. */
  | { readonly kind: 'note' | 'summary' | 'nominate'; readonly caseId: string; readonly label?: string; readonly cases?: readonly string[] }
  | { readonly kind: 'supervision'; readonly personId?: string | null; readonly label?: string }
  | { readonly kind: 'done'; readonly key: string; readonly label: string }
  | { readonly kind: 'snooze'; readonly key: string; readonly label: string };

const useStyles = makeStyles({
  fields: { display: 'grid', gap: tokens.spacingVerticalM },
  pair: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(10rem, 1fr))', gap: tokens.spacingHorizontalM },
});

const TITLES: Record<RecordRequest['kind'], string> = {
  note: 'Record casework',
  summary: 'Write the fortnightly CMOOE summary',
  supervision: 'Record a supervision',
  nominate: 'Nominate for the CMOOE meeting',
  done: 'Record it done',
  snooze: 'Snooze the reminders',
};

function nowTime(): string {
  const d = new Date();
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The values a form starts with. */
function initialValues(request: RecordRequest, today: string): Record<string, string> {
  if (request.kind === 'note') return { eventDate: today, eventTime: nowTime(), text: '', ...(request.caseId === '' ? { caseId: '' } : {}) };
  if (request.kind === 'supervision') return { superviseeId: chosenSupervisee(request), heldOn: today, notesSharedOn: '' };
  if (request.kind === 'done') return { doneOn: today };
  if (request.kind === 'snooze') return { days: '3' };
  return {};
}

/** The supervisee a supervision form was opened for ('' when the person chooses). */
function chosenSupervisee(request: RecordRequest): string {
  return request.kind === 'supervision' ? (request.personId ?? '') : '';
}

export default function RecordDialog({ request, today, onClose, onRecorded }: { request: RecordRequest; today: string; onClose: () => void; onRecorded: (message: string) => void }) {
  const styles = useStyles();
  // Done, Snooze and a note whose case is typed in have nothing to look up first (a case typed in is
  // checked when the note is saved); the other forms ask the server for their context. The dialog is
  // mounted for one request, so these start values are read once.
  const needsContext = !(request.kind === 'done' || request.kind === 'snooze' || (request.kind === 'note' && request.caseId === ''));
  const [context, setContext] = useState<FormContext | null>(() => (needsContext ? null : { kind: 'note', today }));
  const [problem, setProblem] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(request, today));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  // The form's context (which meeting a summary counts for, whom the person supervises, …): the
  // server refuses here, before anything is typed, if the person may not use the form.
  useEffect(() => {
    if (!needsContext) return;
    let live = true;
    const q = 'caseId' in request ? `?caseId=${encodeURIComponent(request.caseId)}` : '';
    api<FormContext>(`forms/${request.kind}${q}`).then(
      (c) => {
        if (!live) return;
        setContext(c);
        if (c.kind === 'nominate') setValues((v) => ({ ...v, seriesId: c.seriesId ?? 'cmooe', concern: '' }));
        if (c.kind === 'supervision' && !chosenSupervisee(request) && c.supervisees?.length === 1) setValues((v) => ({ ...v, superviseeId: c.supervisees![0]!.id }));
      },
      (e: Error) => live && setProblem(e.message),
    );
    return () => {
      live = false;
    };
  }, [request, needsContext]);

  const set = (field: string) => (_e: unknown, d: { value: string }) => setValues((v) => ({ ...v, [field]: d.value }));
  const fieldProps = (field: string) => ({ validationMessage: errors[field], validationState: errors[field] ? ('error' as const) : ('none' as const) });

  const submit = async () => {
    setBusy(true);
    setErrors({});
    setProblem(null);
    try {
      let answer: Recorded;
      if (request.kind === 'done') answer = await api<Recorded>('done', { method: 'POST', body: { key: request.key, doneOn: values.doneOn ?? '' } });
      else if (request.kind === 'snooze') answer = await api<Recorded>('snooze', { method: 'POST', body: { key: request.key, days: Number(values.days ?? '3') } });
      else answer = await api<Recorded>(`record/${request.kind}`, { method: 'POST', body: { ...values, ...('caseId' in request && request.caseId !== '' ? { caseId: request.caseId } : {}) } });
      onRecorded([answer.title, ...answer.lines].join(' '));
    } catch (e) {
      if (e instanceof FormError && Object.keys(e.errors).length > 0) {
        // Each problem beside its field; one that belongs to no field at the top.
        setErrors(e.errors);
        if (e.errors.form) setProblem(e.errors.form);
      } else if (request.kind === 'done' && e instanceof ApiError && e.status === 400 && !(e instanceof FormError)) {
        setErrors({ doneOn: e.message });
      } else setProblem((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const caseRef = 'caseId' in request && request.caseId !== '' ? `${request.caseId}${context?.initials ? ` (${context.initials})` : ''}` : '';
  return (
    <Dialog open modalType="modal" onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        {/* The server checks every answer (the bot's own checks) and its words are shown by each field. */}
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <DialogBody>
            <DialogTitle>
              {TITLES[request.kind]}
              {caseRef ? ` for ${caseRef}` : ''}
            </DialogTitle>
            <DialogContent className={styles.fields}>
              {request.label ? <p style={{ margin: 0 }}>{request.label}</p> : null}
              {problem ? (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>{problem}</MessageBarBody>
                </MessageBar>
              ) : null}
              {context === null && problem === null ? <Spinner size="small" label="Opening the form…" /> : null}
              {context !== null ? <Fields request={request} context={context} values={values} set={set} fieldProps={fieldProps} today={today} styles={styles} /> : null}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={busy || context === null}>
                {busy ? 'Saving…' : request.kind === 'snooze' ? 'Snooze' : request.kind === 'nominate' ? 'Nominate' : 'Save'}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function Fields({
  request,
  context,
  values,
  set,
  fieldProps,
  today,
  styles,
}: {
  request: RecordRequest;
  context: FormContext;
  values: Record<string, string>;
  set: (field: string) => (e: unknown, d: { value: string }) => void;
  fieldProps: (field: string) => { validationMessage?: string; validationState: 'error' | 'none' };
  today: string;
  styles: ReturnType<typeof useStyles>;
}) {
  switch (request.kind) {
    case 'done':
      return (
        <Field label="The date it was done" required hint="Today unless it was done earlier." {...fieldProps('doneOn')}>
          <Input type="date" value={values.doneOn ?? ''} max={today} onChange={set('doneOn')} />
        </Field>
      );
    case 'snooze':
      return (
        <Field label="Leave it out of your reminders for" hint="It stays on My work; the reminders start again after." {...fieldProps('days')}>
          <Select value={values.days ?? '3'} onChange={set('days')}>
            <option value="1">1 day</option>
            <option value="3">3 days</option>
            <option value="7">7 days</option>
            <option value="14">14 days</option>
          </Select>
        </Field>
      );
    case 'note':
      return (
        <>
          {request.caseId === '' ? (
            <Field label="Case reference" required hint="For example C-1001." {...fieldProps('caseId')}>
              <Input value={values.caseId ?? ''} onChange={set('caseId')} list="record-cases" autoComplete="off" />
            </Field>
          ) : null}
          {request.cases && request.cases.length > 0 ? (
            <datalist id="record-cases">
              {request.cases.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          ) : null}
          <div className={styles.pair}>
            <Field label="Date of the event" required {...fieldProps('eventDate')}>
              <Input type="date" value={values.eventDate ?? ''} max={today} onChange={set('eventDate')} />
            </Field>
            <Field label="Time of the event" required {...fieldProps('eventTime')}>
              <Input type="time" value={values.eventTime ?? ''} onChange={set('eventTime')} />
            </Field>
          </div>
          <Field label="What happened" required hint="Casework is recorded within 48 hours of the event (PS 11.2)." {...fieldProps('text')}>
            <Textarea value={values.text ?? ''} onChange={set('text')} resize="vertical" rows={5} />
          </Field>
        </>
      );
    case 'summary':
      return (
        <>
          <p style={{ margin: 0 }}>
            For the {context.seriesTitle} meeting on {date(context.meetingOn ?? null)}; due by {date(context.deadline ?? null)} (PS 4.2, 6.15).
          </p>
          <Field label="Actions taken to date" required {...fieldProps('actionsToDate')}>
            <Textarea value={values.actionsToDate ?? ''} onChange={set('actionsToDate')} resize="vertical" rows={3} />
          </Field>
          <Field label="Current steps" required {...fieldProps('currentSteps')}>
            <Textarea value={values.currentSteps ?? ''} onChange={set('currentSteps')} resize="vertical" rows={3} />
          </Field>
          <Field label="Dates of meetings and key actions" required {...fieldProps('keyDates')}>
            <Textarea value={values.keyDates ?? ''} onChange={set('keyDates')} resize="vertical" rows={3} />
          </Field>
        </>
      );
    case 'supervision':
      return (
        <>
          <Field label="Who was supervised" required {...fieldProps('superviseeId')}>
            <Select value={values.superviseeId ?? ''} onChange={set('superviseeId')}>
              <option value="">Choose…</option>
              {(context.supervisees ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
          <div className={styles.pair}>
            <Field label="Held on" required {...fieldProps('heldOn')}>
              <Input type="date" value={values.heldOn ?? ''} max={today} onChange={set('heldOn')} />
            </Field>
            <Field label="Notes shared on" hint="Leave empty if not yet (within 10 working days, PS 11.4)." {...fieldProps('notesSharedOn')}>
              <Input type="date" value={values.notesSharedOn ?? ''} max={today} onChange={set('notesSharedOn')} />
            </Field>
          </div>
        </>
      );
    case 'nominate':
      return (
        <>
          <p style={{ margin: 0 }}>A nomination made today goes to the meeting on {date(context.meetingOn ?? null)} (PS 4.2).</p>
          <Field label="Meeting" required {...fieldProps('seriesId')}>
            <Select value={values.seriesId ?? 'cmooe'} onChange={set('seriesId')}>
              <option value="cmooe">CMOOE oversight</option>
              <option value="cic-cmooe">Children in Care CMOOE</option>
            </Select>
          </Field>
          <Field label="The concern" required {...fieldProps('concern')}>
            <Textarea value={values.concern ?? ''} onChange={set('concern')} resize="vertical" rows={4} />
          </Field>
        </>
      );
  }
}
