// The repository stands on its own: a council's IT person clones it and nothing else. No file may
// read or link the project's working folders beside the clone (the rule book is docs/rules.md, the
// case file format docs/case-file.md, the reference schemas tests/fixtures/reference/).
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** Not part of the repository: installed, built or written by a run. */
const SKIP = new Set(['.git', 'node_modules', 'dist', 'data', 'coverage', '.ci/jest-result.json']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (SKIP.has(e.name) || SKIP.has(relative(repoRoot, path))) return [];
    return e.isDirectory() ? files(path) : e.isFile() ? [path] : [];
  });
}

// Written with ${shared} so that this file does not match itself.
const shared = 'shared';
const outside = new RegExp(String.raw`\.\./${shared}\b|/work/${shared}\b|['"]\.\.['"],\s*['"]${shared}['"]`);

describe('the repository is self-contained', () => {
  it('no file reads or links the folders beside the clone', () => {
    const offending: string[] = [];
    for (const file of files(repoRoot)) {
      const bytes = readFileSync(file);
      if (bytes.includes(0)) continue; // binary (images, workbooks)
      bytes
        .toString('utf8')
        .split('\n')
        .forEach((line, i) => {
          if (outside.test(line)) offending.push(`${relative(repoRoot, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offending).toEqual([]);
  });

  it('the check has teeth', () => {
    for (const line of [`see [rules](../${shared}/standards.md)`, `path.join(repoRoot, '..', '${shared}', 'reference')`, `/work/${shared}/case-file.md`]) {
      expect(outside.test(line)).toBe(true);
    }
    expect(outside.test('a shared secret header')).toBe(false);
  });
});
