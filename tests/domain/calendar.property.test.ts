// Properties of working-day arithmetic (fast-check), over 2015-2035.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Calendar } from '../../src/domain/calendar/index.js';
import { addMonths, civilFromDay, daysInMonth, fromDay, isWeekend, toDay } from '../../src/domain/dates.js';

const cal = new Calendar();
const FIRST = toDay('2015-01-01');
const LAST = toDay('2035-12-31');
const day = fc.integer({ min: FIRST, max: LAST - 60 });
const count = fc.integer({ min: 1, max: 40 });

describe('addWorkingDays', () => {
  it('never lands on a weekend or a bank holiday', () => {
    fc.assert(
      fc.property(day, count, (d, n) => {
        const r = cal.addWorkingDays(d, n);
        return !isWeekend(r) && !cal.isBankHoliday(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('is strictly increasing in n and non-decreasing in the start day', () => {
    fc.assert(
      fc.property(day, count, (d, n) => cal.addWorkingDays(d, n + 1) > cal.addWorkingDays(d, n)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(day, count, (d, n) => cal.addWorkingDays(d + 1, n) >= cal.addWorkingDays(d, n)),
      { numRuns: 2000 },
    );
  });

  it('addWorkingDays(d, n) minus d counts exactly n working days', () => {
    fc.assert(
      fc.property(day, count, (d, n) => cal.workingDaysBetween(d, cal.addWorkingDays(d, n)) === n),
      { numRuns: 2000 },
    );
  });

  // No 60-day stretch of 2015-2035 holds more than five bank holidays (the most: Easter 2022 to the
  // Platinum Jubilee, 15 Apr-3 Jun; Easter 2023 to the late May holiday, with the coronation). So n
  // working days take at most the calendar days of n + 5 weekdays, plus a weekend at either end.
  // (The bound once forgot that the holidays themselves bring weekends: 14 Apr 2022 + 37 working
  // days is 13 Jun 2022, 60 days later.)
  it('takes at least n calendar days and no more than the weekends and five bank holidays add', () => {
    expect(cal.addWorkingDays(toDay('2022-04-14'), 37)).toBe(toDay('2022-06-13'));
    fc.assert(
      fc.property(day, count, (d, n) => {
        const span = cal.addWorkingDays(d, n) - d;
        return span >= n && span <= Math.ceil(((n + 5) * 7) / 5) + 2;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('school days', () => {
  it('are a subset of working days, and school day N is never before day N-1', () => {
    const withHolidays = new Calendar({
      schoolHolidays: [
        { from: '2026-12-21', to: '2027-01-01' },
        { from: '2027-04-05', to: '2027-04-16' },
      ],
    });
    fc.assert(
      fc.property(fc.integer({ min: toDay('2026-09-01'), max: toDay('2027-07-01') }), fc.integer({ min: 2, max: 10 }), (d, n) => {
        const a = withHolidays.schoolDayNumber(d, n - 1);
        const b = withHolidays.schoolDayNumber(d, n);
        return b > a && withHolidays.isSchoolDay(b) && cal.isWorkingDay(b);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('addMonths', () => {
  it('keeps the day of the month, or clamps it to the last day of a shorter month', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -24, max: 24 }), (d, n) => {
        const from = civilFromDay(d);
        const to = civilFromDay(addMonths(d, n));
        const monthsApart = (to.year - from.year) * 12 + (to.month - from.month);
        return monthsApart === n && to.day === Math.min(from.day, daysInMonth(to.year, to.month));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips dates through text', () => {
    fc.assert(
      fc.property(day, (d) => toDay(fromDay(d)) === d),
      { numRuns: 2000 },
    );
  });
});

it('covers the range the product supports', () => {
  expect(fromDay(FIRST)).toBe('2015-01-01');
  expect(fromDay(LAST)).toBe('2035-12-31');
});
