// Actions agreed at a meeting (docs/rules.md section 5; PS 4.2 "hold locality staff to account"): each
// has an owner and a due date, optionally a case; it returns on every later agenda of its series until
// it is closed.
import { isIsoDate } from '../../domain/dates.js';
import { WEEKLY_SERIES_ID } from '../../domain/agenda/weekly.js';
import type { Action } from '../../domain/model.js';
import { NotFoundError, StoreValidationError, type CaseStore } from '../../store/port.js';
import type { Logger } from '../log.js';

export interface NewAction {
  /** A CMOOE series id, or "weekly" for the weekly team manager meeting. */
  readonly seriesId: string;
  /** The meeting at which it was agreed. */
  readonly meetingOn: string;
  readonly caseId?: string | null;
  readonly text: string;
  readonly ownerId: string;
  readonly dueOn: string;
}

export interface ActionDeps {
  readonly store: CaseStore;
  readonly logger?: Logger;
}

function check(problems: string[], ok: boolean, problem: string): void {
  if (!ok) problems.push(problem);
}

/** Record an action; every problem is named and nothing is written if there is one. Returns it with its id. */
export async function recordAction(deps: ActionDeps, input: NewAction): Promise<Action> {
  const problems: string[] = [];
  const text = (input.text ?? '').trim();
  check(problems, text.length > 0, 'text: must not be empty');
  check(problems, text.length <= 2000, 'text: at most 2000 characters');
  check(problems, typeof input.meetingOn === 'string' && isIsoDate(input.meetingOn), `meetingOn: not a date ${JSON.stringify(input.meetingOn)}`);
  check(problems, typeof input.dueOn === 'string' && isIsoDate(input.dueOn), `dueOn: not a date ${JSON.stringify(input.dueOn)}`);
  if (isIsoDate(input.meetingOn ?? '') && isIsoDate(input.dueOn ?? '')) check(problems, input.dueOn >= input.meetingOn, `dueOn: ${input.dueOn} is before the meeting (${input.meetingOn})`);
  const series = await deps.store.listMeetingSeries();
  // The weekly meeting's actions need a configured series "weekly" too (the case file checks every
  // action's series), e.g. { id: "weekly", title: "Weekly team manager meeting", everyDays: 7, ... }.
  const hint = series.some((s) => s.id === WEEKLY_SERIES_ID) ? '' : `; add a series "${WEEKLY_SERIES_ID}" for the weekly meeting's actions`;
  check(
    problems,
    series.some((s) => s.id === input.seriesId),
    `seriesId: no meeting series "${input.seriesId}" (configured: ${series.map((s) => s.id).join(', ') || 'none'}${hint})`,
  );
  const owner = await deps.store.getPerson(input.ownerId);
  check(problems, owner !== null, `ownerId: no person with id "${input.ownerId}"`);
  const caseId = input.caseId ?? null;
  if (caseId !== null) check(problems, (await deps.store.getCase(caseId)) !== null, `caseId: no case with id "${caseId}"`);
  if (problems.length > 0) throw new StoreValidationError('the action was not recorded', problems);

  for (let attempt = 0; ; attempt += 1) {
    const existing = await deps.store.listActions();
    let max = 0;
    for (const a of existing) {
      const m = /^A-(\d+)$/.exec(a.id);
      if (m) max = Math.max(max, Number(m[1]));
    }
    const action: Action = { id: `A-${max + 1}`, seriesId: input.seriesId, meetingOn: input.meetingOn, caseId, text, ownerId: input.ownerId, dueOn: input.dueOn, closedOn: null, closedNote: null };
    try {
      await deps.store.addAction(action);
      deps.logger?.info('action recorded', { actionId: action.id, seriesId: action.seriesId, caseId: action.caseId, ownerId: action.ownerId });
      return action;
    } catch (e) {
      // Another instance took the same id at the same moment: take the next one (a few times at most).
      const taken = (await deps.store.listActions()).some((a) => a.id === action.id);
      if (!taken || attempt >= 3) throw e;
    }
  }
}

/** Close an action on a date, with a line on what was done if given; it no longer returns on agendas
 * of meetings after that date. */
export async function closeAction(deps: ActionDeps, actionId: string, closedOn: string, closedNote: string | null = null): Promise<void> {
  if (!isIsoDate(closedOn)) throw new StoreValidationError('the action was not closed', [`closedOn: not a date ${JSON.stringify(closedOn)}`]);
  const action = (await deps.store.listActions()).find((a) => a.id === actionId);
  if (!action) throw new NotFoundError('action', actionId);
  if (closedOn < action.meetingOn) throw new StoreValidationError('the action was not closed', [`closedOn: ${closedOn} is before the meeting that agreed it (${action.meetingOn})`]);
  await deps.store.closeAction(actionId, closedOn, closedNote);
  deps.logger?.info('action closed', { actionId, closedOn });
}
