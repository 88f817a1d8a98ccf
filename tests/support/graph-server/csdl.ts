// Reads the Microsoft Graph v1.0 metadata (tests/fixtures/reference/graph/graph-v1.0-csdl.xml) far enough to
// check request paths and request properties against it: entity sets, entity and complex types with
// their base types, properties, navigation properties, and bound functions.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface CsdlType {
  readonly name: string;
  readonly base: string | null;
  readonly properties: Map<string, string>;
  readonly navigation: Map<string, string>;
}

export interface Csdl {
  readonly types: Map<string, CsdlType>;
  readonly entitySets: Map<string, string>;
  /** binding type (e.g. `Collection(graph.listItem)`) -> bound function names */
  readonly boundFunctions: Map<string, Set<string>>;
}

export function csdlPath(repoRoot: string): string {
  return resolve(repoRoot, 'tests', 'fixtures', 'reference', 'graph', 'graph-v1.0-csdl.xml');
}

const strip = (t: string) => t.replace(/^(microsoft\.graph|graph)\./, '');

export function readCsdl(file: string): Csdl {
  const xml = readFileSync(file, 'utf8');
  const types = new Map<string, CsdlType>();
  const typeRe = /<(EntityType|ComplexType) Name="([^"]+)"([^>]*?)(\/?)>/g;
  let m: RegExpExecArray | null;
  while ((m = typeRe.exec(xml))) {
    const [, kind, name, attrs, selfClosing] = m;
    const base = /BaseType="([^"]+)"/.exec(attrs!)?.[1] ?? null;
    const t: CsdlType = { name: name!, base: base ? strip(base) : null, properties: new Map(), navigation: new Map() };
    if (!selfClosing) {
      const end = xml.indexOf(`</${kind}>`, typeRe.lastIndex);
      const body = xml.slice(typeRe.lastIndex, end);
      for (const p of body.matchAll(/<Property Name="([^"]+)" Type="([^"]+)"/g)) t.properties.set(p[1]!, p[2]!);
      for (const p of body.matchAll(/<NavigationProperty Name="([^"]+)" Type="([^"]+)"/g)) t.navigation.set(p[1]!, p[2]!);
    }
    types.set(name!, t);
  }
  const entitySets = new Map<string, string>();
  for (const s of xml.matchAll(/<EntitySet Name="([^"]+)" EntityType="([^"]+)"/g)) entitySets.set(s[1]!, strip(s[2]!));
  const boundFunctions = new Map<string, Set<string>>();
  for (const f of xml.matchAll(/<Function Name="([^"]+)" IsBound="true">\s*<Parameter Name="bindingParameter" Type="([^"]+)"/g)) {
    const key = f[2]!.replace('microsoft.graph.', 'graph.');
    if (!boundFunctions.has(key)) boundFunctions.set(key, new Set());
    boundFunctions.get(key)!.add(f[1]!);
  }
  return { types, entitySets, boundFunctions };
}

function member(csdl: Csdl, typeName: string, pick: (t: CsdlType) => string | undefined): string | undefined {
  for (let t = csdl.types.get(typeName); t; t = t.base ? csdl.types.get(t.base) : undefined) {
    const v = pick(t);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function propertyType(csdl: Csdl, typeName: string, property: string): string | undefined {
  return member(csdl, typeName, (t) => t.properties.get(property) ?? t.navigation.get(property));
}

/** Walk a request path (`/sites/{id}/lists/{id}/items/delta`) through the metadata. Returns the
 * problem, or null when every segment exists. Segments that are keys are taken as keys. */
export function checkPath(csdl: Csdl, path: string): string | null {
  const segs = path.split('/').filter(Boolean);
  const set = csdl.entitySets.get(segs[0]!);
  if (!set) return `no entity set ${segs[0]}`;
  let cur = { type: set, collection: true };
  for (const seg of segs.slice(1)) {
    if (cur.collection) {
      const fns = csdl.boundFunctions.get(`Collection(graph.${cur.type})`);
      if (fns?.has(seg)) {
        cur = { type: cur.type, collection: true }; // delta returns the same collection type
        continue;
      }
      cur = { type: cur.type, collection: false }; // a key
      continue;
    }
    const nav = member(csdl, cur.type, (t) => t.navigation.get(seg));
    if (!nav) return `${cur.type} has no navigation property ${seg} (in ${path})`;
    const coll = /^Collection\((.+)\)$/.exec(nav);
    cur = { type: strip(coll ? coll[1]! : nav), collection: !!coll };
  }
  return null;
}
