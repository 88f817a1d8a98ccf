// Where the agenda's Word file goes: a DocumentStore seam with two implementations.
// - LocalDocumentStore: files under ./data/agendas/ (SQLite mode, one machine, no tenant);
// - GraphDocumentStore: the SharePoint site's document library through Microsoft Graph
//   (PUT /sites/{site-id}/drive/root:/{path}:/content), whose permissions the council controls.
import { mkdir, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Client } from '@microsoft/microsoft-graph-client';

export interface SavedDocument {
  /** Where a person opens it (a SharePoint webUrl, or a file: URL in SQLite mode). */
  readonly url: string;
  /** The path inside the store (e.g. "agendas/cmooe/2026-11-26 CMOOE oversight.docx"). */
  readonly path: string;
}

export interface DocumentStore {
  /** Save (or replace) a document at a relative path made of safe segments. */
  save(relativePath: string, content: Buffer, contentType: string): Promise<SavedDocument>;
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Reject paths that could escape the folder or that SharePoint refuses ("..", absolute, odd characters). */
export function checkDocumentPath(relativePath: string): string[] {
  const segments = relativePath.split('/');
  if (relativePath.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..' || !/^[A-Za-z0-9][A-Za-z0-9 ._()-]*$/.test(s))) {
    throw new Error(`not a safe document path "${relativePath}" (letters, digits, spaces and ._()- only, no "..")`);
  }
  return segments;
}

/** How a card links a saved document: a SharePoint (https) link as it is; a local file (SQLite mode)
 * cannot be opened from Teams, so the card says where it is on the server instead of a file:/// link. */
export function documentLinkOf(url: string): { readonly url: string | null; readonly note: string | null } {
  if (!url.startsWith('file:')) return { url, note: null };
  let where = url;
  try {
    where = fileURLToPath(url);
  } catch {
    // not a path this system can read back: say the URL as it is
  }
  return { url: null, note: `The Word document is saved on the server at ${where} (local mode; with SharePoint it is a link to the library).` };
}

/** Files under a root folder (default ./data/agendas). Writes to a temporary file first, then renames,
 * so a reader never sees half a document. */
export class LocalDocumentStore implements DocumentStore {
  constructor(private readonly root: string = path.resolve('data', 'agendas')) {}

  async save(relativePath: string, content: Buffer): Promise<SavedDocument> {
    const segments = checkDocumentPath(relativePath);
    const target = path.join(this.root, ...segments);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, content);
    await rename(temp, target);
    return { url: pathToFileURL(target).href, path: relativePath };
  }
}

/** The site's default document library through Graph. `client` is a Graph client authenticated as the
 * app (the SharePoint store's client factory builds one); `folder` is the library folder for agendas. */
export class GraphDocumentStore implements DocumentStore {
  constructor(
    private readonly client: Pick<Client, 'api'>,
    private readonly siteId: string,
    private readonly folder: string = 'Agendas',
  ) {
    if (!siteId) throw new Error('GraphDocumentStore needs the SharePoint site id (SEND_SP_SITE_ID)');
  }

  async save(relativePath: string, content: Buffer, contentType: string): Promise<SavedDocument> {
    const segments = [...checkDocumentPath(this.folder), ...checkDocumentPath(relativePath)];
    const encoded = segments.map(encodeURIComponent).join('/');
    // Simple upload (files up to 250 MB): PUT /sites/{site-id}/drive/root:/{path}:/content
    const item = (await this.client
      .api(`/sites/${encodeURIComponent(this.siteId)}/drive/root:/${encoded}:/content`)
      .header('Content-Type', contentType)
      .put(content)) as { webUrl?: string } | undefined;
    if (!item?.webUrl) throw new Error(`Graph upload of "${relativePath}" returned no webUrl`);
    return { url: item.webUrl, path: relativePath };
  }
}

/** The document store for the configured mode: SEND_STORE=sharepoint uploads to the site's library
 * (SEND_SP_SITE_ID, through `graph`, the SharePoint store's Graph client); otherwise local files
 * under ./data/agendas (SEND_AGENDA_DIR to change). */
export function documentStoreFor(env: Readonly<Record<string, string | undefined>>, graph?: Pick<Client, 'api'> | null): DocumentStore {
  if ((env.SEND_STORE ?? '').trim().toLowerCase() === 'sharepoint') {
    if (!graph) throw new Error("SEND_STORE=sharepoint: the agenda documents need a Graph client (the SharePoint store's)");
    return new GraphDocumentStore(graph, (env.SEND_SP_SITE_ID ?? '').trim(), (env.SEND_AGENDA_FOLDER ?? '').trim() || 'Agendas');
  }
  return new LocalDocumentStore(path.resolve((env.SEND_AGENDA_DIR ?? '').trim() || path.join('data', 'agendas')));
}
