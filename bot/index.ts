// The bot's runtime for one server process: adapter, bot and the Teams messenger, built from the
// server's dependencies (nothing module-level).
import type { CloudAdapter } from 'botbuilder';
import type { ServerDeps } from '../src/server/deps.js';
import type { Messenger } from '../src/services/messenger.js';
import { createAdapter } from './adapter.js';
import { agendaHandler } from './agenda.js';
import { handleReminderAction } from '../src/services/reminders/index.js';
import { SendOversightBot, type AgendaHandler, type ReminderActionHandler } from './bot.js';
import { createTeamsMessenger } from './teamsMessenger.js';
import { ConversationDirectory } from '../src/services/conversations.js';

export interface BotRuntime {
  readonly adapter: CloudAdapter;
  readonly bot: SendOversightBot;
  readonly messenger: Messenger;
}

export interface BotRuntimeOptions {
  readonly appId: string;
  readonly tabUrl: string;
  /** Tenants whose Teams users are served (config.ts allowedTenants). */
  readonly allowedTenants?: readonly string[];
  readonly reminderAction?: ReminderActionHandler;
  readonly agenda?: AgendaHandler;
}

export function createBotRuntime(deps: ServerDeps, options: BotRuntimeOptions): BotRuntime {
  const adapter = createAdapter(deps.env, deps.logger);
  // The installations, read from the store once a minute, shared by the bot and the messenger.
  const conversations = new ConversationDirectory(deps.store);
  const bot = new SendOversightBot(deps, {
    conversations,
    tabUrl: options.tabUrl,
    appId: options.appId,
    allowedTenants: options.allowedTenants ?? [],
    reminderAction: options.reminderAction ?? handleReminderAction,
    agenda: options.agenda ?? agendaHandler(),
  });
  return { adapter, bot, messenger: createTeamsMessenger(adapter, deps.store, options.appId, deps.logger, conversations) };
}

export { SendOversightBot } from './bot.js';
