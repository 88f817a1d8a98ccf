// Links from cards to the exact page of the tab (issue 15): Teams deep links built from the manifest's
// app id and TAB_ENDPOINT, the page's route as the subEntityId the tab reads; a plain web link without
// an app id; localhost only in a local run; a production server without TAB_ENDPOINT refuses to start.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseRoute } from '../../tab/src/routes.js';
import { startServer } from '../../src/server/main.js';
import { readReminderConfig } from '../../src/services/reminders/config.js';
import { digestCard } from '../../src/services/reminders/cards.js';
import { TAB_ROUTES, tabLink, tabLinkConfig } from '../../src/services/deep-links.js';
import { agendaChannelCard, buildAgendaFromFile } from '../../src/services/agendas/build.js';
import { caseFileSchema } from '../../src/domain/model.js';
import { fixture } from '../bot/support.js';

const APP = '6f1c9a52-0c1e-4c8e-9a41-2a7d5f9b3e10';

describe('tab links', () => {
  it('in Teams: a deep link to the personal tab whose subEntityId is the route the tab opens', () => {
    const config = tabLinkConfig({ TEAMS_APP_ID: APP, TAB_ENDPOINT: 'https://sendovs.example.org/' });
    const url = new URL(tabLink(config, TAB_ROUTES.case('C-1011')));
    expect(url.origin + url.pathname).toBe(`https://teams.microsoft.com/l/entity/${APP}/my-work`);
    const context = JSON.parse(url.searchParams.get('context')!) as { subEntityId: string };
    expect(context.subEntityId).toBe('case/C-1011');
    expect(url.searchParams.get('webUrl')).toBe('https://sendovs.example.org/tab/#/case/C-1011');
    expect(url.searchParams.get('label')).toBe('Case C-1011');
    // The tab reads the subEntityId as its route.
    expect(parseRoute(`#/${context.subEntityId}`).path).toEqual(['case', 'C-1011']);
  });

  it("the managers' pages open in the dashboard tab, with their query", () => {
    const config = tabLinkConfig({ TEAMS_APP_ID: APP, TAB_ENDPOINT: 'https://sendovs.example.org' });
    const url = new URL(tabLink(config, TAB_ROUTES.forecast({ week: '-1' })));
    expect(url.pathname).toBe(`/l/entity/${APP}/dashboard`);
    const route = parseRoute(`#/${(JSON.parse(url.searchParams.get('context')!) as { subEntityId: string }).subEntityId}`);
    expect(route.path).toEqual(['forecast']);
    expect(route.query.get('week')).toBe('-1');
    // A later page (an audit, a meeting record) is a route like any other.
    expect(tabLink(config, { path: ['audit', 'A-7'] })).toContain(encodeURIComponent(JSON.stringify({ subEntityId: 'audit/A-7' })));
  });

  it('without a Teams app id, the page on TAB_ENDPOINT; localhost only in a local run', () => {
    expect(tabLink(tabLinkConfig({ TAB_ENDPOINT: 'https://sendovs.example.org' }), TAB_ROUTES.chair('cmooe'))).toBe('https://sendovs.example.org/tab/#/chair?series=cmooe');
    expect(tabLink(tabLinkConfig({ PORT: '4000' }), TAB_ROUTES.myWork())).toBe('http://localhost:4000/tab/#/my-work');
    expect(() => tabLinkConfig({ NODE_ENV: 'production' })).toThrow(/TAB_ENDPOINT is not set: links from cards to the tab would point at localhost/);
    expect(() => tabLinkConfig({ TAB_ENDPOINT: 'sendovs.example.org' })).toThrow(/TAB_ENDPOINT must be the tab's address/);
  });

  it('a production server without TAB_ENDPOINT refuses to start, naming it', async () => {
    // Past the other production checks (credentials, an allowed tenant, a database that exists and is
    // not empty): the links are checked before the database is opened.
    const db = join(mkdtempSync(join(tmpdir(), 'send-links-')), 'send.db');
    writeFileSync(db, 'not opened');
    await expect(
      startServer({
        PORT: '0',
        SEND_DB_PATH: db,
        NODE_ENV: 'production',
        MicrosoftAppId: 'a',
        MicrosoftAppPassword: 'b',
        MicrosoftAppType: 'MultiTenant',
        AAD_ALLOWED_TENANTS: '00000000-0000-0000-0000-0000000000aa',
        TAB_BUILD: 'off',
      }),
    ).rejects.toThrow(/TAB_ENDPOINT is not set/);
  });

  it("a digest's lines open their case, and its buttons the team view and the overdue list", () => {
    const env = { TEAMS_APP_ID: APP, TAB_ENDPOINT: 'https://sendovs.example.org' };
    const config = readReminderConfig(env);
    expect(config.tabUrl).toContain(`/l/entity/${APP}/my-work`);
    const card = JSON.stringify(
      digestCard({
        card: 'manager-digest',
        day: '2026-11-23',
        stillOverdue: 2,
        graceDays: 5,
        tabUrl: config.tabUrl,
        links: config.links,
        recipient: { id: 'p3', roles: ['team-manager'] },
        lines: [
          {
            obligationKey: 'C-1011/annual-review/2026-10-01',
            kind: 'annual-review',
            label: 'Annual review',
            caseId: 'C-1011',
            who: 'S.S.',
            ownerName: 'Alex Wilber',
            due: '2026-10-01',
            stage: 'escalated',
            citation: 'PS 7.4',
            basis: '12 months after the last review meeting on 1 Oct 2025',
            forInformation: false,
            state: 'open',
            stateOn: null,
          },
        ],
      }),
    );
    expect(card).toContain('"title":"Open C-1011"');
    expect(card).toContain(encodeURIComponent(JSON.stringify({ subEntityId: 'case/C-1011' })));
    expect(card).toContain(encodeURIComponent(JSON.stringify({ subEntityId: 'dashboard' })));
    expect(card).toContain(encodeURIComponent(JSON.stringify({ subEntityId: 'forecast?week=-1' })));
    expect(card).not.toContain('localhost');
  });

  it("an agenda's card opens the chair's view of its series; the weekly agenda's, the dashboard", () => {
    const file = caseFileSchema.parse(fixture);
    const tabLinks = tabLinkConfig({ TEAMS_APP_ID: APP, TAB_ENDPOINT: 'https://sendovs.example.org' });
    const cmooe = JSON.stringify(
      agendaChannelCard(buildAgendaFromFile(file, { kind: 'cmooe', seriesId: 'cmooe', meetingOn: '2026-11-26' }), {
        documentUrl: 'https://x.example/a.docx',
        tabUrl: 'https://x.example/tab',
        tabLinks,
      }),
    );
    expect(cmooe).toContain(encodeURIComponent(JSON.stringify({ subEntityId: 'chair?series=cmooe' })));
    const weekly = JSON.stringify(
      agendaChannelCard(buildAgendaFromFile(file, { kind: 'weekly', meetingOn: '2026-11-30' }), { documentUrl: 'https://x.example/w.docx', tabUrl: 'https://x.example/tab', tabLinks }),
    );
    expect(weekly).toContain(encodeURIComponent(JSON.stringify({ subEntityId: 'dashboard' })));
  });
});
