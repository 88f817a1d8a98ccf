// The records themselves (issue 16; docs/rules.md section 7): the access record (search by case, person,
// way in and dates; the report of people who opened many cases outside their own and their team's;
// both to Excel or CSV) for information governance and service managers; the subject access export and
// the retention review, with the destruction of a record, for information governance. The searches
// live in the address, as on the other pages; the server checks every request again.
import { Button, Field, Input, Link, Select, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { api, download } from '../api';
import { date } from '../format';
import { Notice, WideTable } from '../parts';
import { href, withQuery, type Route } from '../route';
import { Empty, ErrorState, Loading, useLoad } from '../states';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'end',
    marginBottom: tokens.spacingVerticalL,
    '@media (max-width: 600px)': { '& > *': { flexBasis: '100%' } },
  },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center', margin: `${tokens.spacingVerticalS} 0` },
  destroy: { display: 'grid', gap: tokens.spacingVerticalS, maxWidth: '36rem', marginTop: tokens.spacingVerticalL },
});

interface AccessRow {
  at: string;
  personId: string;
  person: string;
  roles: string;
  caseId: string;
  via: string;
  viaLabel: string;
  reason: string;
  reasonLabel: string;
  scope: 'own' | 'team' | 'other';
  detail: string | null;
}
interface AccessSearchView {
  rows: AccessRow[];
  truncated: boolean;
  limit: number;
  people: Array<{ id: string; name: string }>;
  vias: Array<{ id: string; label: string }>;
}
interface OutsideReportView {
  from: string;
  to: string;
  threshold: number;
  rows: Array<{ personId: string; person: string; roles: string; team: string | null; opened: number; listed: number; openings: number; reasons: string; firstAt: string; lastAt: string }>;
}
interface RetentionReview {
  today: string;
  policy: { name: string; title: string; yearsFromBirth: number; yearsAfterClosure: number };
  rows: Array<{
    caseId: string;
    initials: string;
    status: string;
    team: string | null;
    leadProfessional: string | null;
    keepUntil: string;
    closedOn: string | null;
    rule: 'birth' | 'closure';
    reason: string;
    pastByDays: number;
  }>;
}

const SCOPE_WORDS: Record<AccessRow['scope'], string> = { own: 'their own case', team: "their team's", other: 'outside own and team' };

