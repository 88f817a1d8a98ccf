// Conversations with the bot through botbuilder's TestAdapter, on a real SQLite store: every
// command and form, with bad input (missing fields, a future date for a meeting held, an unknown
// case, a case the user may not see). Dates are hand-computed from docs/rules.md.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AAD, activity, cardText, inputValue, onlyCard, problemBeside, say, submit, turn, world, type World } from './support.js';
import { cardProblems } from '../support/cards.js';
import { recognise, storeDirectory } from '../../src/services/people.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { agendaHandler } from '../../bot/agenda.js';
import { LocalDocumentStore } from '../../src/services/agendas/index.js';

/** A messenger that keeps what is sent to people's 1:1 chats (the real one is tests/trust/private-replies). */
function privateInbox(world: World): Array<{ personId: string; card: Record<string, unknown> }> {
  const sent: Array<{ personId: string; card: Record<string, unknown> }> = [];
  world.deps.messenger = {
    async sendToPerson(personId, card) {
      sent.push({ personId, card });
      return { conversationId: `a:${personId}`, activityId: String(sent.length) };
    },
    async sendToChannel() {
      throw new Error('not in these tests');
    },
    async updateCard() {},
  };
  return sent;
}

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => {
  // No child's name, date of birth or need reaches the log, whatever happened in the test.
  const log = w.logger.lines.join('\n');
  for (const secret of ['Jamie', 'Example', 'Riley', 'Casey', 'Robin', '2014-03-10', 'SEMH']) expect(log).not.toContain(secret);
  await w.close();
});

async function notesOf(caseId: string) {
  return (await w.store.getCase(caseId))!.case.caseNotes;
}

describe('who is talking', () => {
  it('gives a stranger the polite "not set up" card and nothing else', async () => {
    for (const text of ["what's due", 'case C-1001', 'help']) {
      const replies = await turn(w.bot, activity(AAD.stranger, { text }));
      expect(replies).toHaveLength(1);
      const shown = cardText(onlyCard(replies));
      expect(shown).toContain('You are not set up in SEND Oversight');
      expect(shown).not.toMatch(/C-1001|Jamie|due/i);
    }
  });

  it.each<[string, string | null, string | null, string | null]>([
    ['by object id, whatever the email', AAD.megan, 'alexw@example.com', 'p2'],
    ['not by the email of a person who has another object id (any case)', 'unknown-id', 'ALEXW@example.com', null],
    ['not at all without an object id', null, 'alexw@example.com', null],
    ['not at all with neither', null, null, null],
    ['not a stranger', AAD.stranger, 'someone@else.org', null],
  ])('recognises a person %s', async (_how, aadObjectId, email, expected) => {
    const person = await recognise(storeDirectory(w.store), { aadObjectId, tenantId: 't1' }, { allowedTenants: ['t1'], email: () => email, logger: w.logger });
    expect(person?.id ?? null).toBe(expected);
  });

  it('a stranger submitting a form gets the same card and nothing is saved', async () => {
    const card = await submit(w.bot, AAD.stranger, { action: 'submit.note', caseId: 'C-1001', eventDate: '2026-11-22', eventTime: '10:00', text: 'x' });
    expect(cardText(card)).toContain('You are not set up');
    expect(await notesOf('C-1001')).toHaveLength(0);
  });
});

