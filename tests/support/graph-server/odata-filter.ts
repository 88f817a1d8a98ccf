// A small OData $filter parser for the Graph list-items test server: the subset SharePoint list
// items accept through Graph (fields/X eq|ne|gt|ge|lt|le literal, startswith(fields/X,'v'), and, or,
// parentheses). String literals use OData escaping: a quote inside is doubled ('O''Brien').

export type FilterNode =
  | { kind: 'cmp'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; field: string; value: string | number | boolean | null }
  | { kind: 'startswith'; field: string; value: string }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode };

export class FilterSyntaxError extends Error {}

interface Token {
  type: 'ident' | 'string' | 'number' | 'lparen' | 'rparen' | 'comma';
  text: string;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '(') {
      out.push({ type: 'lparen', text: ch });
      i++;
      continue;
    }
    if (ch === ')') {
      out.push({ type: 'rparen', text: ch });
      i++;
      continue;
    }
    if (ch === ',') {
      out.push({ type: 'comma', text: ch });
      i++;
      continue;
    }
    if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new FilterSyntaxError(`unterminated string literal in $filter: ${src}`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += src[i];
        i++;
      }
      out.push({ type: 'string', text: value });
      continue;
    }
    const m = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (m) {
      out.push({ type: 'number', text: m[0] });
      i += m[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_/]*/.exec(src.slice(i));
    if (id) {
      out.push({ type: 'ident', text: id[0] });
      i += id[0].length;
      continue;
    }
    throw new FilterSyntaxError(`unexpected character ${JSON.stringify(ch)} in $filter at ${i}`);
  }
  return out;
}

export function parseFilter(src: string): FilterNode {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (type?: Token['type']): Token => {
    const t = tokens[pos];
    if (!t || (type && t.type !== type)) throw new FilterSyntaxError(`syntax error in $filter near token ${pos}: ${src}`);
    pos++;
    return t;
  };
  const field = (t: Token): string => {
    if (t.type !== 'ident' || !t.text.startsWith('fields/')) throw new FilterSyntaxError(`expected fields/Name in $filter, got ${t.text}`);
    return t.text.slice('fields/'.length);
  };
  const literal = (): string | number | boolean | null => {
    const t = take();
    if (t.type === 'string') return t.text;
    if (t.type === 'number') return Number(t.text);
    if (t.type === 'ident' && (t.text === 'true' || t.text === 'false')) return t.text === 'true';
    if (t.type === 'ident' && t.text === 'null') return null;
    throw new FilterSyntaxError(`expected a literal in $filter, got ${t.text}`);
  };
  const primary = (): FilterNode => {
    const t = take();
    if (t.type === 'lparen') {
      const e = orExpr();
      take('rparen');
      return e;
    }
    if (t.type === 'ident' && t.text === 'startswith') {
      take('lparen');
      const f = field(take());
      take('comma');
      const v = take('string');
      take('rparen');
      return { kind: 'startswith', field: f, value: v.text };
    }
    const f = field(t);
    const op = take('ident').text;
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) throw new FilterSyntaxError(`unsupported operator ${op} in $filter`);
    return { kind: 'cmp', op: op as 'eq', field: f, value: literal() };
  };
  const andExpr = (): FilterNode => {
    let left = primary();
    while (peek()?.type === 'ident' && peek()!.text === 'and') {
      pos++;
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const orExpr = (): FilterNode => {
    let left = andExpr();
    while (peek()?.type === 'ident' && peek()!.text === 'or') {
      pos++;
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  };
  const result = orExpr();
  if (pos !== tokens.length) throw new FilterSyntaxError(`unexpected trailing tokens in $filter: ${src}`);
  return result;
}

export function filterFields(node: FilterNode, out = new Set<string>()): Set<string> {
  if (node.kind === 'and' || node.kind === 'or') {
    filterFields(node.left, out);
    filterFields(node.right, out);
  } else if (node.kind === 'cmp' || node.kind === 'startswith') out.add(node.field);
  return out;
}

/** The same filter with every string literal lower-cased (SharePoint compares text case-insensitively). */
export function lowerCased(node: FilterNode): FilterNode {
  if ('left' in node) return { ...node, left: lowerCased(node.left), right: lowerCased(node.right) };
  if (node.kind === 'startswith') return { ...node, value: node.value.toLowerCase() };
  return { ...node, value: typeof node.value === 'string' ? node.value.toLowerCase() : node.value };
}

export function evaluate(node: FilterNode, fields: Record<string, unknown>): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, fields) && evaluate(node.right, fields);
    case 'or':
      return evaluate(node.left, fields) || evaluate(node.right, fields);
    case 'startswith': {
      const v = fields[node.field];
      return typeof v === 'string' && v.startsWith(node.value);
    }
    case 'cmp': {
      const v = fields[node.field] ?? null;
      const w = node.value;
      if (node.op === 'eq') return v === w;
      if (node.op === 'ne') return v !== w;
      if (v === null || w === null) return false;
      const a = v as string | number;
      const b = w as string | number;
      if (node.op === 'gt') return a > b;
      if (node.op === 'ge') return a >= b;
      if (node.op === 'lt') return a < b;
      return a <= b;
    }
  }
}
