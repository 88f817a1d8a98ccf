// A Graph v1.0 list-items test server on 127.0.0.1 (node:http, port 0): the subset of Microsoft
// Graph that the SharePoint adapter uses, behaving as the Graph documentation says, so that the real
// @microsoft/microsoft-graph-client talks to it over HTTP.
//
//  - sites/{site}/lists (GET, POST with columns), lists/{list}/columns (GET, POST)
//  - lists/{list}/items: GET with $filter (eq ne gt ge lt le, startswith, and, or), $top (default 200,
//    at most 5000), $expand=fields(...), paging through @odata.nextLink ($skiptoken); POST; GET one;
//    PATCH items/{id}/fields with If-Match (412 on a stale eTag); DELETE
//  - filtering on a column that is not indexed: 400 with the documented message unless the request
//    carries `Prefer: HonorNonIndexedQueriesWarningMayFailRandomly` (and on lists over 5,000 items
//    the query fails even then: the list view threshold)
//  - text comparisons and unique values are case-insensitive, as in SharePoint
//  - enforceUniqueValues columns (which must be indexed) answer 409 on a duplicate
//  - items/delta with tokens, deleted items (`deleted` facet and `@removed`), 410 Gone on demand
//  - POST /$batch: at most 20 requests, unique ids, dependsOn, inner statuses
//  - fault injection: 429/503/504 with Retry-After, inner-batch 429s, dropped connections
//  - a bearer token on every request (401 without); a token endpoint for msal
//  - a request log (method, path, status, whether inside a batch) for counting requests
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { evaluate, filterFields, FilterSyntaxError, lowerCased, parseFilter } from './odata-filter.js';

export const NON_INDEXED_PREFER = 'HonorNonIndexedQueriesWarningMayFailRandomly';
const DEFAULT_PAGE = 200;
const MAX_TOP = 5000;
const LIST_VIEW_THRESHOLD = 5000;
const MAX_BATCH = 20;

/** Properties of columnDefinition that this server accepts on create (all exist in the v1.0 CSDL). */
const COLUMN_PROPERTIES = new Set([
  'name',
  'displayName',
  'description',
  'indexed',
  'enforceUniqueValues',
  'required',
  'hidden',
  'columnGroup',
  'text',
  'number',
  'dateTime',
  'choice',
  'boolean',
  'personOrGroup',
]);
const TYPE_FACETS = ['text', 'number', 'dateTime', 'choice', 'boolean', 'personOrGroup'] as const;
type ColumnType = (typeof TYPE_FACETS)[number];

interface Column {
  id: string;
  name: string;
  displayName: string;
  indexed: boolean;
  enforceUniqueValues: boolean;
  type: ColumnType;
  definition: Record<string, unknown>;
}

interface Item {
  id: number;
  fields: Record<string, unknown>;
  version: number;
  seq: number;
  guid: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
}

interface ListState {
  id: string;
  name: string;
  displayName: string;
  template: string;
  columns: Column[];
  items: Map<number, Item>;
  nextItemId: number;
  tombstones: { id: number; seq: number }[];
  /** unique column -> normalised value -> item id (SharePoint keeps an index for these) */
  unique: Map<string, Map<unknown, number>>;
}