describe('installation', () => {
  it('stores the 1:1 conversation reference on install with a welcome card, and removes it on uninstall', async () => {
    const replies = await turn(w.bot, activity(AAD.alex, { type: 'installationUpdate', action: 'add' }));
    expect(cardText(onlyCard(replies))).toContain('Welcome to SEND Oversight, Alex Wilber');
    const saved = await w.store.listConversations({ scope: 'personal', personId: 'p1' });
    expect(saved).toHaveLength(1);
    expect(saved[0]!.id).toBe(`a:personal-${AAD.alex}`);
    expect((saved[0]!.reference as { conversation: { id: string } }).conversation.id).toBe(`a:personal-${AAD.alex}`);
    await turn(w.bot, activity(AAD.alex, { type: 'installationUpdate', action: 'remove' }));
    expect(await w.store.listConversations({ scope: 'personal', personId: 'p1' })).toHaveLength(0);
  });

  it('stores a team installation with its team and channel, and a group chat one', async () => {
    const teamReplies = await turn(w.bot, activity(AAD.adele, { type: 'installationUpdate', action: 'add' }, 'channel'));
    const welcome = cardText(onlyCard(teamReplies));
    expect(welcome).toContain('case references and initials only');
    const teams = await w.store.listConversations({ scope: 'team' });
    expect(teams).toHaveLength(1);
    expect(teams[0]).toMatchObject({ teamId: '19:team@thread.tacv2', channelId: '19:general@thread.tacv2', personId: null });
    await turn(w.bot, activity(AAD.adele, { type: 'installationUpdate', action: 'add' }, 'groupChat'));
    expect(await w.store.listConversations({ scope: 'groupChat' })).toHaveLength(1);
    await turn(w.bot, activity(AAD.adele, { type: 'installationUpdate', action: 'remove' }, 'channel'));
    expect(await w.store.listConversations({ scope: 'team' })).toHaveLength(0);
  });

  it('a stranger installing the bot gets only the "not set up" card', async () => {
    const replies = await turn(w.bot, activity(AAD.stranger, { type: 'installationUpdate', action: 'add' }));
    expect(cardText(onlyCard(replies))).toContain('You are not set up');
  });

  it('records the 1:1 chat on first use when the install event was missed', async () => {
    await say(w.bot, AAD.alex, 'help');
    expect(await w.store.listConversations({ scope: 'personal', personId: 'p1' })).toHaveLength(1);
  });
});

describe("what's due", () => {
  it('lists my obligations, overdue first, then due soon, with case reference, what, when and citation', async () => {
    const card = await say(w.bot, AAD.alex, "What's due?");
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    // C-1001: requested 1 Sep 2026 + 6 weeks = 13 Oct 2026, overdue; C-1002: 20 Oct + 6 weeks = 1 Dec, due soon (PS 5.3).
    expect(text).toContain('1 overdue, 1 due in the next 14 days');
    const overdueAt = text.indexOf('**C-1001 J.E.** Decide whether to assess');
    const soonAt = text.indexOf('**C-1002 R.S.** Decide whether to assess');
    expect(overdueAt).toBeGreaterThan(-1);
    expect(soonAt).toBeGreaterThan(overdueAt);
    expect(text).toContain('Was due 2026-10-13: 6 weeks after the assessment request was received on 1 Sep 2026 · PS 5.3');
    expect(text).toContain('Due 2026-12-01: 6 weeks after the assessment request was received on 20 Oct 2026 · PS 5.3');
    expect(text).not.toContain('C-2001');
    expect(text).not.toContain('Jamie');
  });

  it('answers the same to "due" and to the card button', async () => {
    const typed = cardText(await say(w.bot, AAD.alex, 'due'));
    const button = cardText(await submit(w.bot, AAD.alex, { command: "what's due" }));
    expect(button).toBe(typed);
  });

  it('shows a team manager the supervision they owe (last held 20 Oct 2026 + 1 month = 20 Nov, PS 6.13)', async () => {
    const text = cardText(await say(w.bot, AAD.adele, "what's due"));
    expect(text).toContain('Supervision of Alex Wilber');
    expect(text).toContain('Was due 2026-11-20: 1 month after the first supervision recorded, on 20 Oct 2026 · PS 6.13');
  });

  it('in a channel, is sent to the 1:1 chat and the channel is told only that', async () => {
    const sent = privateInbox(w);
    await w.store.saveConversation({ id: 'a:alex', scope: 'personal', personId: 'p1', aadObjectId: AAD.alex, teamId: null, channelId: null, reference: {}, updatedAt: '2026-11-23T09:00:00Z' });
    const text = cardText(await say(w.bot, AAD.alex, "what's due", 'channel'));
    expect(text).toContain("I've sent it to you privately");
    expect(text).not.toMatch(/C-\d{4}|J\.E\.|Jamie/);
    expect(sent.map((m) => m.personId)).toEqual(['p1']);
    expect(cardText(sent[0]!.card)).toContain('C-1001 J.E.');
  });
});

