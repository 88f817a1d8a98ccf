// The mapping file of `send-oversight import-sheet`: which column heading of the council's register
// fills which case-file field. See docs/sample-mapping.json.
import { z } from 'zod';

/** The case-file fields a register column can fill, and how each is read. */
export const TARGETS = {
  id: 'text',
  childName: 'text',
  dateOfBirth: 'date',
  setting: 'text',
  settingUrn: 'text',
  team: 'text',
  locality: 'text',
  primaryNeed: 'need',
  childInCare: 'boolean',
  ncYearOverride: 'integer',
  /** A person's name, email or id: becomes leadProfessionalId. */
  leadProfessional: 'person',
  /** A person's name, email or id: becomes inclusionLeadId. */
  inclusionLead: 'person',
  'assessment.requestedOn': 'date',
  'assessment.decisionOn': 'date',
  'assessment.decision': 'choice',
  'assessment.outcome': 'choice',
  'assessment.outcomeNoticeOn': 'date',
  'assessment.draftSentOn': 'date',
  'assessment.exceptionReason': 'text',
  'plan.issuedOn': 'date',
  'plan.ceasedOn': 'date',
  'plan.transferredOutOn': 'date',
  /** The last annual review meeting held: recorded as a review. */
  lastReviewOn: 'date',
  /** The next review meeting booked: recorded as a scheduled review. */
  nextReviewOn: 'date',
  /** Yes/No: the child is missing out on education now. */
  cmooe: 'boolean',
  cmooeReason: 'choice',
  cmooeFrom: 'date',
  /** The date of a permanent exclusion. */
  exclusionOn: 'date',
  /** When education provision started after that exclusion. */
  provisionFrom: 'date',
} as const;
export type Target = keyof typeof TARGETS;

const targetNames = Object.keys(TARGETS) as [Target, ...Target[]];

export const mappingSchema = z.strictObject({
  /** The worksheet to read (xlsx); the first one by default. */
  sheet: z.string().min(1).optional(),
  /** The 1-based row holding the column headings; found automatically when absent. */
  headerRow: z.number().int().min(1).optional(),
  /** Column heading (as written in the sheet, case and spacing ignored) -> case-file field. */
  columns: z.record(z.string().min(1), z.enum(targetNames, { error: (iss) => `unknown field ${JSON.stringify(iss.input)}; use one of ${targetNames.join(', ')}` })),
  /** Per field: what the sheet writes -> the case-file value (e.g. "Yes" -> "assess"). */
  values: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.boolean(), z.number()]))).optional(),
  /** Values for fields the sheet does not have. */
  defaults: z.strictObject({ team: z.string().optional(), locality: z.string().optional() }).optional(),
});
export type SheetMapping = z.output<typeof mappingSchema>;

export function parseMapping(json: unknown): { ok: true; mapping: SheetMapping } | { ok: false; errors: string[] } {
  const r = mappingSchema.safeParse(json);
  if (r.success) {
    const targets = Object.values(r.data.columns);
    const dupes = targets.filter((t, i) => targets.indexOf(t) !== i);
    if (dupes.length) return { ok: false, errors: dupes.map((t) => `columns: two headings map to "${t}"`) };
    if (!targets.includes('childName') || !targets.includes('dateOfBirth')) {
      return { ok: false, errors: ['columns: the mapping needs a column for childName and one for dateOfBirth'] };
    }
    return { ok: true, mapping: r.data };
  }
  return {
    ok: false,
    errors: r.error.issues.map((i) => {
      const path = i.path.map(String).join('.');
      return `${path || 'mapping'}: ${i.code === 'unrecognized_keys' ? `unknown field ${i.keys.join(', ')}` : i.message}`;
    }),
  };
}

/** Headings compare without case, surrounding space, repeated spaces or a trailing colon. */
export function normaliseHeading(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').replace(/:$/, '').trim();
}
