// Forms are recorded once, through the bot on a real SQLite store: each form card carries a submit id;
// a second submit of the same card (a double click, a request Teams sent again), one after the other or
// at the same moment, gets the first answer and stores nothing new; a first attempt that died before it
// finished is finished by the repeat, still once. Identical nominations of a case for the same meeting
// are one, and the agenda lists the case once.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { buildAgenda } from '../../src/services/agendas/index.js';
import { cardText, AAD, say, submit, world, type World } from './support.js';

let w: World;
beforeEach(async () => {
  w = await world();
});
afterEach(async () => {
  await w.close();
});

/** The data of a form card's submit button (what Teams sends back, merged with the inputs). */
function submitData(card: Record<string, unknown>): Record<string, unknown> {
  const action = (card.actions as Array<Record<string, unknown>>).find((a) => a.type === 'Action.Submit');
  if (!action) throw new Error('the card has no submit button');
  return action.data as Record<string, unknown>;
}

const noteInputs = { eventDate: '2026-11-22', eventTime: '10:00', text: 'Home visit' };

describe('a form submitted twice is recorded once', () => {
  it('every form card carries a submit id, new each time the form is opened', async () => {
    const a = submitData(await say(w.bot, AAD.alex, 'note C-1001'));
    const b = submitData(await say(w.bot, AAD.alex, 'note C-1001'));
    expect(a.submitId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.submitId).not.toBe(a.submitId);
    for (const [who, words] of [
      [AAD.megan, 'summary C-1001'],
      [AAD.adele, 'supervision'],
      [AAD.adele, 'nominate C-1001'],
    ] as const) {
      expect(submitData(await say(w.bot, who, words)).submitId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('a note submitted twice, one after the other: the same answer, one note', async () => {
    const data = { ...submitData(await say(w.bot, AAD.alex, 'note C-1001')), ...noteInputs };
    const first = cardText(await submit(w.bot, AAD.alex, data));
    w.setNow(Date.parse('2026-11-23T12:00:03Z'));
    const second = cardText(await submit(w.bot, AAD.alex, data));
    expect(first).toContain('Casework recorded for C-1001');
    expect(second).toBe(first); // recorded at 12:00, not 12:00:03
    expect((await w.store.getCase('C-1001'))!.case.caseNotes).toHaveLength(1);
  });

  it('a note, a summary, a supervision and a nomination each submitted three times at once: one of each', async () => {
    const note = { ...submitData(await say(w.bot, AAD.alex, 'note C-1001')), ...noteInputs };
    const summary = { ...submitData(await say(w.bot, AAD.megan, 'summary C-1001')), actionsToDate: 'Referred to EOTAS', currentSteps: 'Tutor arranged', keyDates: 'Review 1 Dec' };
    const supervision = { ...submitData(await say(w.bot, AAD.adele, 'supervision')), superviseeId: 'p1', heldOn: '2026-11-20', notesSharedOn: '' };
    const nomination = { ...submitData(await say(w.bot, AAD.adele, 'nominate C-1001')), seriesId: 'cmooe', concern: 'No school place since October' };
    const answers = await Promise.all([
      ...[1, 2, 3].map(() => submit(w.bot, AAD.alex, note)),
      ...[1, 2, 3].map(() => submit(w.bot, AAD.megan, summary)),
      ...[1, 2, 3].map(() => submit(w.bot, AAD.adele, supervision)),
      ...[1, 2, 3].map(() => submit(w.bot, AAD.adele, nomination)),
    ]);
    const texts = answers.map(cardText);
    for (let i = 0; i < 12; i += 3) expect(new Set(texts.slice(i, i + 3)).size).toBe(1);
    expect(texts[0]).toContain('Casework recorded');
    expect(texts[3]).toContain('CMOOE summary recorded');
    expect(texts[6]).toContain('Supervision of Alex Wilber recorded');
    expect(texts[9]).toContain('C-1001 nominated');
    const c = (await w.store.getCase('C-1001'))!.case;
    expect(c.caseNotes).toHaveLength(1);
    expect(c.cmooeSummaries).toHaveLength(1);
    expect((await w.store.listSupervisions({ superviseeId: 'p1' })).filter((s) => s.heldOn === '2026-11-20')).toHaveLength(1);
    expect(await w.store.listNominations({ caseId: 'C-1001' })).toHaveLength(1);
  });

  it('a first attempt that died after starting: the repeat half a minute later records it once, as first submitted', async () => {
    const data: Record<string, unknown> = { ...submitData(await say(w.bot, AAD.alex, 'note C-1001')), ...noteInputs };
    // The first attempt started and wrote the note, then its process died before finishing.
    const started = await w.store.startSubmission({
      id: String(data.submitId),
      personId: 'p1',
      form: 'note',
      at: '2026-11-23T12:00:00.000Z',
      record: { eventAt: '2026-11-22T10:00:00.000Z', recordedAt: '2026-11-23T12:00:00.000Z', authorId: 'p1', text: 'Home visit' },
      result: { caseId: 'C-1001', eventAt: '2026-11-22T10:00:00.000Z', recordedAt: '2026-11-23T12:00:00.000Z', dueBy: '2026-11-24T10:00:00.000Z', onTime: true },
    });
    expect(started).toBeNull();
    await w.store.addCaseNote('C-1001', { eventAt: '2026-11-22T10:00:00.000Z', recordedAt: '2026-11-23T12:00:00.000Z', authorId: 'p1', text: 'Home visit' }, { submitId: String(data.submitId) });
    w.setNow(Date.parse('2026-11-23T12:00:40Z'));
    const again = cardText(await submit(w.bot, AAD.alex, data));
    expect(again).toContain('Casework recorded for C-1001');
    expect(again).toContain('2026-11-23 12:00 UK time');
    expect((await w.store.getCase('C-1001'))!.case.caseNotes).toEqual([{ eventAt: '2026-11-22T10:00:00.000Z', recordedAt: '2026-11-23T12:00:00.000Z', authorId: 'p1', text: 'Home visit' }]);
  });

  it('a form that failed validation can be corrected and sent again with the same card', async () => {
    const data = submitData(await say(w.bot, AAD.alex, 'note C-1001'));
    expect(cardText(await submit(w.bot, AAD.alex, { ...data, ...noteInputs, text: '' }))).toContain('What happened is required');
    expect(cardText(await submit(w.bot, AAD.alex, { ...data, ...noteInputs }))).toContain('Casework recorded for C-1001');
    expect((await w.store.getCase('C-1001'))!.case.caseNotes).toHaveLength(1);
  });
});

describe('identical nominations are one', () => {
  it('the same case nominated by the same person with the same concern for the same meeting, from three forms: one nomination, listed once', async () => {
    for (let i = 0; i < 3; i++) {
      const data = { ...submitData(await say(w.bot, AAD.adele, 'nominate C-1001')), seriesId: 'cmooe', concern: 'No school place since October' };
      const answer = cardText(await submit(w.bot, AAD.adele, data));
      expect(answer).toContain(i === 0 ? 'C-1001 nominated for the CMOOE oversight meeting' : 'C-1001 is already nominated for the CMOOE oversight meeting');
    }
    expect(await w.store.listNominations({ caseId: 'C-1001' })).toHaveLength(1);
    // Made 23 Nov, after the cut-off of 26 Nov: rolled to 10 Dec, and listed once on both agendas.
    const rolled = await buildAgenda(w.store, { kind: 'cmooe', seriesId: 'cmooe', meetingOn: '2026-11-26' });
    expect(rolled.kind === 'cmooe' && rolled.agenda.rolledOver.map((r) => r.caseId)).toEqual(['C-1001']);
    const next = await buildAgenda(w.store, { kind: 'cmooe', seriesId: 'cmooe', meetingOn: '2026-12-10' });
    expect(next.kind === 'cmooe' && next.agenda.items.map((i) => [i.caseId, i.nominations.length])).toEqual([['C-1001', 1]]);
  });

  it('another concern, or another nominator, is another nomination (the chair reads both)', async () => {
    for (const concern of ['No school place since October', 'Exclusion risk']) {
      await submit(w.bot, AAD.adele, { ...submitData(await say(w.bot, AAD.adele, 'nominate C-1001')), seriesId: 'cmooe', concern });
    }
    expect(await w.store.listNominations({ caseId: 'C-1001' })).toHaveLength(2);
  });
});