describe('my cases and case details', () => {
  it('lists the cases I lead or hold, with initials, never others', async () => {
    const text = cardText(await say(w.bot, AAD.alex, 'my cases'));
    expect(text).toContain('**C-1001** J.E. · lead professional · CMOOE');
    expect(text).toContain('**C-1002** R.S. · lead professional');
    expect(text).not.toContain('C-2001');
  });

  it('shows a case I may see in a 1:1 chat', async () => {
    const card = await say(w.bot, AAD.alex, 'case C-1001');
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('C-1001: Jamie Example');
    expect(text).toContain('Decide whether to assess · overdue');
  });

  it('refuses a case I may not see, an unknown case, and details in a channel', async () => {
    const hidden = cardText(await say(w.bot, AAD.alex, 'case C-2001'));
    expect(hidden).toContain('There is no case C-2001 that you can see');
    expect(hidden).not.toContain('Casey');
    expect(cardText(await say(w.bot, AAD.alex, 'case c9999'))).toContain('There is no case C-9999 that you can see');
    // In a channel, with no 1:1 chat to send it to (and none that can be created here): said so, nothing shown.
    const channel = cardText(await say(w.bot, AAD.alex, 'case C-1001', 'channel'));
    expect(channel).toContain('I could not send it to you privately');
    expect(channel).not.toContain('Jamie');
  });

  it('reads back what was recorded: the latest CMOOE summary and the last three notes, newest first', async () => {
    await w.store.addCmooeSummary('C-1001', { submittedOn: '2026-11-05', authorId: 'p2', actionsToDate: 'Earlier actions', currentSteps: 'Earlier steps', keyDates: 'Earlier dates' });
    await w.store.addCmooeSummary('C-1001', { submittedOn: '2026-11-19', authorId: 'p2', actionsToDate: 'Tuition sought', currentSteps: 'Provider found', keyDates: 'Meeting 26 Nov' });
    for (const [day, text] of [
      ['16', 'First call with school'],
      ['17', 'Home visit'],
      ['18', 'Tuition agreed'],
      ['19', 'Provider confirmed'],
    ] as const) {
      await w.store.addCaseNote('C-1001', { eventAt: `2026-11-${day}T10:00:00Z`, recordedAt: `2026-11-${day}T12:00:00Z`, authorId: 'p1', text });
    }
    const card = await say(w.bot, AAD.alex, 'case C-1001');
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('Latest CMOOE summary: 2026-11-19, by Megan Bowen');
    expect(text).toContain('Provider found');
    expect(text).not.toContain('Earlier steps');
    expect(text).toContain('Last 3 case notes (of 4; all in the tab)');
    const order = ['Provider confirmed', 'Tuition agreed', 'Home visit'].map((t) => text.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toContain('First call with school');
    expect(text).toContain('2026-11-19 10:00 GMT, Alex Wilber');
  });

  it('lets a CMOOE chair see a CMOOE case but not another', async () => {
    expect(cardText(await say(w.bot, AAD.isaiah, 'case C-1001'))).toContain('Jamie Example');
    expect(cardText(await say(w.bot, AAD.isaiah, 'case C-1002'))).toContain('There is no case C-1002 that you can see');
  });
});

describe('note C-1001: casework within 48 hours (PS 11.2)', () => {
  it('opens the form, records a good note as of now and shows the 48-hour standard', async () => {
    const form = await say(w.bot, AAD.alex, 'note C-1001');
    expect(cardProblems(form)).toEqual([]);
    expect(cardText(form)).toContain('within 48 hours');
    const done = cardText(await submit(w.bot, AAD.alex, { action: 'submit.note', caseId: 'C-1001', eventDate: '2026-11-22', eventTime: '10:00', text: 'Home visit' }));
    expect(done).toContain('Casework recorded for C-1001');
    expect(done).toContain('on time');
    expect(done).toContain('2026-11-24 10:00 UK time'); // event + 48 hours
    expect(await notesOf('C-1001')).toEqual([{ eventAt: '2026-11-22T10:00:00.000Z', recordedAt: '2026-11-23T12:00:00.000Z', authorId: 'p1', text: 'Home visit' }]);
  });

  it('says when a note is late against the standard (event 20 Nov 09:00, recorded 23 Nov 12:00)', async () => {
    const done = cardText(await submit(w.bot, AAD.alex, { action: 'submit.note', caseId: 'C-1001', eventDate: '2026-11-20', eventTime: '09:00', text: 'Phone call' }));
    expect(done).toContain('late against the 48-hour standard');
  });

  it('returns the same form with input kept and each problem beside its field; nothing saved', async () => {
    const card = await submit(w.bot, AAD.alex, { action: 'submit.note', caseId: 'C-1001', eventDate: '2026-11-24', eventTime: '09:00', text: '' });
    expect(cardProblems(card)).toEqual([]);
    expect(problemBeside(card, 'text')).toBe('What happened is required');
    expect(inputValue(card, 'eventDate')).toBe('2026-11-24');
    expect(inputValue(card, 'eventTime')).toBe('09:00');
    const future = await submit(w.bot, AAD.alex, { action: 'submit.note', caseId: 'C-1001', eventDate: '2026-11-24', eventTime: '09:00', text: 'Visit' });
    expect(problemBeside(future, 'eventDate')).toContain('cannot be in the future');
    expect(inputValue(future, 'text')).toBe('Visit');
    const missingTime = await submit(w.bot, AAD.alex, { action: 'submit.note', caseId: 'C-1001', eventDate: '2026-11-22', text: 'Visit' });
    expect(problemBeside(missingTime, 'eventTime')).toContain('time of the event is required');
    expect(await notesOf('C-1001')).toHaveLength(0);
  });

  it('refuses an unknown case and a case I may not see', async () => {
    expect(cardText(await say(w.bot, AAD.alex, 'note C-9999'))).toContain('There is no case C-9999');
    expect(cardText(await say(w.bot, AAD.alex, 'note C-2001'))).toContain('There is no case C-2001 that you can see');
    const forged = cardText(await submit(w.bot, AAD.alex, { action: 'submit.note', caseId: 'C-2001', eventDate: '2026-11-22', eventTime: '10:00', text: 'x' }));
    expect(forged).toContain('There is no case C-2001 that you can see');
    expect(await notesOf('C-2001')).toHaveLength(0);
  });
});

describe('summary C-1001: the fortnightly CMOOE summary (PS 4.2, 6.15)', () => {
  // cmooe meets 26 Nov 2026 and every 14 days; on 23 Nov the 26 Nov deadline (19 Nov) has passed,
  // so a summary written today counts for 10 Dec, deadline 3 Dec.
  it('tells the inclusion lead which meeting it counts for and its deadline, and records it', async () => {
    const form = await say(w.bot, AAD.megan, 'summary C-1001');
    expect(cardProblems(form)).toEqual([]);
    expect(cardText(form)).toContain('counts for the CMOOE oversight meeting on 2026-12-10. Its deadline is 2026-12-03');
    const done = cardText(await submit(w.bot, AAD.megan, { action: 'submit.summary', caseId: 'C-1001', actionsToDate: 'Referred to EOTAS', currentSteps: 'Tutor arranged', keyDates: 'Review 1 Dec' }));
    expect(done).toContain('CMOOE summary recorded for C-1001');
    expect(done).toContain('2026-12-10');
    const summaries = (await w.store.getCase('C-1001'))!.case.cmooeSummaries;
    expect(summaries).toEqual([{ submittedOn: '2026-11-23', authorId: 'p2', actionsToDate: 'Referred to EOTAS', currentSteps: 'Tutor arranged', keyDates: 'Review 1 Dec' }]);
  });

  it('uses the Children in Care CMOOE series for a child in care (27 Nov + 14 = 11 Dec, deadline 4 Dec)', async () => {
    expect(cardText(await say(w.bot, AAD.megan, 'summary C-1003'))).toContain('Children in Care CMOOE meeting on 2026-12-11. Its deadline is 2026-12-04');
  });

  it('a missing field comes back beside it, the rest kept, nothing saved', async () => {
    const card = await submit(w.bot, AAD.megan, { action: 'submit.summary', caseId: 'C-1001', actionsToDate: 'Referred', currentSteps: '  ', keyDates: 'Review' });
    expect(problemBeside(card, 'currentSteps')).toBe('Current steps is required');
    expect(problemBeside(card, 'actionsToDate')).toBeNull();
    expect(inputValue(card, 'actionsToDate')).toBe('Referred');
    expect((await w.store.getCase('C-1001'))!.case.cmooeSummaries).toHaveLength(0);
  });

  it('refuses a case that is not CMOOE, a non-inclusion lead and an unknown case', async () => {
    expect(cardText(await say(w.bot, AAD.megan, 'summary C-1002'))).toMatch(/There is no case C-1002 that you can see|not CMOOE today/);
    expect(cardText(await say(w.bot, AAD.alex, 'summary C-1001'))).toContain("written by the case's inclusion lead");
    expect(cardText(await say(w.bot, AAD.megan, 'summary C-4242'))).toContain('There is no case C-4242');
  });
});

describe("recording a meeting's outcomes from its card (docs/rules.md section 5)", () => {
  it('"Record outcomes" in the channel sends the form to the chair privately; the outcome and an action are saved per case, with problems by field', async () => {
    await w.store.addSelection({ caseId: 'C-1001', seriesId: 'cmooe', meetingOn: '2026-11-26', byId: 'p4' }, '2026-11-23');
    const inbox = privateInbox(w);
    await w.store.saveConversation({ id: 'a:isaiah', scope: 'personal', personId: 'p4', aadObjectId: AAD.isaiah, teamId: null, channelId: null, reference: {}, updatedAt: '2026-11-23T09:00:00Z' });
    w.setNow(Date.parse('2026-11-26T15:00:00Z'));
    // In the channel: said privately, nothing with names in the channel.
    const inChannel = cardText(await submit(w.bot, AAD.isaiah, { action: 'meeting.record', seriesId: 'cmooe', meetingOn: '2026-11-26' }, 'channel'));
    expect(inChannel).toContain("I've sent it to you privately");
    expect(inChannel).not.toContain('Jamie');
    expect(inbox).toHaveLength(1);
    expect(cardText(inbox[0]!.card)).toContain('C-1001 (J.E.)');
    // Someone who neither chairs the series nor is Business Support is refused.
    expect(cardText(await submit(w.bot, AAD.alex, { action: 'meeting.record', seriesId: 'cmooe', meetingOn: '2026-11-26', caseId: 'C-1001' }))).toContain('cannot be recorded here');
    const form = await submit(w.bot, AAD.isaiah, { action: 'meeting.record', seriesId: 'cmooe', meetingOn: '2026-11-26', caseId: 'C-1001' });
    expect(cardProblems(form)).toEqual([]);
    expect(cardText(form)).toContain('Record the outcome: C-1001 (J.E.)');
    const submitData = (form.actions as Array<{ data: Record<string, unknown> }>)[0]!.data;
    const bad = await submit(w.bot, AAD.isaiah, { ...submitData, outcome: 'Tuition agreed', actionText: 'Confirm the provider', ownerId: 'p1', dueOn: '2026-11-20' });
    expect(problemBeside(bad, 'dueOn')).toMatch(/on or after the meeting|before the meeting/);
    expect(inputValue(bad, 'actionText')).toBe('Confirm the provider');
    expect(await w.store.listActions({ seriesId: 'cmooe' })).toEqual([]);
    const done = cardText(await submit(w.bot, AAD.isaiah, { ...submitData, outcome: 'Tuition agreed', actionText: 'Confirm the provider', ownerId: 'p1', dueOn: '2026-12-04' }));
    expect(done).toContain('C-1001 saved in the record of 2026-11-26');
    expect(done).toContain('Alex Wilber');
    expect((await w.store.listActions({ seriesId: 'cmooe' })).map((a) => [a.caseId, a.ownerId, a.dueOn, a.text])).toEqual([['C-1001', 'p1', '2026-12-04', 'Confirm the provider']]);
    const [record] = await w.store.listMeetingRecords({ seriesId: 'cmooe' });
    expect(record?.cases).toEqual([{ caseId: 'C-1001', outcome: 'Tuition agreed' }]);
    // After M + 5 working days the record is closed, and the card says until when it was open.
    w.setNow(Date.parse('2026-12-04T10:00:00Z'));
    expect(cardText(await submit(w.bot, AAD.isaiah, { action: 'meeting.record', seriesId: 'cmooe', meetingOn: '2026-11-26', caseId: 'C-1001' }))).toContain('could be made until 2026-12-03');
  });
});

describe('supervision (PS 6.13, 11.4)', () => {
  it('offers the people I manage and records a supervision held', async () => {
    const form = await say(w.bot, AAD.adele, 'supervision');
    expect(cardProblems(form)).toEqual([]);
    const text = cardText(form);
    expect(text).toContain('Alex Wilber');
    expect(text).toContain('Megan Bowen');
    const done = cardText(await submit(w.bot, AAD.adele, { action: 'submit.supervision', superviseeId: 'p1', heldOn: '2026-11-20', notesSharedOn: '' }));
    // Friday 20 Nov 2026 + 10 working days = Friday 4 Dec 2026; + 1 month = 20 Dec 2026.
    expect(done).toContain('Share the notes by 2026-12-04');
    expect(done).toContain('next supervision is due by 2026-12-20');
    // Kept with when it was recorded (a correction is allowed within 7 days of it, docs/rules.md section 11).
    expect(await w.store.listSupervisions({ superviseeId: 'p1' })).toContainEqual({
      superviseeId: 'p1',
      supervisorId: 'p3',
      heldOn: '2026-11-20',
      notesSharedOn: null,
      recordedAt: '2026-11-23T12:00:00.000Z',
    });
  });

  it('lists the supervisions whose notes are not yet shared; "Notes shared today" completes the same supervision, once', async () => {
    await w.store.addSupervision({ superviseeId: 'p1', supervisorId: 'p3', heldOn: '2026-11-20', notesSharedOn: null });
    const form = await say(w.bot, AAD.adele, 'supervision');
    expect(cardProblems(form)).toEqual([]);
    expect(cardText(form)).toContain('**Alex Wilber**, held 2026-11-20: notes due by 2026-12-04');
    const button = JSON.stringify(form).match(/"title":"Notes shared today","data":(\{[^}]*\})/);
    expect(button).not.toBeNull();
    const shared = cardText(await submit(w.bot, AAD.adele, JSON.parse(button![1]!) as Record<string, unknown>));
    expect(shared).toContain("Notes of Alex Wilber's supervision shared");
    expect(shared).toContain('notes shared on 2026-11-23, within 10 working days (by 2026-12-04, PS 11.4)');
    expect((await w.store.listSupervisions({ superviseeId: 'p1' })).map((x) => [x.heldOn, x.notesSharedOn])).toEqual([
      ['2026-10-20', '2026-10-29'],
      ['2026-11-20', '2026-11-23'],
    ]);
    expect(cardText(await submit(w.bot, AAD.adele, JSON.parse(button![1]!) as Record<string, unknown>))).toContain('Already recorded: notes shared on 2026-11-23');
    expect(cardText(await say(w.bot, AAD.adele, 'supervision'))).not.toContain('Notes not yet shared');
    // Someone else's supervision: refused, nothing changed.
    await w.store.addSupervision({ superviseeId: 'p5', supervisorId: 'p3', heldOn: '2026-11-19', notesSharedOn: null });
    const notMine = cardText(await submit(w.bot, AAD.alex, { action: 'submit.notes-shared', superviseeId: 'p5', heldOn: '2026-11-19', supervisorId: 'p3' }));
    expect(notMine).toContain('were not recorded as shared');
    expect((await w.store.listSupervisions({ superviseeId: 'p5' }))[0]?.notesSharedOn).toBeNull();
  });

  it('rejects a meeting held in the future, notes shared before it, and a missing supervisee; nothing saved', async () => {
    const future = await submit(w.bot, AAD.adele, { action: 'submit.supervision', superviseeId: 'p1', heldOn: '2026-11-30' });
    expect(problemBeside(future, 'heldOn')).toContain('cannot be in the future');
    expect(inputValue(future, 'superviseeId')).toBe('p1');
    const order = await submit(w.bot, AAD.adele, { action: 'submit.supervision', superviseeId: 'p2', heldOn: '2026-11-20', notesSharedOn: '2026-11-19' });
    expect(problemBeside(order, 'notesSharedOn')).toContain('before the supervision was held');
    const nobody = await submit(w.bot, AAD.adele, { action: 'submit.supervision', heldOn: '2026-13-01' });
    expect(problemBeside(nobody, 'superviseeId')).toBe('Choose who was supervised');
    expect(problemBeside(nobody, 'heldOn')).toContain('not a date');
    const notMine = await submit(w.bot, AAD.adele, { action: 'submit.supervision', superviseeId: 'p5', heldOn: '2026-11-20' });
    expect(problemBeside(notMine, 'superviseeId')).toContain('only for people you manage');
    expect(await w.store.listSupervisions({ supervisorId: 'p3' })).toHaveLength(1);
  });

  it('tells someone who manages nobody', async () => {
    expect(cardText(await say(w.bot, AAD.alex, 'supervision'))).toContain('No one to supervise');
  });
});

