// Writes docs/case-file.schema.json, the JSON Schema of the case file, from the zod model
// (src/domain/model.ts) with zod 4's z.toJSONSchema: `npm run schema:case-file`. The test
// tests/repo/case-file-schema.test.ts fails when the committed file is not what this writes.
// The schema describes the file as written (io: 'input': optional fields may be missing). It checks the
// shape only; `send-oversight validate` also checks dates against each other and that every id
// referred to exists (docs/case-file.md).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { caseFileSchema, isoDate, isoInstant } from '../src/domain/model.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_FILE = path.join(repoRoot, 'docs', 'case-file.schema.json');

/** The schema's text, as committed (2-space indented, final newline). */
export function caseFileJsonSchema(): string {
  const schema = z.toJSONSchema(caseFileSchema, {
    io: 'input',
    // Dates and instants are refinements in zod (which JSON Schema cannot carry): name their formats.
    override: (ctx) => {
      if (ctx.zodSchema === isoDate) ctx.jsonSchema.format = 'date';
      if (ctx.zodSchema === isoInstant) ctx.jsonSchema.format = 'date-time';
    },
  });
  const described = {
    $schema: schema.$schema,
    title: 'SEND Oversight case file',
    description:
      "One service's people, supervisions, cases, CMOOE meeting series, nominations, selections and actions (docs/case-file.md). " +
      'Generated from src/domain/model.ts by `npm run schema:case-file`; do not edit by hand.',
    ...schema,
  };
  return `${JSON.stringify(described, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(SCHEMA_FILE, caseFileJsonSchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
}