export interface LoggedRequest {
  readonly method: string;
  /** The path after /v1.0, without the query. */
  readonly path: string;
  readonly query: string;
  readonly status: number;
  readonly inBatch: boolean;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface GraphTestServer {
  /** The client's base URL: `http://127.0.0.1:PORT/` (the version `v1.0` is added by the client). */
  readonly baseUrl: string;
  readonly siteId: string;
  /** A bearer token that the server accepts. */
  readonly token: string;
  readonly tenantId: string;
  /** Every request, top-level and inside batches, in order. */
  readonly log: LoggedRequest[];
  readonly faults: {
    /** The next `count` top-level requests answer `status` (429 by default) with Retry-After. */
    throttle(count: number, options?: { status?: 429 | 503 | 504; retryAfterSeconds?: number }): void;
    /** The next `count` requests inside batches answer 429 with Retry-After (the outer batch is 200). */
    throttleInner(count: number, options?: { retryAfterSeconds?: number }): void;
    /** The `nth` top-level request from now (1 = the next) loses its connection, before or after it was
     * carried out (after: the change is made, the client never hears of it). */
    dropConnection(nth: number, when?: 'before' | 'after'): void;
    /** The next delta request with a token answers 410 Gone (resync required). */
    goneOnNextDelta(): void;
    /** The first top-level request from now that matches (method and a regular expression on the path
     * after /v1.0, or on the list's display name) loses its connection, before or after it was carried out. */
    dropConnectionWhen(match: { method: string; path?: RegExp; list?: string }, when?: 'before' | 'after'): void;
    /** From now on, each request (top-level, and inside batches unless `inner` is false) answers 429 with
     * Retry-After at this rate, chosen by a seeded random sequence (repeatable); rate 0 stops it. With
     * `dropRate`, top-level requests also lose their connection at that rate (before or after being carried out). */
    throttleRandomly(rate: number, options?: { retryAfterSeconds?: number; seed?: number; inner?: boolean; dropRate?: number }): void;
  };
  /** Items of a list by display name (for assertions): their fields. */
  itemsOf(displayName: string): Record<string, unknown>[];
  /** Milliseconds added before every top-level answer from now on (Graph's own latency, for benches). */
  setLatency(ms: number): void;
  /** Number of lists on the site. */
  listCount(): number;
  /** Delete a list by display name, as someone with rights on the site might (a fault for health checks). */
  removeList(displayName: string): void;
  close(): Promise<void>;
}

export interface GraphServerOptions {
  readonly siteId?: string;
  readonly tenantId?: string;
  /** Milliseconds added before every top-level answer (Graph's own latency, for benches); default 0. */
  readonly latencyMs?: number;
}

function error(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return { status, headers, body: { error: { code, message, innerError: { 'request-id': randomUUID(), date: new Date().toISOString() } } } };
}

function etagOf(item: Item): string {
  return `"${item.guid},${item.version}"`;
}

function parseQuery(query: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!query) return out;
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, '%20'));
    out.set(key, value);
  }
  return out;
}

/** `fields` or `fields($select=A,B)` -> the selected field names (null: all). */
function expandFields(expand: string | undefined): { expand: boolean; select: string[] | null } {
  if (!expand) return { expand: false, select: null };
  const m = /^fields(?:\((?:\$select|select)=([^)]*)\))?$/.exec(expand.trim());
  if (!m) throw new FilterSyntaxError(`unsupported $expand: ${expand}`);
  return {
    expand: true,
    select: m[1]
      ? m[1]
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
  };
}

