// One-off changes to England and Wales bank holidays, announced by proclamation, that the rules in
// bankHolidays.ts cannot know. Keep this list up to date from the published GOV.UK list; the tests
// check the combined result against the published dates for 2015-2028.
//
// `replaces`: the rule-based date that was moved (it is no longer a bank holiday).

export interface BankHolidayChange {
  readonly date: string;
  readonly name: string;
  readonly replaces?: string;
}

export const bankHolidayChanges: readonly BankHolidayChange[] = [
  { date: '2020-05-08', name: 'Early May bank holiday (VE day)', replaces: '2020-05-04' },
  { date: '2022-06-02', name: 'Spring bank holiday', replaces: '2022-05-30' },
  { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
  { date: '2022-09-19', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' },
];