describe('nominate C-1001 (PS 4.2)', () => {
  it('after the one-week cut-off the nomination rolls to the next meeting, and says so', async () => {
    const form = await say(w.bot, AAD.adele, 'nominate C-1001');
    expect(cardProblems(form)).toEqual([]);
    expect(inputValue(form, 'seriesId')).toBe('cmooe');
    const done = cardText(await submit(w.bot, AAD.adele, { action: 'submit.nominate', caseId: 'C-1001', seriesId: 'cmooe', concern: 'No school place since October' }));
    // Meeting 26 Nov: cut-off 19 Nov; made 23 Nov, so it rolls to 10 Dec.
    expect(done).toContain('after the one-week cut-off (2026-11-19) for the meeting on 2026-11-26');
    expect(done).toContain('rolls to the next meeting, on 2026-12-10');
    expect(await w.store.listNominations({ caseId: 'C-1001' })).toEqual([{ caseId: 'C-1001', seriesId: 'cmooe', byId: 'p3', concern: 'No school place since October', madeOn: '2026-11-23' }]);
  });

  it('before the cut-off it goes to the next meeting (made 12 Nov: meeting 26 Nov)', async () => {
    w.setNow(Date.parse('2026-11-12T10:00:00Z'));
    const done = cardText(await submit(w.bot, AAD.adele, { action: 'submit.nominate', caseId: 'C-1001', seriesId: 'cmooe', concern: 'Not attending' }));
    expect(done).toContain('goes on the agenda of the CMOOE oversight meeting on 2026-11-26');
    expect(done).not.toContain('rolls');
  });

  it('rejects the wrong series, a missing concern, someone who may not nominate and an unknown case', async () => {
    const wrong = await submit(w.bot, AAD.adele, { action: 'submit.nominate', caseId: 'C-1001', seriesId: 'cic-cmooe', concern: 'x' });
    expect(problemBeside(wrong, 'seriesId')).toContain('not recorded as a child in care');
    const empty = await submit(w.bot, AAD.adele, { action: 'submit.nominate', caseId: 'C-1001', seriesId: 'cmooe', concern: '' });
    expect(problemBeside(empty, 'concern')).toBe('The concern is required');
    expect(inputValue(empty, 'seriesId')).toBe('cmooe');
    expect(cardText(await say(w.bot, AAD.alex, 'nominate C-1001'))).toContain('You cannot nominate C-1001');
    // Another team's case: neither seen nor nominated by her, so answered as one that does not exist.
    expect(cardText(await say(w.bot, AAD.adele, 'nominate C-2001'))).toContain('There is no case C-2001 that you can see');
    expect(cardText(await say(w.bot, AAD.adele, 'nominate C-0000'))).toContain('There is no case C-0000');
    expect(await w.store.listNominations({})).toHaveLength(0);
  });
});

