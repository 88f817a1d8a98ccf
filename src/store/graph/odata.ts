// OData helpers for SharePoint list-item queries through Graph. Every string that goes into a
// $filter goes through `literal`, which doubles single quotes (OData's escape): a case reference or a
// name with a `'` cannot end the literal and change the query.

/** An OData string literal: `O'Brien` -> `'O''Brien'`. */
export function literal(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number for an OData filter: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return `'${value.replace(/'/g, "''")}'`;
}

/** A list-item field name (internal column name); refuses anything that is not a plain name. */
export function field(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a column name: ${JSON.stringify(name)}`);
  return `fields/${name}`;
}

export function eq(name: string, value: string | number | boolean | null): string {
  return `${field(name)} eq ${literal(value)}`;
}

export function cmp(name: string, op: 'ge' | 'gt' | 'le' | 'lt' | 'ne', value: string | number | boolean): string {
  return `${field(name)} ${op} ${literal(value)}`;
}

export function startsWith(name: string, prefix: string): string {
  return `startswith(${field(name)},${literal(prefix)})`;
}

export function and(...parts: (string | null | undefined)[]): string {
  const p = parts.filter((x): x is string => !!x);
  return p.length === 1 ? p[0]! : p.map((x) => (/ or /.test(x) ? `(${x})` : x)).join(' and ');
}

export function or(...parts: string[]): string {
  return parts.length === 1 ? parts[0]! : parts.map((x) => `(${x})`).join(' or ');
}

/** A query string from parameters; values are percent-encoded (so `&`, `#`, `+` in a value are safe). */
export function queryString(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
