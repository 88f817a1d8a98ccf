// The forecast as a stacked weekly bar chart (SVG, no chart library): one bar per week, a segment per
// kind in the rule book's order, the week's total above it. Colours come with a key; the numbers are
// in the table below the chart, which is what screen readers are pointed to.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ForecastView } from '../types';
import { weekLabel } from '../format';

const PALETTE = [
  tokens.colorPaletteBlueBorderActive,
  tokens.colorPaletteDarkOrangeBorderActive,
  tokens.colorPaletteGreenBorderActive,
  tokens.colorPaletteBerryBorderActive,
  tokens.colorPaletteMarigoldBorderActive,
  tokens.colorPaletteTealBorderActive,
  tokens.colorPaletteGrapeBorderActive,
  tokens.colorPaletteRedBorderActive,
  tokens.colorPaletteLightGreenBorderActive,
  tokens.colorPaletteCornflowerBorderActive,
  tokens.colorPalettePeachBorderActive,
  tokens.colorPaletteSteelBorderActive,
];

const useStyles = makeStyles({
  wrap: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL, alignItems: 'flex-start' },
  svg: { maxWidth: '100%', height: 'auto', color: tokens.colorNeutralForeground1 },
  legend: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalXS },
  swatch: { display: 'inline-block', width: '0.9rem', height: '0.9rem', verticalAlign: 'middle', marginRight: tokens.spacingHorizontalS, borderRadius: '2px' },
});

export function StackedWeeks({ summary }: { summary: ForecastView['summary'] }) {
  const styles = useStyles();
  const weeks = summary.weeks;
  const W = 640;
  const H = 260;
  const left = 36;
  const bottom = 34;
  const top = 18;
  const max = Math.max(1, ...weeks.map((w) => w.total));
  // A round scale: 1, 2, 5, 10, 20, 50 … per grid line, four or five lines.
  const stepBase = [1, 2, 5].flatMap((m) => [1, 10, 100, 1000, 10000].map((p) => m * p)).sort((a, b) => a - b);
  const step = stepBase.find((s) => max / s <= 5) ?? max;
  const scaleMax = Math.ceil(max / step) * step;
  const slot = (W - left - 8) / weeks.length;
  const barWidth = Math.min(48, slot * 0.6);
  const y = (v: number) => top + ((scaleMax - v) * (H - bottom - top)) / scaleMax;
  const colour = (kind: string) => PALETTE[summary.kinds.findIndex((k) => k.kind === kind) % PALETTE.length]!;
  const described = weeks.map((w, i) => `${weekLabel(w, i)}: ${w.total}`).join('; ');
  return (
    <figure style={{ margin: 0 }}>
      <div className={styles.wrap}>
        <svg
          className={styles.svg}
          viewBox={`0 0 ${W} ${H}`}
          width={W}
          height={H}
          role="img"
          aria-label={`What falls due each week, stacked by kind. ${described}. The table below gives every number.`}
        >
          {Array.from({ length: scaleMax / step + 1 }, (_, i) => i * step).map((v) => (
            <g key={v}>
              <line x1={left} x2={W - 8} y1={y(v)} y2={y(v)} stroke="currentColor" strokeOpacity={0.2} />
              <text x={left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="currentColor">
                {v}
              </text>
            </g>
          ))}
          {weeks.map((w, i) => {
            const cx = left + slot * i + slot / 2;
            let base = 0;
            return (
              <g key={w.from}>
                {summary.kinds.map((k) => {
                  const n = w.byKind[k.kind] ?? 0;
                  if (n === 0) return null;
                  const y0 = y(base + n);
                  const h = y(base) - y0;
                  base += n;
                  return (
                    <rect key={k.kind} x={cx - barWidth / 2} y={y0} width={barWidth} height={Math.max(1, h)} fill={colour(k.kind)} stroke="Canvas" strokeWidth={0.5}>
                      <title>{`${weekLabel(w, i)}: ${n} ${k.label}`}</title>
                    </rect>
                  );
                })}
                <text x={cx} y={y(w.total) - 4} textAnchor="middle" fontSize="11" fill="currentColor">
                  {w.total}
                </text>
                <text x={cx} y={H - 20} textAnchor="middle" fontSize="11" fill="currentColor">
                  {i === 0 ? 'This wk' : `w/c`}
                </text>
                <text x={cx} y={H - 7} textAnchor="middle" fontSize="11" fill="currentColor">
                  {new Date(`${w.from}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })}
                </text>
              </g>
            );
          })}
        </svg>
        <ul className={styles.legend} aria-label="Key">
          {summary.kinds.map((k) => (
            <li key={k.kind}>
              <span className={styles.swatch} style={{ backgroundColor: colour(k.kind) }} aria-hidden="true" />
              <Text>{k.label}</Text>
            </li>
          ))}
        </ul>
      </div>
    </figure>
  );
}
