// docs/case-file.schema.json is the zod model's JSON Schema (npm run schema:case-file), kept current;
// the format's example in docs/case-file.md has that shape, and the schema refuses what the model refuses.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { caseFileJsonSchema, SCHEMA_FILE } from '../../scripts/case-file-schema.js';
import { generateDemo } from '../../src/domain/demo.js';

const require = createRequire(import.meta.url);
const committed = readFileSync(SCHEMA_FILE, 'utf8');

function validator(): (data: unknown) => string[] {
  const { default: Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv, ['date', 'date-time', 'email']);
  const validate = ajv.compile(JSON.parse(committed) as object);
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));
}

/** The JSON blocks of docs/case-file.md. */
function examples(): string[] {
  const doc = readFileSync(new URL('../../docs/case-file.md', import.meta.url), 'utf8');
  return [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('docs/case-file.schema.json', () => {
  it('is what `npm run schema:case-file` writes from the model (run it after changing src/domain/model.ts)', () => {
    expect(committed).toBe(caseFileJsonSchema());
  });

  it("accepts the example of docs/case-file.md and a demo service's file", () => {
    const validate = validator();
    expect(validate(JSON.parse(examples()[0]!))).toEqual([]);
    expect(validate(JSON.parse(JSON.stringify(generateDemo({ cases: 40, seed: 3, today: '2026-11-23' }))))).toEqual([]);
  });

  it('refuses an unknown field, a missing required field and a wrong kind of value', () => {
    const validate = validator();
    const file = JSON.parse(examples()[0]!) as { cases: Array<Record<string, unknown>>; people: Array<Record<string, unknown>> };
    file.cases[0]!.planIssuedOn = '2026-10-12';
    delete file.people[0]!.roles;
    file.cases[0]!.dateOfBirth = '15/10/2012';
    const problems = validate(file);
    expect(problems).toEqual(
      expect.arrayContaining(['/cases/0 must NOT have additional properties', "/people/0 must have required property 'roles'", '/cases/0/dateOfBirth must match format "date"']),
    );
  });
});
