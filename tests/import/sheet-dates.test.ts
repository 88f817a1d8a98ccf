// Dates as councils write them in registers (UK, day first) and as Excel stores them.
import { describe, expect, it } from '@jest/globals';
import { parseSheetDate } from '../../src/domain/sheet-dates.js';

describe('reading a date from a register cell', () => {
  it.each<[unknown, string, string]>([
    ['12/03/2026', '2026-03-12', 'day first, as in the UK'],
    ['12/3/26', '2026-03-12', 'short year'],
    ['1/2/2026', '2026-02-01', 'single digits: 1 February'],
    ['12-03-2026', '2026-03-12', 'dashes'],
    ['12.03.2026', '2026-03-12', 'dots'],
    ['12 Mar 2026', '2026-03-12', 'short month name'],
    ['12 March 2026', '2026-03-12', 'long month name'],
    ['1st Sept 2026', '2026-09-01', 'ordinal and "Sept"'],
    ['2026-03-12', '2026-03-12', 'ISO'],
    [' 29/02/2024 ', '2024-02-29', 'leap day, spaces around'],
    [46093, '2026-03-12', 'an Excel date serial'],
    ['46093', '2026-03-12', 'a serial stored as text'],
    [45351, '2024-02-29', 'the serial of 29 Feb 2024'],
    [new Date(Date.UTC(2026, 2, 12)), '2026-03-12', 'a date cell'],
  ])('%p is %s (%s)', (cell, expected) => {
    expect(parseSheetDate(cell)).toEqual({ ok: true, date: expected });
  });

  it.each<[unknown, string]>([
    ['31/02/2026', 'not a date "31/02/2026"'],
    ['29/02/2026', 'not a date "29/02/2026"'],
    ['13/13/2026', 'not a date "13/13/2026"'],
    ['12 Foo 2026', 'not a month "Foo" in "12 Foo 2026"'],
    ['next week', 'not a date "next week" (use day/month/year, e.g. 12/03/2026)'],
    [12, 'the number 12 is not a date (Excel date serials for 1990-2099 are 32874-73050)'],
  ])('%p is refused: %s', (cell, reason) => {
    expect(parseSheetDate(cell)).toEqual({ ok: false, reason });
  });

  it('an empty cell, "-" or "n/a" means not yet', () => {
    for (const cell of [null, undefined, '', '  ', '-', 'N/A', 'n/a']) expect(parseSheetDate(cell)).toBeNull();
  });
});
