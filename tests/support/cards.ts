// Checks every card the product sends: the Adaptive Cards 1.5 JSON schema (ajv), the adaptivecards
// parser (unknown elements, bad enums, duplicate ids, inputs without ids) and Teams' 28 KB limit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { cardBytes, TEAMS_CARD_LIMIT_BYTES } from '../../src/services/cards.js';

const require = createRequire(import.meta.url);
const repoRoot = process.cwd();
const schemaPath = path.resolve(repoRoot, '..', 'shared', 'reference', 'adaptive-cards', 'adaptive-card-1.5.schema.json');

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
let validateSchema: Validate | undefined;

function schemaValidator(): Validate {
  if (validateSchema) return validateSchema;
  const Ajv = require('ajv').default;
  const addFormats = require('ajv-formats').default;
  const draft6 = require('ajv/dist/refs/json-schema-draft-06.json');
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addMetaSchema(draft6);
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  schema.$id = schema.id;
  delete schema.id;
  validateSchema = ajv.compile(schema) as Validate;
  return validateSchema;
}

/** Every problem with a card, as readable lines (empty when the card is good). */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const validate = schemaValidator();
  if (!validate(card)) {
    for (const e of validate.errors ?? []) problems.push(`schema ${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
  }
  const AC = require('adaptivecards/dist/adaptivecards.js');
  const context = new AC.SerializationContext();
  const adaptiveCard = new AC.AdaptiveCard();
  adaptiveCard.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parser: ${context.getEventAt(i).message}`);
  const results = adaptiveCard.validateProperties();
  for (const e of results.validationEvents as Array<{ message: string }>) problems.push(`validation: ${e.message}`);
  const bytes = cardBytes(card as Record<string, unknown>);
  if (bytes > TEAMS_CARD_LIMIT_BYTES) problems.push(`size: ${bytes} bytes is over Teams' 28 KB limit`);
  if ((card as { version?: string }).version !== '1.5') problems.push(`version: expected "1.5", got ${JSON.stringify((card as { version?: string }).version)}`);
  return problems;
}
