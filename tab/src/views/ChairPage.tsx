// The chair's view (PS 4.2): for the next meeting of a CMOOE series, this fortnight's summaries, the
// nominations, the chair's selection, and a preview of the agenda as it would go out.
import {
  Badge,
  Card,
  Checkbox,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  Select,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { api } from '../api';
import { REASON_WORDS, date } from '../format';
import { href } from '../route';
import { Empty, ErrorState, Loading, useLoad } from '../states';
import { WideTable } from '../parts';
import type { ChairView, Me } from '../types';

const useStyles = makeStyles({
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(26rem, 100%), 1fr))', gap: tokens.spacingHorizontalXXL },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalS },
});

export function ChairPage({ me, series, meeting = null }: { me: Me; series: string | null; meeting?: string | null }) {
  const styles = useStyles();
  const seriesId = series ?? me.series[0]?.id ?? 'cmooe';
  // A meeting named in the link (the channel's fortnight card opens the chair's view of its meeting).
  const meetingQuery = meeting !== null && /^\d{4}-\d{2}-\d{2}$/.test(meeting) ? `&meeting=${meeting}` : '';
  const [load, reload, set] = useLoad<ChairView>(`chair/${seriesId}${meetingQuery}`, () => api<ChairView>(`chair?series=${encodeURIComponent(seriesId)}${meetingQuery}`));
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);

  const toggle = async (view: ChairView, caseId: string, select: boolean) => {
    setBusy(caseId);
    setMessage(null);
    try {
      const next = select
        ? await api<ChairView>('chair/selections', { method: 'POST', body: { caseId, seriesId: view.series.id, meetingOn: view.meetingOn } })
        : await api<ChairView>(`chair/selections/${encodeURIComponent(view.series.id)}/${view.meetingOn}/${encodeURIComponent(caseId)}`, { method: 'DELETE' });
      set(next);
      setMessage({ intent: 'success', text: select ? `${caseId} is on the agenda for ${date(view.meetingOn)}.` : `${caseId} is off the agenda.` });
    } catch (e) {
      setMessage({ intent: 'error', text: `${(e as Error).message} Nothing was changed; try again.` });
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <h1>Chair's view</h1>
      <Field label="Meeting series">
        <Select value={seriesId} onChange={(_e, d) => (location.hash = href(['chair'], { series: d.value }))}>
          {me.series.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </Select>
      </Field>
      <div aria-live="polite">
        {message ? (
          <MessageBar intent={message.intent}>
            <MessageBarBody>{message.text}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      {load.state === 'loading' ? <Loading what="the next meeting" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' ? (
        <>
          {load.data.recordOpenFor ? (
            <MessageBar intent="info">
              <MessageBarBody>
                The meeting of {date(load.data.recordOpenFor)} can be recorded: <Link href={href(['chair'], { series: load.data.series.id, record: load.data.recordOpenFor })}>Record the meeting</Link>
              </MessageBarBody>
            </MessageBar>
          ) : null}
          {load.data.selection && !load.data.selection.allowed && load.data.selection.why ? (
            <Text as="p" block>
              {load.data.selection.why}
            </Text>
          ) : null}
          <Text as="p" block>
            Next meeting of {load.data.series.title}: <strong>{date(load.data.meetingOn)}</strong>. Summaries were due by {date(load.data.summaryDeadline)}; this fortnight’s are those submitted after{' '}
            {date(load.data.summariesOpenAfter)}.
          </Text>
          <div className={styles.columns}>
            <section aria-labelledby="h-candidates">
              <h2 id="h-candidates">Children missing out on education</h2>
              {load.data.candidates.length === 0 ? (
                <Empty title="No child of this series is missing out on education today.">Nothing to select. Nominations still appear on the agenda.</Empty>
              ) : (
                <WideTable label="CMOOE cases to select from" minWidth="36rem">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell scope="col">On agenda</TableHeaderCell>
                      <TableHeaderCell scope="col">Case</TableHeaderCell>
                      <TableHeaderCell scope="col">School days missed</TableHeaderCell>
                      <TableHeaderCell scope="col">This fortnight’s summary</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {load.data.candidates.map((c) => (
                      <TableRow key={c.caseId}>
                        <TableCell>
                          <Checkbox
                            checked={c.selected || c.nominated}
                            disabled={c.nominated || busy !== null || load.data.selection?.allowed === false}
                            label={
                              <span className="sr-only">
                                Select {c.caseId} ({c.childName}) for the agenda
                              </span>
                            }
                            onChange={(_e, d) => void toggle(load.data, c.caseId, d.checked === true)}
                          />
                          {c.nominated ? <Badge appearance="outline">Nominated</Badge> : null}
                        </TableCell>
                        <TableCell>
                          <Link href={href(['case', c.caseId], { back: location.hash })}>{c.caseId}</Link> {c.childName}
                          <br />
                          <Text size={200}>
                            {REASON_WORDS[c.cmooeReason] ?? c.cmooeReason} since {date(c.cmooeSince)}
                          </Text>
                        </TableCell>
                        <TableCell>{c.schoolDaysMissing}</TableCell>
                        <TableCell>
                          {c.summary === null ? (
                            <Badge appearance="tint" color="danger">
                              None
                            </Badge>
                          ) : (
                            <>
                              {date(c.summary.submittedOn)}{' '}
                              {c.summary.onTime ? null : (
                                <Badge appearance="tint" color="warning">
                                  Late
                                </Badge>
                              )}
                              <br />
                              <Text size={200}>{c.summary.currentSteps}</Text>
                            </>
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </WideTable>
              )}
              <h2>Nominations for this meeting</h2>
              {load.data.nominations.length === 0 ? (
                <Empty title="No nominations for this meeting yet." />
              ) : (
                <ul className={styles.list}>
                  {load.data.nominations.map((n) => (
                    <li key={n.caseId + n.madeOn}>
                      <strong>{n.caseId}</strong> ({n.initials}), by {n.by} on {date(n.madeOn)}: {n.concern}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="h-agenda">
              <h2 id="h-agenda">Agenda preview</h2>
              <Text as="p" block size={200}>
                As it will be circulated: case reference and initials only.
              </Text>
              {load.data.agenda.items.length === 0 ? (
                <Empty title="The agenda is empty.">Select cases on the left, or wait for nominations.</Empty>
              ) : (
                <ol className={styles.list} aria-label="Agenda items">
                  {load.data.agenda.items.map((i) => (
                    <li key={i.caseId}>
                      <Card>
                        <Text weight="semibold">
                          {i.caseId} ({i.initials}) · {i.reasons.map((r) => (r === 'selected' ? 'selected by the chair' : 'nominated')).join(', ')}
                        </Text>
                        <Text>
                          {i.cmooeReason ? `${REASON_WORDS[i.cmooeReason] ?? i.cmooeReason}; ` : ''}
                          {i.schoolDaysMissing} school days missed; summary {i.latestSummary ? `${date(i.latestSummary.submittedOn)}${i.summaryOnTime ? '' : ' (late)'}` : 'missing'}
                        </Text>
                        {i.exclusionProvision ? (
                          <Text>
                            Provision due {date(i.exclusionProvision.provisionDueOn)}, {i.exclusionProvision.basis} ({i.exclusionProvision.citation}){i.exclusionProvision.overdue ? ': overdue' : ''}
                          </Text>
                        ) : null}
                        {i.nominations.map((n) => (
                          <Text key={n.madeOn + n.byId}>Concern: {n.concern}</Text>
                        ))}
                        {i.openActions.length > 0 ? <Text>{i.openActions.length} open action(s) from earlier meetings</Text> : null}
                      </Card>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
        </>
      ) : null}
    </>
  );
}
