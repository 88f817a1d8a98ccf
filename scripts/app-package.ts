// Builds the Teams app package (appPackage/build/appPackage.<env>.zip): the manifest with its
// ${{VAR}} placeholders resolved from env/.env.<env> (+ env/.env.<env>.user), validated against the
// Teams manifest JSON schema offline, and the two icons. Exactly three files go in the zip.
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { PNG } from 'pngjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** Parse a dotenv-style file: KEY=VALUE lines, # comments, no interpolation. */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 1) continue;
    let value = raw.slice(raw.indexOf('=') + 1);
    value = value.replace(/^\s*"(.*)"\s*$/, '$1');
    vars[line.slice(0, eq).trim()] = value;
  }
  return vars;
}

/** The variables of an environment: env/.env.<name>, overlaid by env/.env.<name>.user if present. */
export function loadEnvironment(envName: string, root = repoRoot): Record<string, string> {
  if (!/^[a-z0-9-]+$/.test(envName)) throw new Error(`bad environment name "${envName}"`);
  const file = path.join(root, 'env', `.env.${envName}`);
  if (!existsSync(file)) throw new Error(`no environment file env/.env.${envName}`);
  const vars = parseEnvFile(readFileSync(file, 'utf8'));
  const user = `${file}.user`;
  if (existsSync(user)) Object.assign(vars, parseEnvFile(readFileSync(user, 'utf8')));
  return vars;
}

/** Every ${{VAR}} named in a text. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

/** Replace ${{VAR}} with values (JSON-string-escaped); `missing` lists the unset or empty ones. */
export function resolvePlaceholders(text: string, vars: Record<string, string | undefined>): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const out = text.replace(PLACEHOLDER, (_m, name: string) => {
    const v = vars[name];
    if (v === undefined || v === '') {
      if (name !== 'APP_NAME_SUFFIX') missing.add(name);
      return '';
    }
    return JSON.stringify(v).slice(1, -1);
  });
  return { text: out, missing: [...missing].sort() };
}

export interface IconCheck {
  readonly file: string;
  readonly problems: string[];
}

/** color.png must be 192x192; outline.png 32x32 with only white or fully transparent pixels. */
export function checkIcons(dir = path.join(repoRoot, 'appPackage')): IconCheck[] {
  const color = PNG.sync.read(readFileSync(path.join(dir, 'color.png')));
  const outline = PNG.sync.read(readFileSync(path.join(dir, 'outline.png')));
  const colorProblems: string[] = [];
  if (color.width !== 192 || color.height !== 192) colorProblems.push(`is ${color.width}x${color.height}, expected 192x192`);
  const outlineProblems: string[] = [];
  if (outline.width !== 32 || outline.height !== 32) outlineProblems.push(`is ${outline.width}x${outline.height}, expected 32x32`);
  let coloured = 0;
  let transparent = 0;
  for (let i = 0; i < outline.data.length; i += 4) {
    const [r, g, b, a] = [outline.data[i]!, outline.data[i + 1]!, outline.data[i + 2]!, outline.data[i + 3]!];
    if (a === 0) transparent++;
    else if (r !== 255 || g !== 255 || b !== 255) coloured++;
  }
  if (coloured > 0) outlineProblems.push(`has ${coloured} pixels that are neither white nor transparent`);
  if (transparent === 0) outlineProblems.push('has no transparent background');
  return [
    { file: 'color.png', problems: colorProblems },
    { file: 'outline.png', problems: outlineProblems },
  ];
}

/** The manifest for an environment, resolved and validated; throws listing every problem. */
export async function resolvedManifest(envName: string, vars = loadEnvironment(envName)): Promise<Record<string, unknown>> {
  const template = readFileSync(path.join(repoRoot, 'appPackage', 'manifest.json'), 'utf8');
  const { text, missing } = resolvePlaceholders(template, vars);
  if (missing.length) throw new Error(`env/.env.${envName} has no value for ${missing.join(', ')} (run \`atk provision --env ${envName}\` or set them)`);
  const manifest = JSON.parse(text) as Record<string, unknown>;
  const problems = await validateManifest(manifest);
  if (problems.length) throw new Error(`the manifest does not match its schema:\n${problems.join('\n')}`);
  return manifest;
}

/** The Teams manifest JSON schema for a manifest version, from the copy bundled with
 * @microsoft/app-manifest (so validation works offline). */
export function bundledSchema(manifestVersion: string): object {
  if (!/^1\.\d+$/.test(manifestVersion)) throw new Error(`unsupported manifestVersion "${manifestVersion}"`);
  const file = path.join(repoRoot, 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  if (!existsSync(file)) throw new Error(`no bundled schema for manifest version ${manifestVersion}`);
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}

/** Validate a manifest against a Teams manifest JSON schema (draft-04), offline; the schema of its
 * manifestVersion by default. Returns one line per problem, empty when valid. */
export async function validateManifest(manifest: Record<string, unknown>, schema?: object): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const { default: Ajv4 } = require('ajv-draft-04') as typeof import('ajv-draft-04');
  const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
  const ajv = new Ajv4({ allErrors: true, strictTypes: false, strict: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema ?? bundledSchema(String(manifest.manifestVersion)));
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e: { instancePath: string; message?: string; params?: unknown }) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params ?? {})}`);
}

export async function buildPackage(envName: string, vars?: Record<string, string>): Promise<{ zip: Buffer; file: string }> {
  const manifest = await resolvedManifest(envName, vars ?? loadEnvironment(envName));
  const iconProblems = checkIcons().flatMap((c) => c.problems.map((p) => `${c.file} ${p}`));
  if (iconProblems.length) throw new Error(iconProblems.join('\n'));
  const zip = new JSZip();
  const fixedDate = new Date('2026-01-01T00:00:00Z');
  zip.file('manifest.json', JSON.stringify(manifest, null, 2), { date: fixedDate });
  for (const icon of ['color.png', 'outline.png']) zip.file(icon, readFileSync(path.join(repoRoot, 'appPackage', icon)), { date: fixedDate });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const outDir = path.join(repoRoot, 'appPackage', 'build');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `appPackage.${envName}.zip`);
  writeFileSync(file, bytes);
  return { zip: bytes, file };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const i = process.argv.indexOf('--env');
  const envName = i > 0 ? process.argv[i + 1] : 'local';
  buildPackage(envName ?? 'local').then(
    ({ file, zip }) => console.log(`wrote ${path.relative(process.cwd(), file)} (${zip.length} bytes)`),
    (e: Error) => {
      console.error(`npm run package: ${e.message}`);
      process.exit(2);
    },
  );
}
