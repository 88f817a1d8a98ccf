// How a card links the agenda's Word document (issue 17): a SharePoint link as it is; a local file is
// never a file:/// link (Teams cannot open one) but a line saying where the file is on the server.
import { describe, expect, it } from '@jest/globals';
import { pathToFileURL } from 'node:url';
import { documentLinkOf } from '../../src/services/agendas/documents.js';

describe('the Word document on a card', () => {
  it('keeps a SharePoint link', () => {
    const url = 'https://council.sharepoint.com/sites/send/Shared%20Documents/Agendas/cmooe/2026-12-10%20cmooe%20agenda.docx';
    expect(documentLinkOf(url)).toEqual({ url, note: null });
  });

  it('says where a local file is instead of linking to it', () => {
    const link = documentLinkOf(pathToFileURL('/srv/send/data/agendas/cmooe/2026-12-10 cmooe agenda.docx').href);
    expect(link.url).toBeNull();
    expect(link.note).toBe('The Word document is saved on the server at /srv/send/data/agendas/cmooe/2026-12-10 cmooe agenda.docx (local mode; with SharePoint it is a link to the library).');
  });
});
