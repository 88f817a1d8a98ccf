// Reading JSON text a person wrote, with a syntax error placed by line and column (Node's JSON.parse
// names at most a character position, and for an unexpected character none at all).

export type JsonParse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** JSON.parse, accepting a leading byte order mark (Windows editors write one); on a syntax error, a
 * message "line L, column C: what is wrong". */
export function parseJsonText(text: string): JsonParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (e) {
    return { ok: false, message: describeJsonError(body, e as Error) };
  }
}

/** "line 3, column 5: Expected ',' or '}' after property value" for an error JSON.parse threw on `text`. */
export function describeJsonError(text: string, error: Error): string {
  const given = /at position (\d+)/.exec(error.message);
  const position = given ? Number(given[1]) : jsonErrorOffset(text);
  const reason = error.message
    .replace(/\s*(?:in JSON )?at position \d+.*$/, '')
    .replace(/^(Unexpected token '.*?'),.* is not valid JSON$/s, '$1')
    .replace(/^Unexpected end of JSON input$/, 'the text ends before the JSON does');
  if (position === null) return reason;
  const { line, column } = lineAndColumn(text, position);
  return `line ${line}, column ${column}: ${position >= text.length ? 'the text ends before the JSON does' : reason}`;
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Thrown inside jsonErrorOffset to unwind to the offset of the first error. */
class Stop extends Error {
  constructor(readonly at: number) {
    super(`JSON stops being valid at ${at}`);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** The offset of the first character at which `text` stops being JSON (RFC 8259), or null when it is
 * JSON (or nests too deeply to follow). Only run after JSON.parse has failed. */
export function jsonErrorOffset(text: string): number | null {
  const n = text.length;
  let i = 0;
  const fail = (at = i): never => {
    throw new Stop(at);
  };
  const space = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(i)) i += 1;
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k += 1) if (text[i + k] !== word[k]) fail(i + k);
    i += word.length;
  };
  const string = () => {
    i += 1; // the opening quote
    for (;;) {
      if (i >= n) fail(n);
      const c = text.charCodeAt(i);
      if (c === 34) {
        i += 1;
        return;
      }
      if (c < 0x20) fail();
      if (c !== 92) {
        i += 1;
        continue;
      }
      const escaped = text[i + 1];
      if (escaped === 'u') {
        HEX4.lastIndex = i + 2;
        if (!HEX4.test(text)) fail(i + 2);
        i += 6;
      } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) i += 2;
      else fail(i + 1);
    }
  };
  const value = (): void => {
    space();
    if (i >= n) fail(n);
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i += 1;
      space();
      if (text[i] === close) {
        i += 1;
        return;
      }
      for (;;) {
        if (c === '{') {
          space();
          if (text[i] !== '"') fail();
          string();
          space();
          if (text[i] !== ':') fail();
          i += 1;
        }
        value();
        space();
        if (text[i] === ',') i += 1;
        else if (text[i] === close) {
          i += 1;
          return;
        } else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) fail();
    i = NUMBER.lastIndex;
  };
  try {
    value();
    space();
    if (i < n) fail();
    return null;
  } catch (e) {
    if (e instanceof Stop) return e.at;
    if (e instanceof RangeError) return null; // nested deeper than the stack allows
    throw e;
  }
}
