// The calendar of docs/rules.md section 2, checked against published dates (GOV.UK bank holidays
// for England and Wales, 2015-2028) and hand-worked examples.
import { describe, expect, it } from '@jest/globals';
import { bankHolidaysOf, Calendar, easterSunday, ncYear } from '../../src/domain/calendar/index.js';
import { addMonths, addWeeks, ageOn, fromDay, isIsoDate, londonDayOfInstant, toDay, weekday } from '../../src/domain/dates.js';

/** The published England and Wales bank holidays. */
const PUBLISHED: Record<number, string[]> = {
  2015: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2016: ['01-01', '03-25', '03-28', '05-02', '05-30', '08-29', '12-26', '12-27'],
  2017: ['01-02', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26'],
  2018: ['01-01', '03-30', '04-02', '05-07', '05-28', '08-27', '12-25', '12-26'],
  2019: ['01-01', '04-19', '04-22', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2020: ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28'],
  2021: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2022: ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27'],
  2023: ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26'],
  2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
  2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2028: ['01-03', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26'],
};

const EASTER: Record<number, string> = {
  2015: '04-05',
  2016: '03-27',
  2017: '04-16',
  2018: '04-01',
  2019: '04-21',
  2020: '04-12',
  2021: '04-04',
  2022: '04-17',
  2023: '04-09',
  2024: '03-31',
  2025: '04-20',
  2026: '04-05',
  2027: '03-28',
  2028: '04-16',
  2029: '04-01',
  2030: '04-21',
  2031: '04-13',
  2032: '03-28',
  2033: '04-17',
  2034: '04-09',
  2035: '03-25',
};

describe('England and Wales bank holidays', () => {
  it.each(Object.entries(PUBLISHED))('%s matches the published list', (year, dates) => {
    expect(bankHolidaysOf(Number(year)).map((h) => h.date)).toEqual(dates.map((d) => `${year}-${d}`));
  });

  it.each(Object.entries(EASTER))('Easter Sunday %s is %s', (year, date) => {
    expect(fromDay(easterSunday(Number(year)))).toBe(`${year}-${date}`);
  });

  it.each(Array.from({ length: 21 }, (_, i) => 2015 + i))('%i: every bank holiday is a weekday, eight in a normal year', (year) => {
    const list = bankHolidaysOf(year);
    for (const h of list) expect(weekday(toDay(h.date))).toBeLessThan(5);
    if (year !== 2022 && year !== 2023) expect(list).toHaveLength(8);
    expect(new Set(list.map((h) => h.date)).size).toBe(list.length);
  });

  it('knows the one-off changes: VE day 2020, the Platinum Jubilee and the State Funeral 2022, the coronation 2023', () => {
    const cal = new Calendar();
    expect(cal.isBankHoliday(toDay('2020-05-08'))).toBe(true);
    expect(cal.isBankHoliday(toDay('2020-05-04'))).toBe(false);
    expect(cal.isBankHoliday(toDay('2022-05-30'))).toBe(false);
    expect(cal.isBankHoliday(toDay('2022-06-03'))).toBe(true);
    expect(cal.isBankHoliday(toDay('2022-09-19'))).toBe(true);
    expect(cal.isBankHoliday(toDay('2023-05-08'))).toBe(true);
  });

  it('takes further one-off changes from configuration', () => {
    const cal = new Calendar({ bankHolidayChanges: [{ date: '2030-06-07', name: 'A new one-off holiday' }] });
    expect(cal.isBankHoliday(toDay('2030-06-07'))).toBe(true);
    expect(new Calendar().isBankHoliday(toDay('2030-06-07'))).toBe(false);
  });
});

describe('working days (docs/rules.md section 2: the Nth working day after X, X not counted)', () => {
  const cal = new Calendar();
  it.each([
    ['2026-11-23', 1, '2026-11-24', 'Monday to Tuesday'],
    ['2026-11-27', 1, '2026-11-30', 'Friday to Monday'],
    ['2026-11-28', 1, '2026-11-30', 'from a Saturday'],
    ['2026-12-18', 10, '2027-01-06', 'supervision notes across Christmas 2026 (25, 28 Dec, 1 Jan)'],
    ['2026-04-02', 1, '2026-04-07', 'across Easter 2026 (Good Friday 3 Apr, Easter Monday 6 Apr)'],
    ['2027-12-24', 1, '2027-12-29', 'Christmas 2027 substitute days 27 and 28 Dec'],
    ['2027-12-31', 1, '2028-01-04', 'New Year 2028 substitute day 3 Jan'],
    ['2026-11-23', 15, '2026-12-14', 'fifteen working days'],
    ['2026-11-23', 0, '2026-11-23', 'zero is the day itself'],
    ['2026-11-30', -1, '2026-11-27', 'backwards over a weekend'],
  ])('%s + %i working days = %s (%s)', (from, n, expected) => {
    expect(fromDay(cal.addWorkingDays(toDay(from), n))).toBe(expected);
  });

  it('counts working days between two dates', () => {
    expect(cal.workingDaysBetween(toDay('2026-12-18'), toDay('2027-01-06'))).toBe(10);
    expect(cal.workingDaysBetween(toDay('2026-11-23'), toDay('2026-11-23'))).toBe(0);
  });
});

describe('school days', () => {
  const holidays = [
    { from: '2026-12-21', to: '2027-01-01', name: 'Christmas holiday' },
    { from: '2026-10-26', to: '2026-10-30', name: 'October half term' },
  ];
  const cal = new Calendar({ schoolHolidays: holidays });
  const plain = new Calendar();

  it('without configured holidays, school days are working days', () => {
    expect(plain.schoolDaysFromUntil(toDay('2026-12-14'), toDay('2027-01-11'))).toBe(plain.workingDaysBetween(toDay('2026-12-13'), toDay('2027-01-10')));
  });

  it('leaves out configured school holidays', () => {
    expect(cal.isSchoolDay(toDay('2026-12-22'))).toBe(false);
    expect(cal.isSchoolDay(toDay('2027-01-04'))).toBe(true);
    // 14-18 Dec (5) + 4-8 Jan (5); the Christmas holiday is not counted.
    expect(cal.schoolDaysFromUntil(toDay('2026-12-14'), toDay('2027-01-11'))).toBe(10);
    // Without holidays: 14-18, 21-24, 29-31 Dec, 4-8 Jan = 5 + 4 + 3 + 5.
    expect(plain.schoolDaysFromUntil(toDay('2026-12-14'), toDay('2027-01-11'))).toBe(17);
  });

  it('school days missing count from the period start, up to but not including the meeting', () => {
    // Period from Mon 2 Nov 2026; meeting Thu 26 Nov: 2-6, 9-13, 16-20, 23-25 Nov = 18.
    expect(plain.schoolDaysFromUntil(toDay('2026-11-02'), toDay('2026-11-26'))).toBe(18);
    // Across a bank holiday: period from Tue 25 Aug 2026 to meeting Thu 3 Sep; Mon 31 Aug is a bank holiday.
    expect(plain.schoolDaysFromUntil(toDay('2026-08-25'), toDay('2026-09-03'))).toBe(6);
  });

  it('numbers the school days after a permanent exclusion (PS 6.17: day 6; PS 6.18: day 1)', () => {
    // Excluded Saturday 21 Nov 2026: day 1 is Monday 23 Nov, day 6 is Monday 30 Nov.
    expect(fromDay(plain.schoolDayNumber(toDay('2026-11-21'), 1))).toBe('2026-11-23');
    expect(fromDay(plain.schoolDayNumber(toDay('2026-11-21'), 6))).toBe('2026-11-30');
    // Excluded Thursday 24 Dec 2026: day 1 is that day; then 29, 30, 31 Dec, 4 and 5 Jan.
    expect(fromDay(plain.schoolDayNumber(toDay('2026-12-24'), 1))).toBe('2026-12-24');
    expect(fromDay(plain.schoolDayNumber(toDay('2026-12-24'), 6))).toBe('2027-01-05');
    // With the Christmas school holiday configured, day 1 is the first day back.
    expect(fromDay(cal.schoolDayNumber(toDay('2026-12-24'), 1))).toBe('2027-01-04');
    expect(fromDay(cal.schoolDayNumber(toDay('2026-12-24'), 6))).toBe('2027-01-11');
    expect(() => plain.schoolDayNumber(toDay('2026-12-24'), 0)).toThrow(/1 or more/);
  });
});

describe('National Curriculum year (docs/rules.md section 2)', () => {
  it.each([
    ['2012-10-15', '2026-11-23', 9, 'born October 2012: Year 9 in 2026/27'],
    ['2013-08-31', '2026-11-23', 9, 'born 31 August: the youngest of the same cohort'],
    ['2013-09-01', '2026-11-23', 8, 'born 1 September: the next cohort'],
    ['2021-09-01', '2026-09-01', 0, 'Reception from the September after turning four'],
    ['2021-09-01', '2026-08-31', -1, 'the day before the academic year starts'],
    ['2010-09-15', '2026-11-23', 11, 'Year 11'],
    ['2010-07-01', '2026-11-23', 12, 'born July 2010: Reception in 2014/15, Year 12 now'],
    ['2012-02-29', '2026-11-23', 10, 'born on 29 February 2012: Reception in 2016/17'],
  ])('born %s, on %s: NC year %i (%s)', (dob, on, expected) => {
    expect(ncYear(toDay(dob), toDay(on))).toBe(expected);
  });
});

describe('dates', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28', '31 Jan + 1 month clamps to 28 Feb'],
    ['2024-01-31', 1, '2024-02-29', 'in a leap year to 29 Feb'],
    ['2024-02-29', 12, '2025-02-28', '29 Feb + 12 months'],
    ['2024-02-29', 48, '2028-02-29', '29 Feb + 4 years'],
    ['2026-08-31', 6, '2027-02-28', '31 Aug + 6 months'],
    ['2026-11-30', 3, '2027-02-28', '30 Nov + 3 months'],
    ['2026-10-12', 12, '2027-10-12', 'an ordinary anniversary'],
    ['2026-03-31', -1, '2026-02-28', 'backwards, clamped'],
  ])('%s + %i months = %s (%s)', (from, n, expected) => {
    expect(fromDay(addMonths(toDay(from), n))).toBe(expected);
  });

  it('adds weeks as 7 days each', () => {
    expect(fromDay(addWeeks(toDay('2026-06-01'), 6))).toBe('2026-07-13');
    expect(fromDay(addWeeks(toDay('2026-06-01'), 20))).toBe('2026-10-19');
  });

  it('rejects dates that do not exist', () => {
    for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-4-01', '20260401', '2026-04-31', '']) {
      expect(isIsoDate(bad)).toBe(false);
      expect(() => toDay(bad)).toThrow(`not a date "${bad}"`);
    }
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
  });

  it('computes whole years of age, a 29 February birthday counting from 1 March', () => {
    expect(ageOn(toDay('2021-11-24'), toDay('2026-11-23'))).toBe(4);
    expect(ageOn(toDay('2021-11-23'), toDay('2026-11-23'))).toBe(5);
    expect(ageOn(toDay('2020-02-29'), toDay('2025-02-28'))).toBe(4);
    expect(ageOn(toDay('2020-02-29'), toDay('2025-03-01'))).toBe(5);
  });

  it('takes the Europe/London date of an instant (GMT in winter, BST in summer)', () => {
    expect(fromDay(londonDayOfInstant(Date.parse('2026-06-30T23:30:00Z')))).toBe('2026-07-01');
    expect(fromDay(londonDayOfInstant(Date.parse('2026-12-31T23:30:00Z')))).toBe('2026-12-31');
    // Clocks go back at 01:00 UTC on 25 Oct 2026: 00:30Z is 01:30 BST, 23:30Z is 23:30 GMT.
    expect(fromDay(londonDayOfInstant(Date.parse('2026-10-24T23:30:00Z')))).toBe('2026-10-25');
    expect(fromDay(londonDayOfInstant(Date.parse('2026-10-25T23:30:00Z')))).toBe('2026-10-25');
    // Clocks go forward at 01:00 UTC on 29 Mar 2026.
    expect(fromDay(londonDayOfInstant(Date.parse('2026-03-28T23:30:00Z')))).toBe('2026-03-28');
    expect(fromDay(londonDayOfInstant(Date.parse('2026-03-29T23:30:00Z')))).toBe('2026-03-30');
  });
});
