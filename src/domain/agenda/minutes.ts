// The minutes of a CMOOE meeting (docs/rules.md section 5): the record of meeting M (cases discussed with
// their outcomes, the actions agreed with owners and due dates, attendance) and the actions of the
// series closed since the previous meeting. Pure: the same records give the same minutes.
import type { CaseFile } from '../model.js';
import { toDay } from '../dates.js';
import { actionsClosedBetween, seriesSchedule } from './cmooe.js';
import type { Minutes, MinutesAction } from './types.js';

export type MinutesInput = Pick<CaseFile, 'meetingSeries' | 'cases' | 'actions' | 'meetingRecords'>;

export interface MinutesOptions {
  readonly seriesId: string;
  readonly meetingOn: string;
  /** The child's initials ("Jamie Example" -> "J.E."); services/access.ts `initials`. */
  readonly initials: (childName: string) => string;
}

/** The minutes of the series' meeting on `meetingOn`, or a RangeError when nothing was recorded for it. */
export function meetingMinutes(file: MinutesInput, options: MinutesOptions): Minutes {
  const schedule = seriesSchedule(file, options.seriesId);
  const record = file.meetingRecords.find((r) => r.seriesId === options.seriesId && r.meetingOn === options.meetingOn);
  if (record === undefined) throw new RangeError(`nothing is recorded for the ${options.seriesId} meeting on ${options.meetingOn}`);
  const children = new Map(file.cases.map((c) => [c.id, c.childName]));
  const agreed = file.actions.filter((a) => a.seriesId === options.seriesId && a.meetingOn === options.meetingOn);
  const asMinutes = (a: (typeof agreed)[number]): MinutesAction => ({ id: a.id, text: a.text, ownerId: a.ownerId, dueOn: a.dueOn, closedOn: a.closedOn });
  const byDue = (x: MinutesAction, y: MinutesAction) => (x.dueOn < y.dueOn ? -1 : x.dueOn > y.dueOn ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  const discussed = new Set(record.cases.map((c) => c.caseId));
  const meeting = toDay(options.meetingOn);
  return {
    seriesId: record.seriesId,
    meetingOn: record.meetingOn,
    recordedById: record.recordedById,
    recordedAt: record.recordedAt,
    attendees: [...record.attendees],
    cases: record.cases.map((c) => ({
      caseId: c.caseId,
      initials: options.initials(children.get(c.caseId) ?? ''),
      outcome: c.outcome,
      actions: agreed
        .filter((a) => a.caseId === c.caseId)
        .map(asMinutes)
        .sort(byDue),
    })),
    otherActions: agreed
      .filter((a) => a.caseId === null || !discussed.has(a.caseId))
      .map(asMinutes)
      .sort(byDue),
    // Closed since the previous meeting, up to and including this one's day.
    closedSinceLast: actionsClosedBetween(file.actions, options.seriesId, meeting - schedule.every, meeting + 1),
  };
}
