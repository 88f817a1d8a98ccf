// The concern on the channel card (docs/rules.md sections 4 and 11): its first words only when they name
// no one, else "concern recorded". Rows from the rule's words, not from the code.
import { describe, expect, it } from '@jest/globals';
import { concernOpening } from '../../src/services/fortnight.js';

const known = ['Jamie Example', 'Riley Stone', 'Megan Bowen', "Sam O'Neill-Hart"];

describe('the first words of a concern on the channel card', () => {
  it.each([
    // names no one: shown (the first six words, "…" when there is more)
    ['No education provision since the exclusion.', 'No education provision since the exclusion.'],
    ['Attendance below 50% this half term, and falling further', 'Attendance below 50% this half term,…'],
    ['Part-time timetable continuing beyond six weeks.', 'Part-time timetable continuing beyond six weeks.'],
    ['No tuition since October, SEMH needs unmet', 'No tuition since October, SEMH needs…'],
    // a child's or a staff member's name anywhere in the first words: not shown
    ['Jamie has had no tuition since half term', null],
    ['No contact from riley since the move', null],
    ['Megan reports no school place', null],
    ["Family say O'Neill-Hart is at home", null],
    // a capitalised word after the first may be a name the file does not hold: not shown
    ['Mum and Dad report Toby is at home', null],
    ['Not attending since moving to Hillside', null],
    // a name past the words shown is not shown either: the opening is kept
    ['Not attending since the move to Hillside', 'Not attending since the move to…'],
    // nothing to show
    ['   ', null],
  ])('%j -> %j', (concern, shown) => {
    expect(concernOpening(concern, known)).toBe(shown);
  });
});
