// The audit programme in force (docs/rules.md section 8): qa/dorset.json ships with the code; a council's
// own copy is named by SEND_QA_FILE (a relative path is read from the working directory). A file that
// cannot be read, is not JSON or breaks the schema is a ProgrammeInvalidError naming the file and each
// problem's path: the server does not start, and the command line stops, on a programme it cannot follow.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProgrammeInvalidError, readProgramme, type Programme } from '../../domain/audits/programme.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Where the shipped programme lives (qa/dorset.json), from the source or the dist tree. */
export const QA_DIR = path.basename(repoRoot) === 'dist' ? path.resolve(repoRoot, '..', 'qa') : path.join(repoRoot, 'qa');

export interface ProgrammeSource {
  readonly programme: Programme;
  /** "qa/dorset.json" or "SEND_QA_FILE /etc/send/qa.json". */
  readonly from: string;
}

/** Read and check one programme file. */
export function readProgrammeFile(file: string): Programme {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ProgrammeInvalidError(file, [{ path: '', message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (e) {
    throw new ProgrammeInvalidError(file, [{ path: '', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return readProgramme(json, file);
}

/** The programme of SEND_QA_FILE, else the shipped qa/dorset.json. */
export function programmeFromEnv(env: Readonly<Record<string, string | undefined>>, cwd: string = process.cwd()): ProgrammeSource {
  const own = env.SEND_QA_FILE?.trim();
  if (own) return { programme: readProgrammeFile(path.resolve(cwd, own)), from: `SEND_QA_FILE ${own}` };
  return { programme: readProgrammeFile(path.join(QA_DIR, 'dorset.json')), from: 'qa/dorset.json' };
}
