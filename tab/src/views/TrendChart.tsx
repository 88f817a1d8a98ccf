// The weekly trend as a small SVG line chart (no chart library: it keeps the first load small), with
// the same numbers as a table for screen readers and keyboard users.
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { date, percent } from '../format';
import type { TrendWeek } from '../types';

const SERIES: { key: keyof TrendWeek; label: string; colour: string; dash: string }[] = [
  { key: 'decisionsWithin6Weeks', label: 'Decisions in 6 weeks', colour: tokens.colorPaletteBlueForeground2, dash: '' },
  { key: 'reviewsOnTime', label: 'Reviews on time', colour: tokens.colorPaletteGreenForeground1, dash: '6 3' },
  { key: 'adviceWithin6Weeks', label: 'Advice in 6 weeks', colour: tokens.colorPaletteDarkOrangeForeground1, dash: '2 3' },
  { key: 'caseworkWithin48Hours', label: 'Casework in 48 hours', colour: tokens.colorPaletteBerryForeground1, dash: '10 3 2 3' },
];

const useStyles = makeStyles({
  wrap: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL, alignItems: 'flex-start' },
  svg: { maxWidth: '100%', height: 'auto', color: tokens.colorNeutralForeground1 },
  legend: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalXS },
  key: { display: 'inline-block', width: '2rem', verticalAlign: 'middle', marginRight: tokens.spacingHorizontalS },
});

export function TrendChart({ weeks }: { weeks: TrendWeek[] }) {
  const styles = useStyles();
  const W = 640;
  const H = 240;
  const left = 40;
  const bottom = 28;
  const x = (i: number) => left + (i * (W - left - 10)) / Math.max(1, weeks.length - 1);
  const y = (v: number) => 10 + ((100 - v) * (H - bottom - 10)) / 100;
  const last = weeks[weeks.length - 1];
  const summary = last
    ? `Week to ${date(last.to)}: ${SERIES.map((s) => `${s.label} ${percent(last[s.key] as number | null)}`).join(', ')}.`
    : 'No weeks to show.';
  return (
    <figure style={{ margin: 0 }}>
      <div className={styles.wrap}>
        <svg className={styles.svg} viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`Weekly trend of four timeliness figures over ${weeks.length} weeks. ${summary} The table below gives every value.`}>
          {[0, 25, 50, 75, 100].map((v) => (
            <g key={v}>
              <line x1={left} x2={W - 10} y1={y(v)} y2={y(v)} stroke="currentColor" strokeOpacity={0.2} />
              <text x={left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="currentColor">
                {v}%
              </text>
            </g>
          ))}
          {weeks.map((w, i) =>
            i % 2 === weeks.length % 2 ? null : (
              <text key={w.to} x={x(i)} y={H - 8} textAnchor="middle" fontSize="11" fill="currentColor">
                {date(w.to).replace(/ \d{4}$/, '')}
              </text>
            ),
          )}
          {SERIES.map((s) => {
            const points = weeks.map((w, i) => [i, w[s.key] as number | null] as const).filter(([, v]) => v !== null) as [number, number][];
            if (points.length === 0) return null;
            return (
              <g key={s.key}>
                <polyline fill="none" stroke={s.colour} strokeWidth={2.5} strokeDasharray={s.dash} points={points.map(([i, v]) => `${x(i)},${y(v)}`).join(' ')} />
                {points.map(([i, v]) => (
                  <circle key={i} cx={x(i)} cy={y(v)} r={3} fill={s.colour} />
                ))}
              </g>
            );
          })}
        </svg>
        <ul className={styles.legend} aria-label="Key">
          {SERIES.map((s) => (
            <li key={s.key}>
              <svg className={styles.key} viewBox="0 0 32 8" aria-hidden="true">
                <line x1="0" x2="32" y1="4" y2="4" stroke={s.colour} strokeWidth="3" strokeDasharray={s.dash} />
              </svg>
              <Text>{s.label}</Text>
            </li>
          ))}
        </ul>
      </div>
      <figcaption>
        <Text size={200}>{summary} A gap means nothing was due that week.</Text>
      </figcaption>
      <details>
        <summary>Show the trend as a table</summary>
        <Table aria-label="Weekly trend" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Week</TableHeaderCell>
              {SERIES.map((s) => (
                <TableHeaderCell key={s.key} scope="col">
                  {s.label}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {weeks.map((w) => (
              <TableRow key={w.to}>
                <TableCell>
                  {date(w.from)} – {date(w.to)}
                </TableCell>
                {SERIES.map((s) => (
                  <TableCell key={s.key}>{percent(w[s.key] as number | null)}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </details>
    </figure>
  );
}