function moment(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Excel and CSV of the record's search or report: /api/tab/records/export/<which>.<format>?<query>. */
function RecordsExport({ which, query, what }: { which: 'access' | 'report'; query: URLSearchParams; what: string }) {
  const styles = useStyles();
  const [state, setState] = useState<{ busy: boolean; message: string | null }>({ busy: false, message: null });
  const get = (format: 'xlsx' | 'csv') => {
    setState({ busy: true, message: null });
    const qs = query.toString();
    download(`records/export/${which}.${format}${qs ? `?${qs}` : ''}`).then(
      (name) => setState({ busy: false, message: `Downloaded ${name}.` }),
      (e: Error) => setState({ busy: false, message: `The download did not work: ${e.message}` }),
    );
  };
  return (
    <div className={`${styles.buttons} no-print`}>
      <Button size="small" disabled={state.busy} onClick={() => get('xlsx')} aria-label={`Download ${what} as Excel`}>
        Excel
      </Button>
      <Button size="small" disabled={state.busy} onClick={() => get('csv')} aria-label={`Download ${what} as CSV`}>
        CSV
      </Button>
      <span role="status" aria-live="polite">
        {state.message}
      </span>
    </div>
  );
}

const SEARCH_KEYS = ['caseId', 'personId', 'via', 'from', 'to'] as const;

export function AccessRecordPage({ route, today }: { route: Route; today: string }) {
  const styles = useStyles();
  const report = route.query.get('report') === '1';
  const search = new URLSearchParams();
  for (const k of SEARCH_KEYS) {
    const v = route.query.get(k);
    if (v) search.set(k, v);
  }
  return (
    <>
      <h1>Access record</h1>
      <Text as="p" block>
        Who was shown which child&apos;s details, when, through what, and the rule that let them (docs/rules.md section 7). Nobody can change or remove an entry.
      </Text>
      <div className={styles.buttons}>
        <Link href={withQuery(route, { report: null })} aria-current={report ? undefined : 'page'}>
          Search
        </Link>
        <Link href={withQuery(route, { report: '1' })} aria-current={report ? 'page' : undefined}>
          Openings outside own and team
        </Link>
      </div>
      {report ? <OutsideReport route={route} today={today} /> : <AccessSearchResults key={search.toString()} route={route} search={search} />}
    </>
  );
}

function AccessSearchResults({ route, search }: { route: Route; search: URLSearchParams }) {
  const styles = useStyles();
  const asked = search.toString() !== '';
  const [load, reload] = useLoad<AccessSearchView>(`records/access?${search}`, () => api<AccessSearchView>(`records/access?${search}`));
  const [form, setForm] = useState<Record<string, string>>(() => Object.fromEntries(SEARCH_KEYS.map((k) => [k, search.get(k) ?? ''])));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    location.hash = withQuery(route, Object.fromEntries(SEARCH_KEYS.map((k) => [k, form[k]?.trim() || null])));
  };
  const view = load.state === 'ready' ? load.data : null;
  return (
    <>
      <form className={styles.form} onSubmit={submit} aria-label="Search the access record">
        <Field label="Case">
          <Input value={form.caseId} placeholder="C-1234" onChange={(_e, d) => setForm({ ...form, caseId: d.value })} />
        </Field>
        <Field label="Person">
          <Select value={form.personId} onChange={(_e, d) => setForm({ ...form, personId: d.value })}>
            <option value="">anyone</option>
            {(view?.people ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Through">
          <Select value={form.via} onChange={(_e, d) => setForm({ ...form, via: d.value })}>
            <option value="">any way in</option>
            {(view?.vias ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="From">
          <Input type="date" value={form.from} onChange={(_e, d) => setForm({ ...form, from: d.value })} />
        </Field>
        <Field label="To">
          <Input type="date" value={form.to} onChange={(_e, d) => setForm({ ...form, to: d.value })} />
        </Field>
        <Button type="submit" appearance="primary">
          Search
        </Button>
      </form>
      {load.state === 'loading' ? <Loading what="the access record" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {view !== null && view.rows.length === 0 ? <Empty title={asked ? 'No entry matches.' : 'The access record is empty.'}>{asked ? 'Widen the dates or clear a filter.' : undefined}</Empty> : null}
      {view !== null && view.rows.length > 0 ? (
        <>
          <div className={styles.head}>
            <Text as="p" block role="status">
              {view.rows.length} entr{view.rows.length === 1 ? 'y' : 'ies'}, newest first{view.truncated ? `; more matched than the ${view.limit} shown: narrow the search` : ''}.
            </Text>
            <RecordsExport which="access" query={search} what="these entries" />
          </div>
          <WideTable label="Access record entries, newest first" minWidth="60rem">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">When</TableHeaderCell>
                <TableHeaderCell scope="col">Who</TableHeaderCell>
                <TableHeaderCell scope="col">Case</TableHeaderCell>
                <TableHeaderCell scope="col">Through</TableHeaderCell>
                <TableHeaderCell scope="col">Why they could</TableHeaderCell>
                <TableHeaderCell scope="col">Whose case</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {view.rows.map((r, i) => (
                <TableRow key={`${r.at}-${r.personId}-${r.caseId}-${i}`}>
                  <TableCell>{moment(r.at)}</TableCell>
                  <TableCell>
                    <Link href={withQuery(route, { personId: r.personId, caseId: null })}>{r.person}</Link> <Text size={200}>{r.roles}</Text>
                  </TableCell>
                  <TableCell>
                    <Link href={withQuery(route, { caseId: r.caseId, personId: null })}>{r.caseId}</Link>
                  </TableCell>
                  <TableCell>
                    {r.viaLabel}
                    {r.detail ? <Text size={200}> ({r.detail})</Text> : null}
                  </TableCell>
                  <TableCell>{r.reasonLabel}</TableCell>
                  <TableCell>{SCOPE_WORDS[r.scope]}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </WideTable>
        </>
      ) : null}
    </>
  );
}

function OutsideReport({ route, today }: { route: Route; today: string }) {
  const styles = useStyles();
  const q = new URLSearchParams();
  for (const k of ['from', 'to', 'threshold']) {
    const v = route.query.get(k);
    if (v) q.set(k, v);
  }
  const [load, reload] = useLoad<OutsideReportView>(`records/access/report?${q}`, () => api<OutsideReportView>(`records/access/report?${q}`));
  const [form, setForm] = useState({ from: q.get('from') ?? '', to: q.get('to') ?? '', threshold: q.get('threshold') ?? '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    location.hash = withQuery(route, { from: form.from || null, to: form.to || null, threshold: form.threshold.trim() || null });
  };
  return (
    <>
      <Text as="p" block>
        People who opened many cases that are neither their own nor their team&apos;s (case pages, the bot&apos;s case, forms, subject access exports). Cases that only appeared in their lists are
        counted beside. A chair, a service manager or an auditor may have good reason: the report is where to start asking.
      </Text>
      <form className={styles.form} onSubmit={submit} aria-label="The period and threshold of the report">
        <Field label="From">
          <Input type="date" value={form.from} max={today} onChange={(_e, d) => setForm({ ...form, from: d.value })} />
        </Field>
        <Field label="To">
          <Input type="date" value={form.to} max={today} onChange={(_e, d) => setForm({ ...form, to: d.value })} />
        </Field>
        <Field label="At least this many cases">
          <Input type="number" min={1} value={form.threshold} onChange={(_e, d) => setForm({ ...form, threshold: d.value })} />
        </Field>
        <Button type="submit" appearance="primary">
          Show
        </Button>
      </form>
      {load.state === 'loading' ? <Loading what="the report" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' ? (
        <>
          <div className={styles.head}>
            <Text as="p" block role="status">
              {date(load.data.from)} to {date(load.data.to)}: {load.data.rows.length} {load.data.rows.length === 1 ? 'person' : 'people'} opened {load.data.threshold} or more cases outside their own
              and their team&apos;s.
            </Text>
            <RecordsExport which="report" query={q} what="this report" />
          </div>
          {load.data.rows.length > 0 ? (
            <WideTable label="People who opened cases outside their own and their team's" minWidth="52rem">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Person</TableHeaderCell>
                  <TableHeaderCell scope="col">Cases opened</TableHeaderCell>
                  <TableHeaderCell scope="col">Cases listed</TableHeaderCell>
                  <TableHeaderCell scope="col">Why they could</TableHeaderCell>
                  <TableHeaderCell scope="col">First and last</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {load.data.rows.map((r) => (
                  <TableRow key={r.personId}>
                    <TableCell>
                      <Link href={href(['access-record'], { personId: r.personId, from: load.data.from, to: load.data.to })}>{r.person}</Link>{' '}
                      <Text size={200}>{[r.roles, r.team].filter(Boolean).join(' · ')}</Text>
                    </TableCell>
                    <TableCell>{r.opened}</TableCell>
                    <TableCell>{r.listed}</TableCell>
                    <TableCell>{r.reasons}</TableCell>
                    <TableCell>
                      {moment(r.firstAt)} – {moment(r.lastAt)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </WideTable>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export function SubjectAccessPage() {
  const styles = useStyles();
  const [caseId, setCaseId] = useState('');
  const [state, setState] = useState<{ busy: boolean; notice: { intent: 'success' | 'error'; text: string } | null }>({ busy: false, notice: null });
  const get = (format: 'docx' | 'json') => {
    const ref = caseId.trim().toUpperCase();
    if (!/^C-?\d+$/.test(ref)) {
      setState({ busy: false, notice: { intent: 'error', text: 'Give the case reference, for example C-1234.' } });
      return;
    }
    setState({ busy: true, notice: null });
    download(`records/sar/${encodeURIComponent(ref)}.${format}`).then(
      (name) => setState({ busy: false, notice: { intent: 'success', text: `Downloaded ${name}. The export is recorded in the child's access record.` } }),
      (e: Error) => setState({ busy: false, notice: { intent: 'error', text: e.message } }),
    );
  };
  return (
    <>
      <h1>Subject access</h1>
      <Text as="p" block>
        Everything SEND Oversight holds about one child, for a subject access request (one month to answer, under UK GDPR): the case record, notes, summaries, nominations, selections, actions, the
        timescales and whether they were met, their part of the meeting agendas, and who has looked at their record. The Word document is written for the family; the JSON holds the same records. Other
        children named in notes or shared documents show as &ldquo;[another child]&rdquo;.
      </Text>
      <form
        className={styles.form}
        aria-label="Subject access export"
        onSubmit={(e) => {
          e.preventDefault();
          get('docx');
        }}
      >
        <Field label="Case reference" required>
          <Input value={caseId} placeholder="C-1234" onChange={(_e, d) => setCaseId(d.value)} />
        </Field>
        <Button type="submit" appearance="primary" disabled={state.busy}>
          Word document
        </Button>
        <Button disabled={state.busy} onClick={() => get('json')}>
          JSON
        </Button>
      </form>
      <Notice notice={state.notice} />
    </>
  );
}

export function RetentionPage() {
  const styles = useStyles();
  const [load, reload] = useLoad<RetentionReview>('records/retention', () => api<RetentionReview>('records/retention'));
  const [chosen, setChosen] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const destroy = (e: FormEvent) => {
    e.preventDefault();
    if (chosen === null) return;
    setBusy(true);
    api<{ caseId: string; destroyedAt: string; by: string }>('records/retention/destroy', { method: 'POST', body: { caseId: chosen, reason, confirm } }).then(
      (done) => {
        setBusy(false);
        setChosen(null);
        setReason('');
        setConfirm('');
        setNotice({ intent: 'success', text: `${done.caseId} was destroyed by ${done.by} at ${moment(done.destroyedAt)}. The access record keeps that it was, by whom and why.` });
        reload();
      },
      (err: Error) => {
        setBusy(false);
        setNotice({ intent: 'error', text: err.message });
      },
    );
  };
  return (
    <>
      <h1>Retention review</h1>
      {load.state === 'loading' ? <Loading what="the records past retention" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' ? (
        <>
          <Text as="p" block>
            Records kept past the {load.data.policy.title} profile&apos;s retention on {date(load.data.today)} (docs/rules.md section 9): {load.data.policy.yearsFromBirth} years from the child&apos;s
            date of birth, or {load.data.policy.yearsAfterClosure} years after the plan ended if that is later. SEND Oversight never destroys a record by itself.
          </Text>
          <Notice notice={notice} />
          {load.data.rows.length === 0 ? <Empty title="No record is past retention.">Records appear here the day after their keeping time ends.</Empty> : null}
          {load.data.rows.length > 0 ? (
            <WideTable label="Records past retention, longest past first" minWidth="52rem">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Case</TableHeaderCell>
                  <TableHeaderCell scope="col">Status</TableHeaderCell>
                  <TableHeaderCell scope="col">Kept until</TableHeaderCell>
                  <TableHeaderCell scope="col">Why</TableHeaderCell>
                  <TableHeaderCell scope="col">Action</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {load.data.rows.map((r) => (
                  <TableRow key={r.caseId}>
                    <TableCell>
                      {r.caseId} {r.initials} <Text size={200}>{[r.team, r.leadProfessional].filter(Boolean).join(' · ')}</Text>
                    </TableCell>
                    <TableCell>{r.status}</TableCell>
                    <TableCell>
                      {date(r.keepUntil)} ({r.pastByDays} days ago)
                    </TableCell>
                    <TableCell>{r.reason}</TableCell>
                    <TableCell>
                      <Button
                        size="small"
                        onClick={() => {
                          setChosen(r.caseId);
                          setNotice(null);
                        }}
                        aria-label={`Destroy the record of ${r.caseId}`}
                      >
                        Destroy…
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </WideTable>
          ) : null}
          {chosen !== null ? (
            <form className={styles.destroy} onSubmit={destroy} aria-label={`Destroy the record of ${chosen}`}>
              <h2>Destroy the record of {chosen}</h2>
              <Text as="p" block>
                The case and everything about it (notes, summaries, nominations, selections, actions, its access record) leave the store for good. One entry stays in the access record: that it was
                destroyed, when, by you and why.
              </Text>
              <Field label="Why (kept after the record is gone: give the review's reference, never the child's name)" required>
                <Textarea value={reason} onChange={(_e, d) => setReason(d.value)} />
              </Field>
              <Field label={`Type ${chosen} to confirm`} required>
                <Input value={confirm} onChange={(_e, d) => setConfirm(d.value)} />
              </Field>
              <div className={styles.buttons}>
                <Button type="submit" appearance="primary" disabled={busy || confirm.trim().toUpperCase() !== chosen}>
                  Destroy the record
                </Button>
                <Button onClick={() => setChosen(null)}>Cancel</Button>
              </div>
            </form>
          ) : null}
        </>
      ) : null}
    </>
  );
}
