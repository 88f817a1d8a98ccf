// Benchmark: building and rendering agendas (issue 5).
//   taskset -c 0 npm run bench:agenda          (BENCH_CASES=N for the weekly service size, default 20,000)
// 1. A 40-item CMOOE agenda: the demo service of BENCH_CASES cases, with the chair selecting 40
//    children (CMOOE ones first) for the next meeting, and no other nominations.
// 2. The weekly team manager agenda for the same 20,000-case service.
// For each: build (pure domain), JSON, Markdown, Word (docx, Packer.toBuffer) and the channel card,
// the median of 3 timed runs after one warm-up. Figures, not a test.
import { performance } from 'node:perf_hooks';
import { generateDemo } from '../src/domain/demo.js';
import { meetingOnOrAfter, scheduleOf } from '../src/domain/cmooe.js';
import { fromDay, toDay } from '../src/domain/dates.js';
import { calendarFor } from '../src/domain/obligations.js';
import { agendaChannelCard, agendaDocx, agendaJson, agendaMarkdown, buildAgendaFromFile, type AgendaRequest } from '../src/services/agendas/build.js';
import { cardBytes } from '../src/services/cards.js';

const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const TODAY = '2026-11-23';
const RUNS = 3;
const ms = (t: number) => `${t < 10 ? t.toFixed(1) : t.toFixed(0)} ms`;

async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

async function median<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number; all: number[] }> {
  await fn(); // warm-up
  const all: number[] = [];
  let value!: T;
  for (let i = 0; i < RUNS; i++) {
    const r = await timed(fn);
    all.push(r.ms);
    value = r.value;
  }
  const sorted = [...all].sort((a, b) => a - b);
  return { value, ms: sorted[Math.floor(RUNS / 2)]!, all };
}

async function report(label: string, file: ReturnType<typeof generateDemo>, request: AgendaRequest): Promise<void> {
  const calendar = calendarFor(file);
  const build = await median(() => buildAgendaFromFile(file, request, calendar));
  const built = build.value;
  const json = await median(() => agendaJson(built));
  const md = await median(() => agendaMarkdown(built));
  const docx = await median(() => agendaDocx(built));
  const card = await median(() => agendaChannelCard(built, { documentUrl: 'https://council.sharepoint.com/sites/send/Agendas/x.docx', tabUrl: 'https://teams.microsoft.com/l/entity/app/agendas' }));
  const total = build.ms + json.ms + md.ms + docx.ms;
  console.log(`\n${label}`);
  console.log(`  build (domain):   ${ms(build.ms)}   (runs ${build.all.map(ms).join(', ')})`);
  console.log(`  JSON:             ${ms(json.ms)}   ${(json.value.length / 1024).toFixed(0)} KB`);
  console.log(`  Markdown:         ${ms(md.ms)}   ${(md.value.length / 1024).toFixed(0)} KB`);
  console.log(`  Word (docx):      ${ms(docx.ms)}   ${(docx.value.length / 1024).toFixed(0)} KB`);
  console.log(`  channel card:     ${ms(card.ms)}   ${(cardBytes(card.value) / 1024).toFixed(1)} KB (Teams limit 28 KB)`);
  console.log(`  build + JSON + Markdown + Word: ${ms(total)}`);
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${CASES.toLocaleString('en-GB')} demo cases, today ${TODAY}; median of ${RUNS} runs after a warm-up`);
  const gen = await timed(() => generateDemo({ cases: CASES, seed: 1, today: TODAY }));
  const demo = gen.value;
  console.log(`generate demo: ${ms(gen.ms)}`);

  const series = demo.meetingSeries.find((s) => s.id === 'cmooe')!;
  const meetingOn = fromDay(meetingOnOrAfter(scheduleOf(series), toDay(TODAY)));
  const chair = demo.people.find((p) => p.roles.includes('cmooe-chair'))!;
  const candidates = demo.cases.filter((c) => !c.childInCare && c.cmooe.some((p) => p.to === null)).slice(0, 40);
  const fill = candidates.length < 40 ? demo.cases.filter((c) => !c.childInCare && !candidates.includes(c)).slice(0, 40 - candidates.length) : [];
  const selected = [...candidates, ...fill];
  const withSelections = {
    ...demo,
    // Exactly these 40 on the agenda: the chair's selection only (no other nominations or selections).
    nominations: [],
    selections: selected.map((c) => ({ caseId: c.id, seriesId: 'cmooe', meetingOn, byId: chair.id })),
  };
  const cmooe = buildAgendaFromFile(withSelections, { kind: 'cmooe', seriesId: 'cmooe', meetingOn });
  const items = cmooe.kind === 'cmooe' ? cmooe.agenda.items.length : 0;
  await report(
    `CMOOE agenda, meeting ${meetingOn}: ${items} items (selected by the chair: ${candidates.length} currently CMOOE${fill.length ? `, ${fill.length} more to reach 40` : ''})`,
    withSelections,
    { kind: 'cmooe', seriesId: 'cmooe', meetingOn },
  );
  await report(`Weekly team manager agenda, meeting ${TODAY}, ${CASES.toLocaleString('en-GB')} cases (obligations computed twice: this week and last)`, demo, { kind: 'weekly', meetingOn: TODAY });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
