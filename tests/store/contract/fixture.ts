// The case file the contract suite imports: the demo service (src/domain/demo.ts), small, with a few
// deterministic additions so that every query of the port has something to find: a ceased plan, a
// transferred plan, a closed CMOOE period, a child in care in CMOOE, a school holiday.
import { generateDemo } from '../../../src/domain/demo.js';
import type { Case, CaseFile } from '../../../src/domain/model.js';
import { readCaseFile } from '../../../src/domain/validate.js';

export const FIXTURE_TODAY = '2026-11-23';
/** A day inside the closed CMOOE period added below (and in no open period's past). */
export const CLOSED_CMOOE_DAY = '2026-03-16';

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function issuedOpenCases(file: CaseFile): Case[] {
  return file.cases.filter((c) => c.plan?.issuedOn && !c.plan.ceasedOn && !c.plan.transferredOutOn && c.cmooe.length === 0);
}

/** A fresh copy each call (tests may change it). Validated, so it is in canonical (parsed) form. */
export function contractFixture(cases = 80, seed = 7): CaseFile {
  const file = clone(generateDemo({ cases, seed, today: FIXTURE_TODAY }));
  const plain = issuedOpenCases(file);
  // (A very small demo may have fewer than four such cases: then only the first additions are made.)
  const [toCease, toTransfer, closedCmooe, cicCmooe] = plain.slice(-4) as (Case | undefined)[];
  if (toCease) toCease.plan = { ...toCease.plan!, ceasedOn: laterOf(toCease.plan!.issuedOn!, '2026-09-01') };
  if (toTransfer) toTransfer.plan = { ...toTransfer.plan!, transferredOutOn: laterOf(toTransfer.plan!.issuedOn!, '2026-10-01') };
  if (closedCmooe) closedCmooe.cmooe = [{ from: '2026-03-02', to: '2026-04-10', reason: 'missing-attendance' }];
  if (cicCmooe) {
    cicCmooe.childInCare = true;
    cicCmooe.cmooe = [{ from: '2026-10-05', to: null, reason: 'suspended-no-provision' }];
  }
  file.schoolHolidays = [{ from: '2026-12-21', to: '2027-01-01', name: 'Christmas' }];
  return readCaseFile(file);
}

function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

/** The canonical empty case file (what an empty store exports). */
export function emptyCaseFile(): CaseFile {
  return readCaseFile({});
}
