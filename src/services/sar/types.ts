// The subject access export's building blocks (docs/rules.md section 7; issue 16). A bundle is a list
// of sections (sections.ts), each collecting one kind of record about the child from the store: its
// JSON (the machine-readable copy) and its blocks (what the Word document shows, in plain words).
// A colleague adding a kind of record (meeting records and minutes, audits) adds a section there.
import type { Case, MeetingSeries, Person } from '../../domain/model.js';
import type { Policy } from '../../domain/policy.js';
import type { RuleContext } from '../../domain/rules/context.js';
import type { CaseStore } from '../../store/port.js';

/** What the Word document shows: paragraphs, label/value facts, and tables of text. */
export type SarBlock =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'facts'; readonly rows: ReadonlyArray<readonly [string, string]> }
  | { readonly kind: 'table'; readonly columns: readonly string[]; readonly rows: ReadonlyArray<readonly string[]> }
  | { readonly kind: 'heading'; readonly text: string };

export interface SarSectionContent {
  /** Null or an empty list when nothing of the kind is held. */
  readonly json: unknown;
  readonly blocks: readonly SarBlock[];
  /** How many records the section holds (0: "nothing of this kind is held"). */
  readonly count: number;
}

/** What every section is given: the child's case, and ways to name staff and meetings. */
export interface SarContext {
  readonly store: CaseStore;
  readonly case: Case;
  readonly today: string;
  /** The instant the export was made. */
  readonly now: string;
  readonly policy: Policy;
  readonly rules: RuleContext;
  readonly people: ReadonlyMap<string, Person>;
  readonly series: readonly MeetingSeries[];
  /** A member of staff's name (or the id when unknown; "the command line" and "the service" for those). */
  personName(personId: string): string;
  seriesTitle(seriesId: string): string;
}

export interface SarSection {
  /** Its key in the JSON (stable). */
  readonly id: string;
  /** Its heading in the Word document. */
  readonly title: string;
  /** One sentence for the family: what this part is. */
  readonly intro: string;
  collect(ctx: SarContext): Promise<SarSectionContent>;
}
