// The trend of the chosen period as a small SVG line chart (no chart library: it keeps the first load
// small): weekly up to 26 weeks, monthly beyond. A line breaks where nothing was due or fewer than
// `minBase` items were (too few for a percentage); every point's base is in the table below, which
// also gives every value to screen readers and keyboard users.
import { TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { date } from '../format';
import { WideTable } from '../parts';
import type { Trend, TrendFigure, TrendPoint } from '../types';

const SERIES: { key: TrendFigure; label: string; colour: string; dash: string }[] = [
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

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' });
const DAY_MONTH = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

function pointLabel(p: TrendPoint, unit: Trend['unit']): string {
  return unit === 'month' ? MONTH.format(new Date(`${p.from}T00:00:00Z`)) : DAY_MONTH.format(new Date(`${p.to}T00:00:00Z`));
}

/** Runs of consecutive points that have a percentage (a line is drawn through each run only). */
function runs(points: TrendPoint[], key: TrendFigure): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = [];
  let run: Array<[number, number]> = [];
  points.forEach((p, i) => {
    const v = p.figures[key].percent;
    if (v === null) {
      if (run.length > 0) out.push(run);
      run = [];
    } else run.push([i, v]);
  });
  if (run.length > 0) out.push(run);
  return out;
}

export function TrendChart({ trend }: { trend: Trend }) {
  const styles = useStyles();
  const points = trend.points;
  const W = 640;
  const H = 240;
  const left = 40;
  const right = 24;
  const bottom = 28;
  const x = (i: number) => left + (i * (W - left - right)) / Math.max(1, points.length - 1);
  const y = (v: number) => 10 + ((100 - v) * (H - bottom - 10)) / 100;
  // At most 7 labels, the last point always labelled, none cut at the edge.
  const step = Math.max(1, Math.ceil(points.length / 7));
  const labelled = (i: number) => (points.length - 1 - i) % step === 0;
  const last = points[points.length - 1];
  const unitWord = trend.unit === 'month' ? 'month' : 'week';
  const summary = last
    ? `${trend.unit === 'month' ? 'Month' : 'Week'} to ${date(last.to)}: ${SERIES.map((s) => {
        const f = last.figures[s.key];
        return `${s.label} ${f.percent === null ? (f.total === 0 ? 'nothing due' : `${f.met} of ${f.total}`) : `${f.percent}% of ${f.total}`}`;
      }).join(', ')}.`
    : 'No points to show.';
  return (
    <figure style={{ margin: 0 }}>
      <div className={styles.wrap}>
        <svg
          className={styles.svg}
          viewBox={`0 0 ${W} ${H}`}
          width={W}
          height={H}
          role="img"
          aria-label={`Trend of four timeliness figures, one point per ${unitWord}, ${points.length} ${unitWord}s. ${summary} The table below gives every value and its base.`}
        >
          {[0, 25, 50, 75, 100].map((v) => (
            <g key={v}>
              <line x1={left} x2={W - right} y1={y(v)} y2={y(v)} stroke="currentColor" strokeOpacity={0.2} />
              <text x={left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="currentColor">
                {v}%
              </text>
            </g>
          ))}
          {points.map((p, i) =>
            labelled(i) ? (
              <text key={p.from} x={x(i)} y={H - 8} textAnchor={i === points.length - 1 ? 'end' : i === 0 ? 'start' : 'middle'} fontSize="11" fill="currentColor">
                {pointLabel(p, trend.unit)}
              </text>
            ) : null,
          )}
          {SERIES.map((s) => (
            <g key={s.key}>
              {runs(points, s.key).map((run) =>
                run.length > 1 ? (
                  <polyline key={run[0]![0]} fill="none" stroke={s.colour} strokeWidth={2.5} strokeDasharray={s.dash} points={run.map(([i, v]) => `${x(i)},${y(v)}`).join(' ')} />
                ) : null,
              )}
              {points.map((p, i) => {
                const f = p.figures[s.key];
                return f.percent === null ? null : (
                  <circle key={i} cx={x(i)} cy={y(f.percent)} r={3} fill={s.colour}>
                    <title>{`${s.label}, ${date(p.from)} to ${date(p.to)}: ${f.percent}% (${f.met} of ${f.total})`}</title>
                  </circle>
                );
              })}
            </g>
          ))}
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
        <Text size={200}>
          {summary} A gap in a line means nothing was due that {unitWord}, or fewer than {trend.minBase} items (too few for a fair percentage): the table gives each base.
        </Text>
      </figcaption>
      <details>
        <summary>Show the trend as a table</summary>
        <WideTable label="Trend, with the number of items behind each percentage" minWidth="40rem">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{trend.unit === 'month' ? 'Month' : 'Week'}</TableHeaderCell>
              {SERIES.map((s) => (
                <TableHeaderCell key={s.key} scope="col">
                  {s.label}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {points.map((p) => (
              <TableRow key={p.from}>
                <TableCell>
                  {date(p.from)} – {date(p.to)}
                </TableCell>
                {SERIES.map((s) => {
                  const f = p.figures[s.key];
                  return <TableCell key={s.key}>{f.total === 0 ? 'nothing due' : `${f.percent === null ? '—' : `${f.percent}%`} (${f.met} of ${f.total})`}</TableCell>;
                })}
              </TableRow>
            ))}
          </TableBody>
        </WideTable>
      </details>
    </figure>
  );
}
