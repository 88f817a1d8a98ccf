// Adaptive Cards as data: JSON templates under bot/cards/ (schema 1.5, what Teams renders), bound
// with adaptivecards-templating. Templates are SDK-neutral data, so services can render a card and
// hand it to the Messenger; only bot/ knows botbuilder.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import type { AdaptiveCardJson } from './messenger.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the card templates live (bot/cards/NAME.json), resolved from the source or dist tree. */
export const CARDS_DIR = path.basename(path.dirname(repoRoot)) === 'dist' || path.basename(repoRoot) === 'dist' ? path.resolve(repoRoot, '..', 'bot', 'cards') : path.join(repoRoot, 'bot', 'cards');

const templates = new Map<string, unknown>();

function template(name: string): unknown {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad card template name "${name}"`);
  let t = templates.get(name);
  if (t === undefined) {
    t = JSON.parse(readFileSync(path.join(CARDS_DIR, `${name}.json`), 'utf8')) as unknown;
    templates.set(name, t);
  }
  return t;
}

/** Bind the template bot/cards/NAME.json to `data` ({ $root: data }). */
export function renderCard(name: string, data: object): AdaptiveCardJson {
  const bound = new ACData.Template(template(name)).expand({ $root: data }) as AdaptiveCardJson;
  return bound;
}

/** Size of a card as Teams measures it (the JSON payload, UTF-8 bytes); Teams' limit is 28 KB. */
export function cardBytes(card: AdaptiveCardJson): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

export const TEAMS_CARD_LIMIT_BYTES = 28 * 1024;
