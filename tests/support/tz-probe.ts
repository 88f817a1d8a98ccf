// Prints calendar and obligation results as JSON; tests/domain/timezone.test.ts runs it under
// several TZ settings and checks the output is identical (nothing depends on the machine's zone).
import { Calendar, bankHolidaysOf, ncYear } from '../../src/domain/calendar/index.js';
import { addMonths, fromDay, londonDayOfInstant, londonToday, toDay } from '../../src/domain/dates.js';
import { computeObligations } from '../../src/domain/obligations.js';
import { toObligationJson } from '../../src/domain/obligation.js';
import { readCaseFile } from '../../src/domain/validate.js';
import { readFileSync } from 'node:fs';

const cal = new Calendar();
const out: Record<string, unknown> = {};
out.bankHolidays = [2015, 2020, 2022, 2023, 2026, 2027, 2028].map((y) => bankHolidaysOf(y).map((h) => h.date));
out.workingDays = ['2026-03-27', '2026-10-23', '2026-12-18', '2027-03-25'].map((d) => fromDay(cal.addWorkingDays(toDay(d), 10)));
out.months = ['2024-01-31', '2026-03-29', '2026-10-25'].map((d) => fromDay(addMonths(toDay(d), 1)));
out.ncYear = ncYear(toDay('2012-10-15'), toDay('2026-11-23'));
out.london = ['2026-03-29T00:30:00Z', '2026-10-24T23:30:00Z', '2026-06-30T23:30:00Z'].map((i) => fromDay(londonDayOfInstant(Date.parse(i))));
out.todayAt = londonToday(Date.parse('2026-07-01T23:30:00Z'));
const fixture = process.argv[2];
if (fixture) {
  const file = readCaseFile(JSON.parse(readFileSync(fixture, 'utf8')));
  out.obligations = computeObligations(file, { today: '2026-11-23' }).map(toObligationJson);
}
process.stdout.write(JSON.stringify(out));
