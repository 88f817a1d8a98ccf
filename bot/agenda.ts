// "agenda", "agenda next", "agenda 2026-12-10" in a channel: answered by the agendas service
// (src/services/agendas), which builds the channel card (case references and initials only) and
// saves the Word document.
import { agendaForChannel, LocalDocumentStore, type DocumentStore } from '../src/services/agendas/index.js';
import type { AgendaHandler } from './bot.js';
import { tabLinkConfig, type TabLinkConfig } from '../src/services/deep-links.js';
import { sharedSnapshots } from '../src/services/read-model.js';
import { sharedAccessLog } from '../src/services/access-log.js';

/** Links to the tab's pages; none when they cannot be made (the server refuses to start then). */
function linksOf(env: Readonly<Record<string, string | undefined>>): TabLinkConfig | null {
  try {
    return tabLinkConfig(env);
  } catch {
    return null;
  }
}

/** `documents`: where the Word files go; default the server's (ServerDeps.documents), else ./data/agendas. */
export function agendaHandler(given?: DocumentStore): AgendaHandler {
  return async (deps, request) => {
    const documents = given ?? deps.documents ?? new LocalDocumentStore();
    const reply = await agendaForChannel(
      {
        store: deps.store,
        documents,
        logger: deps.logger,
        tabLinks: linksOf(deps.env),
        access: sharedAccessLog(deps),
        ...(deps.messenger ? { messenger: deps.messenger, snapshots: sharedSnapshots(deps), clock: deps.clock } : {}),
      },
      { teamId: request.teamId, channelId: request.channelId, text: request.text, today: request.today, person: request.person },
    );
    return reply.kind === 'card' ? { card: reply.card, summaryText: reply.summaryText } : { text: reply.text };
  };
}