describe('help, unknown words and channels', () => {
  it('help lists the commands the person can use, and only those', async () => {
    // Alex Wilber, a provision lead: no summaries (inclusion leads), no nominations, no one to supervise, no manager commands.
    const alex = cardText(await say(w.bot, AAD.alex, 'help'));
    for (const c of ["what's due", 'my cases', 'case C-1001', 'note C-1001']) expect(alex).toContain(c);
    for (const c of ['summary C-1001', 'nominate C-1001', 'supervision', 'team', 'forecast']) expect(alex).not.toContain(c);
    // Megan Bowen, an inclusion lead: summaries and nominations.
    const megan = cardText(await say(w.bot, AAD.megan, 'help'));
    for (const c of ['summary C-1001', 'nominate C-1001', 'note C-1001']) expect(megan).toContain(c);
    expect(megan).not.toMatch(/^team$/m);
    // Adele Vance, their team manager: team, forecast, supervision, nominations.
    const adele = cardText(await say(w.bot, AAD.adele, 'help'));
    for (const c of ['team', 'forecast', 'supervision', 'nominate C-1001']) expect(adele).toMatch(new RegExp(`^${c}$`, 'm'));
    expect(adele).not.toContain('summary C-1001');
  });

  it('an unknown command points to help', async () => {
    expect(cardText(await say(w.bot, AAD.alex, 'make me a sandwich'))).toContain("didn't understand");
  });

  it('forms are not opened in a channel: the form goes to the 1:1 chat', async () => {
    const sent = privateInbox(w);
    await w.store.saveConversation({ id: 'a:megan', scope: 'personal', personId: 'p2', aadObjectId: AAD.megan, teamId: null, channelId: null, reference: {}, updatedAt: '2026-11-23T09:00:00Z' });
    const inChannel = cardText(await say(w.bot, AAD.megan, 'summary C-1001', 'channel'));
    expect(inChannel).toContain("I've sent it to you privately");
    expect(inChannel).not.toContain('J.E.');
    expect(cardText(sent[0]!.card)).toContain('J.E.');
  });

  it('a Teams @mention in a channel is ignored when reading the command', async () => {
    expect(cardText(await say(w.bot, AAD.alex, '<at>SEND Oversight</at> help', 'channel'))).toContain('What I can do');
  });
});

