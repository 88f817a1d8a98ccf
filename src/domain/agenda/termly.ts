// The termly notice to educational settings (docs/rules.md section 5; PS 7.6): two weeks before a term
// starts, each setting is told the annual reviews due in the term, with the ones to focus on transition
// (a planned phase transfer, PS 7.10) and on preparing for adulthood (NC year 9 and above, PS 7.11).
import type { Calendar } from '../calendar/index.js';
import { toDay, fromDay } from '../dates.js';
import type { CaseFile } from '../model.js';
import { ruleContext } from '../obligations.js';
import { annualReview } from '../rules/index.js';
import type { Obligation } from '../obligation.js';
import type { Policy } from '../policy.js';
import type { TermlyNotice, TermlyReview, TermlySetting } from './types.js';

/** PS 7.6: notice "2 weeks before term starts". */
export const TERMLY_NOTICE_LEAD_DAYS = 14;

export interface TermlyNoticeOptions {
  readonly termStart: string;
  readonly termEnd: string;
  readonly calendar: Calendar;
  readonly initials: (childName: string) => string;
  /** The profile in force (its annual review rule); default Dorset. */
  readonly policy?: Policy;
}

/** Settings with no name recorded are grouped under this heading (Business Support sorts them out). */
export const NO_SETTING = '(no setting recorded)';

export function termlyNotice(file: Pick<CaseFile, 'cases' | 'meetingSeries' | 'people' | 'schoolHolidays'> & Partial<Pick<CaseFile, 'policy'>>, options: TermlyNoticeOptions): TermlyNotice {
  const start = toDay(options.termStart);
  const end = toDay(options.termEnd);
  if (end < start) throw new RangeError(`the term ends (${options.termEnd}) before it starts (${options.termStart})`);
  const noticeDue = start - TERMLY_NOTICE_LEAD_DAYS;
  // The reviews are computed as they stand on the notice date, so the notice depends on the term only.
  const ctx = ruleContext(file, { today: fromDay(noticeDue), calendar: options.calendar, ...(options.policy !== undefined ? { policy: options.policy } : {}) });
  const bySetting = new Map<string, TermlySetting>();
  for (const c of file.cases) {
    if (c.plan === null || c.plan.issuedOn === null) continue;
    const reviews: Obligation[] = annualReview(c, ctx, []);
    for (const o of reviews) {
      const due = toDay(o.due);
      if (due < start || due > end) continue;
      // A transition review: a phase transfer is planned and not yet completed at the review's due date.
      const pt = c.phaseTransfer;
      const phaseTransfer = pt !== null && (pt.completedOn === null || toDay(pt.completedOn) > due) && toDay(pt.moveOn) > due;
      const name = c.setting ?? NO_SETTING;
      const key = `${name}\u0000${c.settingUrn ?? ''}`;
      let s = bySetting.get(key);
      if (!s) bySetting.set(key, (s = { setting: name, settingUrn: c.settingUrn, reviews: [] }));
      const review: TermlyReview = {
        caseId: c.id,
        initials: options.initials(c.childName),
        dueOn: o.due,
        status: o.status,
        basis: o.basis,
        phaseTransfer,
        preparingForAdulthood: o.pfa === true,
        leadProfessionalId: c.leadProfessionalId,
      };
      s.reviews.push(review);
    }
  }
  // By setting name, the cases with no setting recorded last.
  const settings = [...bySetting.values()].sort(
    (a, b) =>
      (a.setting === NO_SETTING ? 1 : 0) - (b.setting === NO_SETTING ? 1 : 0) ||
      (a.setting < b.setting ? -1 : a.setting > b.setting ? 1 : (a.settingUrn ?? '') < (b.settingUrn ?? '') ? -1 : (a.settingUrn ?? '') > (b.settingUrn ?? '') ? 1 : 0),
  );
  for (const s of settings) s.reviews.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  return { notice: 'termly', termStart: options.termStart, termEnd: options.termEnd, noticeDueOn: fromDay(noticeDue), settings };
}
