// `send-oversight provision --site SITE_ID`: create the store's lists, or complete them with the
// columns they lack. Idempotent: a second run finds everything in place and changes nothing.
import { getAllPages, type GraphConnection } from '../graph/client.js';
import { columnDefinition, DEFAULT_LIST_PREFIX, LISTS, type ListKey } from './schema.js';

export interface ProvisionReport {
  readonly listIds: Record<ListKey, string>;
  /** Display names of the lists created by this run. */
  readonly createdLists: string[];
  /** `List.Column` for each column added to an existing list. */
  readonly addedColumns: string[];
  /** Columns that exist but differ from what the store needs (e.g. not indexed): fix by hand. */
  readonly mismatches: string[];
  readonly changed: boolean;
}

export function sitePath(siteId: string): string {
  if (!siteId || /[/?#\s]/.test(siteId)) throw new Error(`not a SharePoint site id: ${JSON.stringify(siteId)}`);
  return `/sites/${siteId}`;
}

interface GraphList {
  id: string;
  displayName: string;
}
interface GraphColumn {
  name: string;
  indexed?: boolean;
  enforceUniqueValues?: boolean;
}

/** The ids of the store's lists; throws naming the lists that are missing (run provision). */
export async function findLists(conn: GraphConnection, siteId: string, prefix = DEFAULT_LIST_PREFIX): Promise<Record<ListKey, string>> {
  const existing = await getAllPages<GraphList>(conn, `${sitePath(siteId)}/lists?$select=id,displayName`);
  const ids: Partial<Record<ListKey, string>> = {};
  const missing: string[] = [];
  for (const spec of LISTS) {
    const found = existing.find((l) => l.displayName.toLowerCase() === (prefix + spec.name).toLowerCase());
    if (found) ids[spec.key] = found.id;
    else missing.push(prefix + spec.name);
  }
  if (missing.length) throw new Error(`the SharePoint site has no list ${missing.join(', ')}: run \`send-oversight provision --site ${siteId}\` first`);
  return ids as Record<ListKey, string>;
}

export async function provisionLists(conn: GraphConnection, siteId: string, prefix = DEFAULT_LIST_PREFIX): Promise<ProvisionReport> {
  const site = sitePath(siteId);
  const existing = await getAllPages<GraphList>(conn, `${site}/lists?$select=id,displayName`);
  const listIds: Partial<Record<ListKey, string>> = {};
  const createdLists: string[] = [];
  const addedColumns: string[] = [];
  const mismatches: string[] = [];
  for (const spec of LISTS) {
    const displayName = prefix + spec.name;
    const found = existing.find((l) => l.displayName.toLowerCase() === displayName.toLowerCase());
    if (!found) {
      const created = (await conn.client.api(`${site}/lists`).post({
        displayName,
        columns: spec.columns.map(columnDefinition),
        list: { template: 'genericList' },
      })) as GraphList;
      listIds[spec.key] = created.id;
      createdLists.push(displayName);
      continue;
    }
    listIds[spec.key] = found.id;
    const columns = await getAllPages<GraphColumn>(conn, `${site}/lists/${found.id}/columns`);
    for (const col of spec.columns) {
      const have = columns.find((c) => c.name === col.name);
      if (!have) {
        await conn.client.api(`${site}/lists/${found.id}/columns`).post(columnDefinition(col));
        addedColumns.push(`${displayName}.${col.name}`);
      } else {
        if ((col.indexed ?? false) && !have.indexed) mismatches.push(`${displayName}.${col.name} must be indexed`);
        if ((col.unique ?? false) && !have.enforceUniqueValues) mismatches.push(`${displayName}.${col.name} must enforce unique values`);
      }
    }
  }
  return { listIds: listIds as Record<ListKey, string>, createdLists, addedColumns, mismatches, changed: createdLists.length + addedColumns.length > 0 };
}
