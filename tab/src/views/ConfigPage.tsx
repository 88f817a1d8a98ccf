// The configuration page of a channel tab: choose the view and, for the chair's view, the series.
import { Field, Radio, RadioGroup, Select, Text } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { registerConfig, type HostInfo } from '../teams';
import type { Me } from '../types';

const LABELS: Record<string, string> = { dashboard: 'SEND data dashboard', 'my-work': 'My work', chair: "Chair's view of a CMOOE meeting" };

export function ConfigPage({ me, host }: { me: Me; host: HostInfo }) {
  const [view, setView] = useState(me.views[0] ?? 'my-work');
  const [series, setSeries] = useState(me.series[0]?.id ?? 'cmooe');
  const current = useRef({ view, series });
  useEffect(() => {
    current.current = { view, series };
  }, [view, series]);
  const config = useRef<{ setValid: (v: boolean) => void } | null>(null);
  useEffect(() => {
    if (!host.inTeams) return;
    config.current = registerConfig(() => ({ view: current.current.view, series: current.current.view === 'chair' ? current.current.series : null }));
    config.current.setValid(true);
  }, [host.inTeams]);
  return (
    <>
      <h1>Set up this tab</h1>
      <Text as="p" block>
        Choose what this channel tab shows. Everyone who opens it sees only the cases they are allowed to see.
      </Text>
      <RadioGroup value={view} onChange={(_e, d) => setView(d.value)} aria-label="View">
        {['dashboard', 'chair', 'my-work'].map((v) => (
          <Radio key={v} value={v} label={LABELS[v]} />
        ))}
      </RadioGroup>
      {view === 'chair' ? (
        <Field label="Meeting series">
          <Select value={series} onChange={(_e, d) => setSeries(d.value)}>
            {me.series.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {!host.inTeams ? (
        <Text as="p" block>
          Outside Teams this page only previews the choice: <a href={`/tab/?view=${view}${view === 'chair' ? `&series=${series}` : ''}`}>open the chosen view</a>.
        </Text>
      ) : null}
    </>
  );
}
