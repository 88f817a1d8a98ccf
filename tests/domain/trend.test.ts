// The dashboard's trend (issue 15): it follows the chosen period (weekly up to 26 weeks, at least 12
// weeks, monthly beyond), gives each point's base, and draws no percentage on fewer than 5 items; and
// the figures of separate groups combine into the figures of all of them.
import { describe, expect, it } from '@jest/globals';
import { generateDemo } from '../../src/domain/demo.js';
import { combineMeasurePartials, combineTrendPartials, finishMeasures, finishTrend, measurePartial, measures, trendBuckets, trendPartial, TREND_FIGURES } from '../../src/domain/measures.js';
import { computeObligations } from '../../src/domain/obligations.js';

describe('trend buckets follow the period', () => {
  it('a 4-week period shows the 12 weeks ending on its last day', () => {
    const b = trendBuckets('2026-10-27', '2026-11-23');
    expect(b.unit).toBe('week');
    expect(b.periods).toHaveLength(12);
    expect(b.periods[11]).toEqual({ from: '2026-11-17', to: '2026-11-23' });
    // 12 weeks = 84 days back from 23 Nov: 1 Sep 2026.
    expect(b.periods[0]).toEqual({ from: '2026-09-01', to: '2026-09-07' });
  });

  it('a 26-week period is weekly, 26 points', () => {
    // 26 weeks = 182 days: 26 May to 23 Nov 2026 inclusive.
    const b = trendBuckets('2026-05-26', '2026-11-23');
    expect(b.unit).toBe('week');
    expect(b.periods).toHaveLength(26);
    expect(b.periods[0]!.from).toBe('2026-05-26');
  });

  it('12 months is monthly: calendar months, the first and last cut to the period', () => {
    const b = trendBuckets('2025-11-24', '2026-11-23');
    expect(b.unit).toBe('month');
    expect(b.periods).toHaveLength(13);
    expect(b.periods[0]).toEqual({ from: '2025-11-24', to: '2025-11-30' });
    expect(b.periods[1]).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(b.periods[3]).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(b.periods[12]).toEqual({ from: '2026-11-01', to: '2026-11-23' });
  });

  it('names a period that ends before it starts', () => {
    expect(() => trendBuckets('2026-11-23', '2026-11-01')).toThrow(/ends \(2026-11-01\) before it starts/);
  });
});

describe('trend points', () => {
  const TODAY = '2026-11-23';
  const file = generateDemo({ cases: 400, seed: 3, today: TODAY });
  const obligations = computeObligations(file, { today: TODAY });
  const input = { ...file, obligations };

  it('each point counts what measures() counts for that point as the period, with its base', () => {
    const buckets = trendBuckets('2025-11-24', TODAY);
    const trend = finishTrend(trendPartial(input, { today: TODAY, buckets }), 5);
    for (const p of trend.points) {
      const m = measures(input, { from: p.from, to: p.to, today: TODAY });
      const ratios = {
        ehcpWithin20Weeks: m.ehcpWithin20Weeks,
        decisionsWithin6Weeks: m.decisionsWithin6Weeks,
        reviewsOnTime: m.reviewsOnTime,
        reviewOutcomeWithin4Weeks: m.reviewOutcomeWithin4Weeks,
        adviceWithin6Weeks: m.adviceWithin6Weeks,
        caseworkWithin48Hours: m.caseworkWithin48Hours,
      };
      for (const f of TREND_FIGURES) {
        const point = p.figures[f];
        expect([point.met, point.total]).toEqual([ratios[f].met, ratios[f].total]);
        // Fewer than 5 items: no percentage, marked small; none: no percentage, not small.
        if (point.total === 0) expect(point).toMatchObject({ percent: null, small: false });
        else if (point.total < 5) expect(point).toMatchObject({ percent: null, small: true });
        else expect(point.percent).toBe(ratios[f].percent);
      }
    }
    expect(trend.points.some((p) => TREND_FIGURES.some((f) => p.figures[f].small))).toBe(true);
  });

  it('the figures of each team and locality combine into those of the whole service', () => {
    const keys = new Set([...file.cases, ...file.people].map((x) => `${x.team ?? ''}|${x.locality ?? ''}`));
    const options = { from: '2026-06-01', to: TODAY, today: TODAY };
    const groups = [...keys].map((k) => {
      const [team, locality] = k.split('|');
      const inGroup = (x: { team: string | null; locality: string | null }) => (x.team ?? '') === team && (x.locality ?? '') === locality;
      const cases = file.cases.filter(inGroup);
      const people = file.people.filter(inGroup);
      const ids = new Set([...cases.map((c) => c.id), ...people.map((p) => p.id)]);
      return {
        ...file,
        cases,
        people,
        supervisions: file.supervisions.filter((s) => ids.has(s.superviseeId)),
        // A case's action counts for the case's team and locality, an action for no case for its owner's
        // (docs/rules.md section 6).
        obligations: obligations.filter((o) => ids.has(o.caseId ?? (o.kind === 'meeting-action' ? o.ownerId : o.personId) ?? '')),
      };
    });
    const combined = finishMeasures(combineMeasurePartials(groups.map((g) => measurePartial(g, options))), { team: null, locality: null });
    expect(combined).toEqual(measures(input, options));
    const buckets = trendBuckets(options.from, TODAY);
    const trend = finishTrend(combineTrendPartials(groups.map((g) => trendPartial(g, { today: TODAY, buckets }))));
    expect(trend).toEqual(finishTrend(trendPartial(input, { today: TODAY, buckets })));
  });
});
