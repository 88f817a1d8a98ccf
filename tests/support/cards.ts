// Checks every card the product sends: the Adaptive Cards 1.5 JSON schema (ajv), the adaptivecards
// parser (unknown elements, bad enums, duplicate ids, inputs without ids) and Teams' 28 KB limit.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cardBytes, TEAMS_CARD_LIMIT_BYTES } from '../../src/services/cards.js';

const require = createRequire(import.meta.url);
const schemaPath = fileURLToPath(new URL('../fixtures/reference/adaptive-cards/adaptive-card-1.5.schema.json', import.meta.url));

type Validate = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
let validateSchema: Validate | undefined;

function schemaValidator(): Validate {
  if (validateSchema) return validateSchema;
  const { default: Ajv } = require('ajv') as typeof import('ajv');
  const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
  const draft6 = require('ajv/dist/refs/json-schema-draft-06.json') as object;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addMetaSchema(draft6);
  // The 1.5 schema names itself with draft-06's `id`; ajv 8 reads `$id`.
  const { id, ...rest } = JSON.parse(readFileSync(schemaPath, 'utf8')) as { id: string } & Record<string, unknown>;
  validateSchema = ajv.compile({ ...rest, $id: id }) as Validate;
  return validateSchema;
}

/** Every problem with a card, as readable lines (empty when the card is good). */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const validate = schemaValidator();
  if (!validate(card)) {
    for (const e of validate.errors ?? []) problems.push(`schema ${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
  }
  // The UMD bundle: the package's lib/ is ESM with extensionless imports, which Node cannot load.
  const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');
  const context = new AC.SerializationContext();
  const adaptiveCard = new AC.AdaptiveCard();
  adaptiveCard.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parser: ${context.getEventAt(i).message}`);
  const results = adaptiveCard.validateProperties();
  for (const e of results.validationEvents) problems.push(`validation: ${e.message}`);
  const bytes = cardBytes(card as Record<string, unknown>);
  if (bytes > TEAMS_CARD_LIMIT_BYTES) problems.push(`size: ${bytes} bytes is over Teams' 28 KB limit`);
  if ((card as { version?: string }).version !== '1.5') problems.push(`version: expected "1.5", got ${JSON.stringify((card as { version?: string }).version)}`);
  return problems;
}
