// Other children's details out of a child's subject access export (docs/rules.md section 7; UK GDPR
// Art. 15(4): the right of access must not disclose other people's data). Free text written by staff
// (a note, a concern, an action) can name another child or give another case's reference: each is
// replaced by "[another child]" or "[another case]". Names are matched whole, ignoring case and the
// kind of apostrophe, as two or three words (a first name and a surname, with a middle name or a
// double-barrelled surname counted as its words). Pure.

export const ANOTHER_CHILD = '[another child]';
export const ANOTHER_CASE = '[another case]';

function normalise(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019]/g, "'");
}

const WORD = /C-\d+|[\p{L}'\u2018\u2019-]+/gu;

export interface Redactor {
  /** The text with other children's names and case references replaced. */
  text(value: string): string;
  /** Every string inside a JSON value redacted (keys kept). */
  json<T>(value: T): T;
}

/**
 * @param otherNames the other children's full names (every child of the service but this one)
 * @param otherCaseIds their case references
 * @param keep names never replaced: this child's own name, and staff names shown as who wrote or owns
 *   something (a member of staff who shares a name with another child is still the member of staff)
 */
export function redactor(otherNames: Iterable<string>, otherCaseIds: Iterable<string>, keep: Iterable<string> = []): Redactor {
  const kept = new Set([...keep].map(normalise));
  const names = new Set<string>();
  let longest = 2;
  for (const n of otherNames) {
    const words = normalise(n).match(WORD) ?? [];
    if (words.length < 2) continue;
    const key = words.join(' ');
    if (kept.has(key)) continue;
    names.add(key);
    longest = Math.max(longest, words.length);
  }
  const cases = new Set(otherCaseIds);
  const text = (value: string): string => {
    if (value === '') return value;
    const tokens = [...value.matchAll(WORD)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
    const cuts: Array<{ start: number; end: number; by: string }> = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (cases.has(t.word.toUpperCase())) {
        cuts.push({ start: t.start, end: t.end, by: ANOTHER_CASE });
        continue;
      }
      // The longest run of words from here that is another child's name, words separated by spaces only.
      for (let n = Math.min(longest, tokens.length - i); n >= 2; n--) {
        const run = tokens.slice(i, i + n);
        if (run.some((r, k) => k > 0 && !/^\s+$/.test(value.slice(run[k - 1]!.end, r.start)))) continue;
        // "Oliver Smith's": the possessive is not part of the name.
        const words = run.map((r) => normalise(r.word));
        const last = words[n - 1]!.replace(/'s?$/, '');
        const key = [...words.slice(0, -1), last].join(' ');
        if (names.has(key)) {
          const end = run[n - 1]!.start + last.length;
          cuts.push({ start: t.start, end, by: ANOTHER_CHILD });
          i += n - 1;
          break;
        }
      }
    }
    if (cuts.length === 0) return value;
    let out = '';
    let at = 0;
    for (const c of cuts) {
      out += value.slice(at, c.start) + c.by;
      at = c.end;
    }
    return out + value.slice(at);
  };
  const json = <T>(value: T): T => {
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return text(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return walk(value) as T;
  };
  return { text, json };
}