describe('agenda in a channel', () => {
  it('passes the words, team, channel and today to the agendas service and posts its card', async () => {
    const asked: unknown[] = [];
    const withAgenda = await world({
      agenda: async (_deps, request) => {
        asked.push({ teamId: request.teamId, channelId: request.channelId, text: request.text, today: request.today, person: request.person.id });
        return { card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'CMOOE agenda 2026-12-10' }] }, summaryText: 'agenda' };
      },
    });
    try {
      expect(cardText(await say(withAgenda.bot, AAD.isaiah, '<at>SEND Oversight</at> agenda next', 'channel'))).toBe('CMOOE agenda 2026-12-10');
      expect(asked).toEqual([{ teamId: '19:team@thread.tacv2', channelId: '19:general@thread.tacv2', text: 'agenda next', today: '2026-11-23', person: 'p4' }]);
      expect(cardText(await say(withAgenda.bot, AAD.isaiah, 'agenda', 'personal'))).toContain('Agendas are posted in channels');
    } finally {
      await withAgenda.close();
    }
  });

  it('the chair sets the channel up with "agenda here cmooe", then "agenda" gives the meeting\'s card with initials only', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agenda-chat-'));
    const withAgenda = await world({ agenda: agendaHandler(new LocalDocumentStore(dir)) });
    try {
      expect(cardText(await say(withAgenda.bot, AAD.alex, 'agenda here cmooe', 'channel'))).toContain('Only business support, a service manager or a CMOOE chair');
      expect(cardText(await say(withAgenda.bot, AAD.isaiah, 'agenda', 'channel'))).toContain('This channel is not set up for an agenda');
      expect(cardText(await say(withAgenda.bot, AAD.isaiah, '<at>SEND Oversight</at> agenda here cmooe', 'channel'))).toContain(
        'The CMOOE oversight agenda will be posted here 2 working days before each meeting',
      );
      expect(await withAgenda.store.getSetting('agenda.channels')).toEqual({ series: { cmooe: { teamId: '19:team@thread.tacv2', channelId: '19:general@thread.tacv2' } } });
      // Adele nominated C-1001 on 18 November, on or before the cut-off (M - 7) of the 26 November meeting.
      await withAgenda.store.addNomination({ caseId: 'C-1001', seriesId: 'cmooe', byId: 'p3', concern: 'No school place since October', madeOn: '2026-11-18' });
      const card = await say(withAgenda.bot, AAD.isaiah, 'agenda', 'channel');
      expect(cardProblems(card)).toEqual([]);
      const text = cardText(card);
      expect(text).toContain('Thursday 26 November 2026');
      expect(text).toContain('C-1001');
      expect(text).toContain('J.E.');
      expect(text).not.toContain('Jamie'); // C-1001's child: initials only in a channel
      expect(withAgenda.logger.lines.join('\n')).not.toMatch(/Jamie|Example/);
    } finally {
      await withAgenda.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Action.Execute invokes', () => {
  const invoke = (aad: string, verb: string, data: Record<string, unknown>) =>
    activity(aad, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } });

  it('opens a form from a reminder card button (form.note with the case) as the invoke response', async () => {
    const replies = await turn(w.bot, invoke(AAD.alex, 'form.note', { caseId: 'C-1001' }));
    const response = replies.find((r) => r.type === 'invokeResponse');
    expect(response?.value).toMatchObject({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' } });
    const card = (response!.value as { body: { value: Record<string, unknown> } }).body.value;
    expect(cardText(card)).toContain('Record casework for C-1001');
  });

  it('routes reminder.* verbs to the reminders service with the person, and returns its card', async () => {
    const calls: string[] = [];
    const withReminders = await world({
      reminderAction: async (_deps, person, verb, data) => {
        calls.push(`${person.id} ${verb} ${String(data.key)}`);
        return { kind: 'card' as const, card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Snoozed' }] } };
      },
    });
    try {
      const replies = await turn(withReminders.bot, invoke(AAD.alex, 'reminder.snooze', { key: 'C-1001/assessment-decision' }));
      expect(calls).toEqual(['p1 reminder.snooze C-1001/assessment-decision']);
      const body = (replies.find((r) => r.type === 'invokeResponse')!.value as { body: { value: unknown } }).body.value;
      expect(cardText(body)).toBe('Snoozed');
    } finally {
      await withReminders.close();
    }
  });

  it('a form submitted with Action.Execute is validated the same way', async () => {
    const replies = await turn(w.bot, invoke(AAD.alex, 'submit.note', { caseId: 'C-1001', eventDate: '', eventTime: '10:00', text: 'x' }));
    const card = (replies.find((r) => r.type === 'invokeResponse')!.value as { body: { value: Record<string, unknown> } }).body.value;
    expect(problemBeside(card, 'eventDate')).toContain('date of the event is required');
    expect(await notesOf('C-1001')).toHaveLength(0);
  });
});