function normalise(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

export async function startGraphServer(options: GraphServerOptions = {}): Promise<GraphTestServer> {
  const siteId = options.siteId ?? 'contoso.sharepoint.com,11111111-1111-1111-1111-111111111111,22222222-2222-2222-2222-222222222222';
  const tenantId = options.tenantId ?? '33333333-3333-3333-3333-333333333333';
  const token = `test-token-${randomUUID()}`;
  const issuedTokens = new Set<string>([token]);
  const lists = new Map<string, ListState>();
  const log: LoggedRequest[] = [];
  let seq = 0;
  let throttleLeft = 0;
  let throttleStatus: 429 | 503 | 504 = 429;
  let throttleRetryAfter = 1;
  let innerThrottleLeft = 0;
  let innerRetryAfter = 1;
  let dropCountdown = 0;
  let dropWhen: 'before' | 'after' = 'before';
  let goneNext = false;
  let dropMatch: { method: string; path?: RegExp; list?: string; when: 'before' | 'after' } | null = null;
  let randomRate = 0;
  let randomRetryAfter = 0;
  let randomInner = true;
  let randomDropRate = 0;
  let randomState = 1;
  /** mulberry32: a small seeded generator, so a fault pattern can be repeated. */
  const nextRandom = () => {
    randomState = (randomState + 0x6d2b79f5) | 0;
    let t = randomState;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const randomlyThrottled = (inner: boolean) => randomRate > 0 && (!inner || randomInner) && nextRandom() < randomRate;
  let baseUrl = '';

  const listByKey = (key: string): ListState | undefined => {
    const direct = lists.get(key);
    if (direct) return direct;
    const decoded = decodeURIComponent(key).toLowerCase();
    for (const l of lists.values()) if (l.displayName.toLowerCase() === decoded) return l;
    return undefined;
  };

  const columnJson = (c: Column) => ({ id: c.id, name: c.name, displayName: c.displayName, indexed: c.indexed, enforceUniqueValues: c.enforceUniqueValues, ...c.definition });
  const listJson = (l: ListState) => ({
    id: l.id,
    name: l.name,
    displayName: l.displayName,
    list: { template: l.template, hidden: false, contentTypesEnabled: false },
    webUrl: `https://contoso.sharepoint.com/Lists/${l.name}`,
  });

  const itemJson = (l: ListState, item: Item, fields: { expand: boolean; select: string[] | null }) => {
    const out: Record<string, unknown> = {
      '@odata.etag': etagOf(item),
      id: String(item.id),
      eTag: etagOf(item),
      createdDateTime: item.createdDateTime,
      lastModifiedDateTime: item.lastModifiedDateTime,
      webUrl: `https://contoso.sharepoint.com/Lists/${l.name}/DispForm.aspx?ID=${item.id}`,
    };
    if (fields.expand) out.fields = fieldsJson(item, fields.select);
    return out;
  };
  const fieldsJson = (item: Item, select: string[] | null) => {
    const f: Record<string, unknown> = { '@odata.etag': etagOf(item) };
    const source: Record<string, unknown> = { ...item.fields, id: String(item.id), Created: item.createdDateTime, Modified: item.lastModifiedDateTime };
    for (const [k, v] of Object.entries(source)) {
      if (select && !select.includes(k)) continue;
      if (v === null || v === undefined) continue; // SharePoint omits empty fields
      f[k] = v;
    }
    return f;
  };

  const validateColumn = (def: Record<string, unknown>): Column | Reply => {
    for (const key of Object.keys(def)) {
      if (!COLUMN_PROPERTIES.has(key)) return error(400, 'invalidRequest', `Property '${key}' does not exist as a declared property or extension property.`);
    }
    if (typeof def.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(def.name)) return error(400, 'invalidRequest', 'A column needs a name made of letters, digits and _.');
    const facets = TYPE_FACETS.filter((t) => def[t] !== undefined);
    if (facets.length !== 1) return error(400, 'invalidRequest', `A column needs exactly one type facet (${def.name}).`);
    const type = facets[0]!;
    const indexed = def.indexed === true;
    const unique = def.enforceUniqueValues === true;
    if (unique && !indexed) return error(400, 'invalidRequest', `Column '${def.name}': enforceUniqueValues requires the column to be indexed.`);
    const text = def.text as { allowMultipleLines?: boolean } | undefined;
    if (indexed && type === 'text' && text?.allowMultipleLines) return error(400, 'invalidRequest', `Column '${def.name}': a multiple-lines text column cannot be indexed.`);
    const { name: _n, displayName, indexed: _i, enforceUniqueValues: _u, ...rest } = def;
    return { id: randomUUID(), name: def.name, displayName: typeof displayName === 'string' ? displayName : def.name, indexed, enforceUniqueValues: unique, type, definition: rest };
  };

  const checkFieldValues = (l: ListState, fields: Record<string, unknown>, self: Item | null): Reply | null => {
    for (const [name, value] of Object.entries(fields)) {
      if (name === '@odata.etag') continue;
      const col = l.columns.find((c) => c.name === name);
      if (!col) return error(400, 'invalidRequest', `Field '${name}' is not recognized`);
      if (value === null) continue;
      const bad = () => error(400, 'invalidRequest', `Field '${name}' has a value of the wrong type: ${JSON.stringify(value)}`);
      switch (col.type) {
        case 'number':
          if (typeof value !== 'number' || !Number.isFinite(value)) return bad();
          break;
        case 'boolean':
          if (typeof value !== 'boolean') return bad();
          break;
        case 'dateTime':
          if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return bad();
          break;
        case 'choice': {
          const choices = (col.definition.choice as { choices?: string[] } | undefined)?.choices ?? [];
          if (typeof value !== 'string' || !choices.includes(value)) return bad();
          break;
        }
        case 'text': {
          if (typeof value !== 'string') return bad();
          const multi = (col.definition.text as { allowMultipleLines?: boolean } | undefined)?.allowMultipleLines;
          if (!multi && value.length > 255) return error(400, 'invalidRequest', `Field '${name}': the value is longer than 255 characters`);
          break;
        }
        default:
          break;
      }
      if (col.enforceUniqueValues) {
        const holder = l.unique.get(name)?.get(normalise(value));
        if (holder !== undefined && holder !== self?.id) {
          return error(409, 'nameAlreadyExists', `This value already exists in the list: a duplicate value was found in the unique column '${name}'.`);
        }
      }
    }
    return null;
  };

  const indexUnique = (l: ListState, item: Item, add: boolean) => {
    for (const c of l.columns) {
      if (!c.enforceUniqueValues) continue;
      const v = item.fields[c.name];
      if (v === undefined || v === null) continue;
      if (!l.unique.has(c.name)) l.unique.set(c.name, new Map());
      if (add) l.unique.get(c.name)!.set(normalise(v), item.id);
      else l.unique.get(c.name)!.delete(normalise(v));
    }
  };

  const nextLinkFor = (path: string, params: Map<string, string>, skip: string) => {
    const q = new Map(params);
    q.set('$skiptoken', skip);
    const query = [...q].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    return `${baseUrl}v1.0${path}?${query}`;
  };

  const queryItems = (l: ListState, path: string, params: Map<string, string>, headers: Record<string, string>): Reply => {
    let fieldSel;
    try {
      fieldSel = expandFields(params.get('$expand'));
    } catch (e) {
      return error(400, 'invalidRequest', (e as Error).message);
    }
    const topRaw = params.get('$top');
    const top = topRaw === undefined ? DEFAULT_PAGE : Number(topRaw);
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) return error(400, 'invalidRequest', `$top must be between 1 and ${MAX_TOP}`);
    let candidates = [...l.items.values()].sort((a, b) => a.id - b.id);
    const filterText = params.get('$filter');
    if (filterText) {
      let node;
      try {
        node = parseFilter(filterText);
      } catch (e) {
        return error(400, 'invalidRequest', (e as Error).message);
      }
      const honour = (headers['prefer'] ?? '')
        .split(',')
        .map((s) => s.trim())
        .includes(NON_INDEXED_PREFER);
      for (const name of filterFields(node)) {
        const col = l.columns.find((c) => c.name === name);
        if (!col) return error(400, 'invalidRequest', `Field '${name}' is not recognized`);
        if (!col.indexed) {
          if (!honour)
            return error(
              400,
              'invalidRequest',
              `Field '${name}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: ${NON_INDEXED_PREFER}' header to allow this, but be warned that such queries may fail on large lists.`,
            );
          if (l.items.size > LIST_VIEW_THRESHOLD) return error(500, 'generalException', 'The attempted operation is prohibited because it exceeds the list view threshold.');
        }
      }
      const lowered = (f: Record<string, unknown>) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, normalise(v)]));
      const ln = lowerCased(node);
      candidates = candidates.filter((item) => evaluate(ln, lowered({ ...item.fields, id: item.id })));
    }
    const skip = params.get('$skiptoken');
    if (skip) {
      const m = /p_ID=(\d+)/.exec(skip);
      if (!m) return error(400, 'invalidRequest', 'bad $skiptoken');
      const after = Number(m[1]);
      candidates = candidates.filter((i) => i.id > after);
    }
    const page = candidates.slice(0, top);
    const body: Record<string, unknown> = { '@odata.context': `${baseUrl}v1.0/$metadata#listItems`, value: page.map((i) => itemJson(l, i, fieldSel)) };
    if (candidates.length > top) body['@odata.nextLink'] = nextLinkFor(path, params, `Paged=TRUE&p_ID=${page[page.length - 1]!.id}`);
    return { status: 200, body };
  };

  /** A deltaLink keeps the query options of the enumeration ($expand, $top), as Graph's do. */
  const deltaLinkFor = (path: string, params: Map<string, string>, until: number) => {
    const q = [...params].filter(([k]) => k === '$expand' || k === '$top').map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    q.push(`token=t${until}`);
    return `${baseUrl}v1.0${path}?${q.join('&')}`;
  };

  const delta = (l: ListState, path: string, params: Map<string, string>): Reply => {
    let fieldSel;
    try {
      fieldSel = expandFields(params.get('$expand'));
    } catch (e) {
      return error(400, 'invalidRequest', (e as Error).message);
    }
    const topRaw = params.get('$top');
    const top = topRaw === undefined ? DEFAULT_PAGE : Math.min(Number(topRaw), MAX_TOP);
    const tokenParam = params.get('token');
    const skip = params.get('$skiptoken');
    // $skiptoken carries: since (the token the enumeration started from), until (the seq at its
    // start, which becomes the next deltaLink token), and the position reached.
    let since: number | null;
    let until: number;
    let position = 0;
    if (skip) {
      const m = /^(-?\d+):(\d+):(\d+)$/.exec(skip);
      if (!m) return error(400, 'invalidRequest', 'bad $skiptoken');
      since = Number(m[1]) < 0 ? null : Number(m[1]);
      until = Number(m[2]);
      position = Number(m[3]);
    } else {
      if (tokenParam !== undefined && tokenParam !== 'latest') {
        if (goneNext) {
          goneNext = false;
          return error(
            410,
            'resyncRequired',
            "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.",
            {
              Location: `${baseUrl}v1.0${path}`,
            },
          );
        }
        const t = /^t(\d+)$/.exec(tokenParam);
        if (!t) return error(400, 'invalidRequest', 'bad delta token');
        since = Number(t[1]);
      } else since = null;
      until = seq;
      if (tokenParam === 'latest') {
        return { status: 200, body: { value: [], '@odata.deltaLink': deltaLinkFor(path, params, until) } };
      }
    }
    type Entry = { seq: number; json: Record<string, unknown> };
    const entries: Entry[] = [];
    for (const item of l.items.values()) {
      if (item.seq > until) continue; // changed after the enumeration began: next round
      if (since === null || item.seq > since) entries.push({ seq: item.seq, json: itemJson(l, item, fieldSel) });
    }
    if (since !== null) {
      for (const t of l.tombstones) {
        if (t.seq > since && t.seq <= until) entries.push({ seq: t.seq, json: { id: String(t.id), '@removed': { reason: 'deleted' }, deleted: { state: 'deleted' } } });
      }
    }
    entries.sort((a, b) => a.seq - b.seq);
    const page = entries.slice(position, position + top);
    const body: Record<string, unknown> = { value: page.map((e) => e.json) };
    if (position + top < entries.length) {
      const q = new Map<string, string>();
      if (params.get('$expand')) q.set('$expand', params.get('$expand')!);
      if (topRaw) q.set('$top', topRaw);
      body['@odata.nextLink'] = nextLinkFor(path, q, `${since ?? -1}:${until}:${position + top}`);
    } else {
      body['@odata.deltaLink'] = deltaLinkFor(path, params, until);
    }
    return { status: 200, body };
  };

  /** One Graph request (top-level or inside a batch). */
  const dispatch = (method: string, rawPath: string, headers: Record<string, string>, body: unknown): Reply => {
    const qpos = rawPath.indexOf('?');
    const path = qpos < 0 ? rawPath : rawPath.slice(0, qpos);
    const params = parseQuery(qpos < 0 ? '' : rawPath.slice(qpos + 1));
    const segs = path
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
    if (segs[0] !== 'sites' || segs.length < 2) return error(400, 'BadRequest', `Resource not found for the segment '${segs[0] ?? ''}'.`);
    if (segs[1] !== siteId) return error(404, 'itemNotFound', 'The site was not found');
    if (segs.length === 2 && method === 'GET') return { status: 200, body: { id: siteId, displayName: 'SEND Oversight test site' } };
    if (segs[2] !== 'lists') return error(400, 'BadRequest', `Resource not found for the segment '${segs[2] ?? ''}'.`);
    if (segs.length === 3) {
      if (method === 'GET') return { status: 200, body: { value: [...lists.values()].map(listJson) } };
      if (method === 'POST') {
        const b = (body ?? {}) as Record<string, unknown>;
        for (const key of Object.keys(b)) {
          if (!['displayName', 'description', 'columns', 'list'].includes(key)) return error(400, 'invalidRequest', `Property '${key}' does not exist as a declared property or extension property.`);
        }
        if (typeof b.displayName !== 'string' || !b.displayName) return error(400, 'invalidRequest', 'displayName is required');
        for (const l of lists.values())
          if (l.displayName.toLowerCase() === b.displayName.toLowerCase())
            return error(409, 'nameAlreadyExists', 'A list, survey, discussion board, or document library with the specified title already exists in this Web site.');
        const columns: Column[] = [{ id: randomUUID(), name: 'Title', displayName: 'Title', indexed: false, enforceUniqueValues: false, type: 'text', definition: { text: {} } }];
        for (const def of (b.columns as Record<string, unknown>[] | undefined) ?? []) {
          const c = validateColumn(def);
          if ('status' in c) return c;
          if (columns.some((x) => x.name === c.name)) return error(400, 'invalidRequest', `duplicate column ${c.name}`);
          columns.push(c);
        }
        const template = (b.list as { template?: string } | undefined)?.template ?? 'genericList';
        const l: ListState = {
          id: randomUUID(),
          name: b.displayName.replace(/[^A-Za-z0-9_]/g, ''),
          displayName: b.displayName,
          template,
          columns,
          items: new Map(),
          nextItemId: 1,
          tombstones: [],
          unique: new Map(),
        };
        lists.set(l.id, l);
        return { status: 201, body: listJson(l) };
      }
      return error(405, 'BadRequest', 'method not allowed');
    }
    const l = listByKey(segs[3]!);
    if (!l) return error(404, 'itemNotFound', 'List not found');
    if (segs.length === 4) {
      if (method === 'GET') return { status: 200, body: listJson(l) };
      return error(405, 'BadRequest', 'method not allowed');
    }
    if (segs[4] === 'columns' && segs.length === 5) {
      if (method === 'GET') return { status: 200, body: { value: l.columns.map(columnJson) } };
      if (method === 'POST') {
        const c = validateColumn((body ?? {}) as Record<string, unknown>);
        if ('status' in c) return c;
        if (l.columns.some((x) => x.name === c.name)) return error(409, 'nameAlreadyExists', `A column named '${c.name}' already exists`);
        if (c.enforceUniqueValues && l.items.size > 0) {
          const seen = new Set<unknown>();
          for (const i of l.items.values()) {
            const v = normalise(i.fields[c.name]);
            if (v !== undefined && v !== null && seen.has(v)) return error(400, 'invalidRequest', 'the list holds duplicate values');
            seen.add(v);
          }
        }
        l.columns.push(c);
        if (c.enforceUniqueValues) for (const i of l.items.values()) indexUnique(l, i, true);
        return { status: 201, body: columnJson(c) };
      }
      return error(405, 'BadRequest', 'method not allowed');
    }
    if (segs[4] !== 'items') return error(400, 'BadRequest', `Resource not found for the segment '${segs[4]}'.`);
    if (segs.length === 5) {
      if (method === 'GET') return queryItems(l, path, params, headers);
      if (method === 'POST') {
        const b = (body ?? {}) as { fields?: Record<string, unknown> };
        if (!b.fields || typeof b.fields !== 'object') return error(400, 'invalidRequest', 'fields are required');
        const problem = checkFieldValues(l, b.fields, null);
        if (problem) return problem;
        const now = new Date().toISOString();
        const item: Item = { id: l.nextItemId++, fields: { ...b.fields }, version: 1, seq: ++seq, guid: randomUUID(), createdDateTime: now, lastModifiedDateTime: now };
        l.items.set(item.id, item);
        indexUnique(l, item, true);
        return { status: 201, headers: { ETag: etagOf(item) }, body: itemJson(l, item, { expand: true, select: null }) };
      }
      return error(405, 'BadRequest', 'method not allowed');
    }
    if (segs[5] === 'delta' && segs.length === 6) {
      if (method !== 'GET') return error(405, 'BadRequest', 'method not allowed');
      return delta(l, path, params);
    }
    const itemId = Number(segs[5]);
    const item = Number.isInteger(itemId) ? l.items.get(itemId) : undefined;
    if (!item) return error(404, 'itemNotFound', 'The resource could not be found.');
    const ifMatch = headers['if-match'];
    const stale = ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etagOf(item);
    if (segs.length === 6) {
      if (method === 'GET') {
        let fieldSel;
        try {
          fieldSel = expandFields(params.get('$expand'));
        } catch (e) {
          return error(400, 'invalidRequest', (e as Error).message);
        }
        return { status: 200, body: itemJson(l, item, fieldSel) };
      }
      if (method === 'DELETE') {
        if (stale) return error(412, 'resourceModified', 'The resource has changed since the caller last read it; usually an eTag mismatch');
        l.items.delete(item.id);
        indexUnique(l, item, false);
        l.tombstones.push({ id: item.id, seq: ++seq });
        return { status: 204 };
      }
      return error(405, 'BadRequest', 'method not allowed');
    }
    if (segs[6] === 'fields' && segs.length === 7) {
      if (method === 'GET') return { status: 200, body: fieldsJson(item, null) };
      if (method === 'PATCH') {
        if (stale) return error(412, 'resourceModified', 'The resource has changed since the caller last read it; usually an eTag mismatch');
        const b = (body ?? {}) as Record<string, unknown>;
        const problem = checkFieldValues(l, b, item);
        if (problem) return problem;
        indexUnique(l, item, false);
        for (const [k, v] of Object.entries(b)) if (k !== '@odata.etag') item.fields[k] = v;
        indexUnique(l, item, true);
        item.version++;
        item.seq = ++seq;
        item.lastModifiedDateTime = new Date().toISOString();
        return { status: 200, headers: { ETag: etagOf(item) }, body: fieldsJson(item, null) };
      }
      return error(405, 'BadRequest', 'method not allowed');
    }
    return error(400, 'BadRequest', 'Resource not found');
  };

  const batch = (body: unknown, authHeaders: Record<string, string>): Reply => {
    const requests = (body as { requests?: unknown } | null)?.requests;
    if (!Array.isArray(requests) || requests.length === 0) return error(400, 'BadRequest', 'Invalid batch payload: requests is required');
    if (requests.length > MAX_BATCH) return error(400, 'BadRequest', `Number of batch request steps exceeds the maximum value of ${MAX_BATCH}.`);
    const ids = new Set<string>();
    for (const r of requests as Record<string, unknown>[]) {
      if (typeof r.id !== 'string' || !r.id) return error(400, 'BadRequest', 'Every batch request needs an id');
      if (ids.has(r.id)) return error(400, 'BadRequest', `Batch request ids must be unique: ${r.id}`);
      ids.add(r.id);
      if (typeof r.method !== 'string' || typeof r.url !== 'string') return error(400, 'BadRequest', 'Every batch request needs a method and a url');
      if (r.url.includes('$batch')) return error(400, 'BadRequest', 'Nested batches are not supported');
      if (r.body !== undefined && !(r.headers && Object.keys(r.headers).some((h) => h.toLowerCase() === 'content-type'))) {
        return error(400, 'BadRequest', `Batch request ${r.id}: a body needs a Content-Type header`);
      }
    }
    const statusById = new Map<string, number>();
    const responses = [];
    for (const r of requests as { id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown; dependsOn?: string[] }[]) {
      const url = r.url.startsWith('/') ? r.url : `/${r.url}`;
      const qpos = url.indexOf('?');
      const logPath = qpos < 0 ? url : url.slice(0, qpos);
      let reply: Reply;
      const failedDep = (r.dependsOn ?? []).find((d) => (statusById.get(d) ?? 0) >= 400 || !statusById.has(d));
      if (failedDep !== undefined) {
        reply = error(424, 'FailedDependency', `Depends on ${failedDep}, which failed`);
      } else if (innerThrottleLeft > 0) {
        innerThrottleLeft--;
        reply = error(429, 'TooManyRequests', 'Too many requests', { 'Retry-After': String(innerRetryAfter) });
      } else if (randomlyThrottled(true)) {
        reply = error(429, 'TooManyRequests', 'Too many requests', { 'Retry-After': String(randomRetryAfter) });
      } else {
        const headers: Record<string, string> = { ...authHeaders };
        for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
        reply = dispatch(r.method.toUpperCase(), url, headers, r.body);
      }
      statusById.set(r.id, reply.status);
      log.push({ method: r.method.toUpperCase(), path: logPath, query: qpos < 0 ? '' : url.slice(qpos + 1), status: reply.status, inBatch: true });
      responses.push({ id: r.id, status: reply.status, headers: { 'Content-Type': 'application/json', ...(reply.headers ?? {}) }, ...(reply.body !== undefined ? { body: reply.body } : {}) });
    }
    return { status: 200, body: { responses } };
  };

  let latencyMs = options.latencyMs ?? 0;
  const send = (res: http.ServerResponse, reply: Reply) => {
    if (latencyMs > 0) {
      setTimeout(() => answer(res, reply), latencyMs);
      return;
    }
    answer(res, reply);
  };
  const answer = (res: http.ServerResponse, reply: Reply) => {
    const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...(payload ? { 'Content-Type': 'application/json' } : {}), ...(reply.headers ?? {}) });
    res.end(payload);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const qpos = url.indexOf('?');
      const path = qpos < 0 ? url : url.slice(0, qpos);
      const query = qpos < 0 ? '' : url.slice(qpos + 1);
      const text = Buffer.concat(chunks).toString('utf8');
      // msal's token endpoint (client credentials, on-behalf-of)
      if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) {
        const form = new URLSearchParams(text);
        const grant = form.get('grant_type');
        if (!form.get('client_id') || (grant !== 'client_credentials' && grant !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')) {
          send(res, { status: 400, body: { error: 'invalid_request', error_description: 'unsupported grant' } });
          return;
        }
        const issued = `issued-${grant === 'client_credentials' ? 'app' : 'obo'}-${randomUUID()}`;
        issuedTokens.add(issued);
        send(res, { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: issued } });
        return;
      }
      const graphPath = path.startsWith('/v1.0/') ? path.slice('/v1.0'.length) : null;
      const record = (status: number) => log.push({ method: req.method ?? 'GET', path: graphPath ?? path, query, status, inBatch: false });
      const matchesDrop = (() => {
        if (!dropMatch || !graphPath || dropMatch.method !== req.method) return false;
        if (dropMatch.path && !dropMatch.path.test(graphPath)) return false;
        if (dropMatch.list !== undefined) {
          const m = /^\/sites\/[^/]+\/lists\/([^/]+)/.exec(graphPath);
          const l = m ? listByKey(decodeURIComponent(m[1]!)) : undefined;
          if (!l || l.displayName.toLowerCase() !== dropMatch.list.toLowerCase()) return false;
        }
        return true;
      })();
      if (graphPath && dropCountdown === 0 && randomDropRate > 0 && nextRandom() < randomDropRate) {
        dropWhen = nextRandom() < 0.5 ? 'before' : 'after';
        dropCountdown = 1;
      }
      if (matchesDrop && dropMatch) {
        dropWhen = dropMatch.when;
        dropMatch = null;
        dropCountdown = 1;
      }
      if (dropCountdown > 0) {
        dropCountdown--;
        if (dropCountdown === 0) {
          if (dropWhen === 'after' && graphPath) {
            const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
            let body: unknown;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              body = undefined;
            }
            if (graphPath === '/$batch') batch(body, { authorization: headers.authorization ?? '' });
            else dispatch(req.method ?? 'GET', graphPath + (query ? `?${query}` : ''), headers, body);
          }
          record(0);
          req.socket.destroy();
          return;
        }
      }
      if (!graphPath) {
        record(404);
        send(res, error(404, 'BadRequest', 'Invalid version'));
        return;
      }
      const auth = req.headers.authorization ?? '';
      const bearer = /^Bearer (.+)$/.exec(auth)?.[1];
      if (!bearer || !issuedTokens.has(bearer)) {
        record(401);
        send(res, error(401, 'InvalidAuthenticationToken', bearer ? 'Access token validation failure. Invalid audience.' : 'Access token is empty.'));
        return;
      }
      if (throttleLeft > 0) {
        throttleLeft--;
        const status = throttleStatus;
        record(status);
        send(res, error(status, status === 429 ? 'TooManyRequests' : 'serviceNotAvailable', 'Please retry after', { 'Retry-After': String(throttleRetryAfter) }));
        return;
      }
      if (randomlyThrottled(false)) {
        record(429);
        send(res, error(429, 'TooManyRequests', 'Please retry after', { 'Retry-After': String(randomRetryAfter) }));
        return;
      }
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        record(400);
        send(res, error(400, 'BadRequest', 'Unable to read JSON request payload.'));
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let reply: Reply;
      if (graphPath === '/$batch') {
        reply = req.method === 'POST' ? batch(body, { authorization: auth }) : error(405, 'BadRequest', 'method not allowed');
      } else reply = dispatch(req.method ?? 'GET', graphPath + (query ? `?${query}` : ''), headers, body);
      record(reply.status);
      send(res, reply);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}/`;

  return {
    baseUrl,
    siteId,
    token,
    tenantId,
    log,
    faults: {
      throttle(count, opts = {}) {
        throttleLeft = count;
        throttleStatus = opts.status ?? 429;
        throttleRetryAfter = opts.retryAfterSeconds ?? 1;
      },
      throttleInner(count, opts = {}) {
        innerThrottleLeft = count;
        innerRetryAfter = opts.retryAfterSeconds ?? 1;
      },
      dropConnection(nth, when = 'before') {
        dropCountdown = nth;
        dropWhen = when;
      },
      goneOnNextDelta() {
        goneNext = true;
      },
      dropConnectionWhen(match, when = 'after') {
        dropMatch = { ...match, when };
      },
      throttleRandomly(rate, opts = {}) {
        randomRate = rate;
        randomRetryAfter = opts.retryAfterSeconds ?? 0;
        randomInner = opts.inner ?? true;
        randomDropRate = opts.dropRate ?? 0;
        randomState = opts.seed ?? 1;
      },
    },
    itemsOf(displayName) {
      const l = listByKey(displayName);
      if (!l) throw new Error(`no list ${displayName}`);
      return [...l.items.values()].map((i) => ({ ...i.fields }));
    },
    setLatency: (ms: number) => {
      latencyMs = ms;
    },
    listCount: () => lists.size,
    removeList(displayName) {
      const l = listByKey(displayName);
      if (!l) throw new Error(`no list ${displayName}`);
      lists.delete(l.id);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
