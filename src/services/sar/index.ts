// The subject access export (docs/rules.md section 7; issue 16): everything held about one child, as a
// Word document a family can read and as JSON. Made only for information governance (the tab's
// Subject access page, or `send-oversight sar`), and recorded in the access record like any other
// reading of the case. Other children are kept out: shared documents (agendas) contribute the child's
// own item only, and free text that names another child or gives another case's reference shows
// "[another child]" / "[another case]" instead (src/domain/redact.ts).
import { londonToday } from '../../domain/dates.js';
import type { Person } from '../../domain/model.js';
import { redactor } from '../../domain/redact.js';
import type { CaseStore } from '../../store/port.js';
import { CaseNotFound } from '../access.js';
import { servicePolicy } from '../policy.js';
import { storeRuleContext } from '../rule-context.js';
import { SAR_SECTIONS } from './sections.js';
import type { SarBlock, SarContext, SarSection } from './types.js';

export { SAR_SECTIONS } from './sections.js';
export { subjectAccessDocx, subjectAccessDocument } from './docx.js';
export type { SarBlock, SarContext, SarSection, SarSectionContent } from './types.js';

export interface SubjectAccessBundle {
  readonly caseId: string;
  readonly childName: string;
  /** London date and the instant it was made. */
  readonly preparedOn: string;
  readonly preparedAt: string;
  /** Who made it (their name), or null for the command line. */
  readonly preparedBy: string | null;
  readonly sections: ReadonlyArray<{ readonly id: string; readonly title: string; readonly intro: string; readonly count: number; readonly json: unknown; readonly blocks: readonly SarBlock[] }>;
}

/** Gather every section for the case (CaseNotFound when there is no such case). */
export async function buildSubjectAccess(
  store: CaseStore,
  caseId: string,
  options: { readonly now: number; readonly preparedBy: Person | null; readonly sections?: readonly SarSection[] },
): Promise<SubjectAccessBundle> {
  const stored = await store.getCase(caseId);
  if (stored === null) throw new CaseNotFound(caseId);
  const c = stored.case;
  const now = new Date(options.now).toISOString();
  const today = londonToday(options.now);
  const [{ people, ctx: rules }, policy, series] = await Promise.all([storeRuleContext(store, today, now), servicePolicy(store), store.listMeetingSeries()]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const ctx: SarContext = {
    store,
    case: c,
    today,
    now,
    policy,
    rules,
    people: byId,
    series,
    personName: (id) => byId.get(id)?.name ?? (id.startsWith('cli:') ? 'the command line (IT)' : id.startsWith('system:') ? 'the service itself' : id),
    seriesTitle: (id) => series.find((s) => s.id === id)?.title ?? id,
  };
  // Every other child of the service: their names and references are kept out of free text.
  const others = (await store.exportCaseFile()).cases.filter((x) => x.id !== c.id);
  const redact = redactor(
    others.map((x) => x.childName),
    others.map((x) => x.id),
    [c.childName, ...people.map((p) => p.name)],
  );
  const sections = [];
  for (const section of options.sections ?? SAR_SECTIONS) {
    const got = await section.collect(ctx);
    sections.push({ id: section.id, title: section.title, intro: section.intro, count: got.count, json: redact.json(got.json), blocks: redact.json(got.blocks) });
  }
  return { caseId: c.id, childName: c.childName, preparedOn: today, preparedAt: now, preparedBy: options.preparedBy?.name ?? null, sections };
}

/** The machine-readable copy: each section's records under its id. */
export function subjectAccessJson(bundle: SubjectAccessBundle): string {
  return (
    JSON.stringify(
      {
        subjectAccessExport: {
          caseId: bundle.caseId,
          preparedAt: bundle.preparedAt,
          preparedBy: bundle.preparedBy,
          note: 'Everything SEND Oversight holds about this child. Other children named in notes or shared documents appear as "[another child]" or "[another case]".',
          sections: Object.fromEntries(bundle.sections.map((s) => [s.id, { title: s.title, records: s.json }])),
        },
      },
      null,
      2,
    ) + '\n'
  );
}

/** File names: the case reference and the day, never the child's name. */
export function subjectAccessFileName(caseId: string, today: string, format: 'docx' | 'json'): string {
  return `${caseId.replace(/[^A-Za-z0-9-]/g, '-')}-subject-access-${today}.${format}`;
}
