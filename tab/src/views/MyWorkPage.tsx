// My work: the signed-in person's obligations, overdue first, each with a link that opens the bot's
// form for it in Teams.
import { Button, Link, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { api } from '../api';
import { date } from '../format';
import { href } from '../route';
import { Empty, ErrorState, Loading, StatusBadge, useLoad } from '../states';
import { openLink, type HostInfo } from '../teams';
import type { WorkItem } from '../types';

export function MyWorkPage({ host }: { host: HostInfo }) {
  const [load, reload] = useLoad<{ today: string; items: WorkItem[] }>('my-work', () => api('my-work'));
  return (
    <>
      <h1>My work</h1>
      {load.state === 'loading' ? <Loading what="your obligations" /> : null}
      {load.state === 'error' ? <ErrorState error={load.error} retry={reload} /> : null}
      {load.state === 'ready' && load.data.items.length === 0 ? (
        <Empty title="Nothing is due for you.">When a case you lead or a person you supervise has a deadline, it appears here.</Empty>
      ) : null}
      {load.state === 'ready' && load.data.items.length > 0 ? (
        <>
          <Text as="p" block role="status">
            {load.data.items.filter((i) => i.status === 'overdue').length} overdue, {load.data.items.length} open in all, as of {date(load.data.today)}.
          </Text>
          <Table aria-label="My obligations, overdue first" size="small">
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
              {load.data.items.map((i) => (
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
                    {i.link ? (
                      <Button size="small" onClick={() => void openLink(i.link!, host.inTeams)} aria-label={`Open the bot to record: ${i.label}, ${i.caseId ?? i.person ?? ''}`}>
                        Open in bot
                      </Button>
                    ) : (
                      <Text size={200}>
                        Type <code>{i.command}</code> to the bot
                      </Text>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      ) : null}
    </>
  );
}
