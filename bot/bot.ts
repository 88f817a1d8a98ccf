// The conversational bot (a TeamsActivityHandler): recognises the Teams user as a person of the case
// file, answers commands in plain words or from card buttons, opens and validates the forms, stores
// and removes conversation references on install and uninstall, and routes Action.Execute invokes.
// Thin: every answer is one service call and one card. No state lives here between turns.
import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import { londonOffsetMs, londonToday } from '../src/domain/dates.js';
import type { Case, Person } from '../src/domain/model.js';
import { AccessLogUnavailableError, recordShown, sharedAccessLog } from '../src/services/access-log.js';
import type { ServerDeps } from '../src/server/deps.js';
import { canSeeCase, CASE_NOT_FOUND_HELP, initials } from '../src/services/access.js';
import type { AdaptiveCardJson } from '../src/services/messenger.js';
import { caseDetailsIn, CaseNotFound, myCasesIn, myObligationsIn, normaliseCaseId, visibleCase } from '../src/services/myWork.js';
import { recognise, type PeopleDirectory } from '../src/services/people.js';
import { AccessDeniedError, BadRequestError, type Snapshot } from '../src/services/dashboard.js';
import { ConversationDirectory } from '../src/services/conversations.js';
import { TAB_ROUTES, tabLink, tabLinkConfig, TabLinkConfigError, type TabLinkConfig } from '../src/services/deep-links.js';
import { forecastView, isManager, teamFigures } from '../src/services/forecast.js';
import { handleFortnightAction } from '../src/services/fortnight.js';
import { sharedSnapshots } from '../src/services/read-model.js';
import { AGENDA_SETUP_ROLES } from '../src/services/agendas/chat.js';
import {
  NOMINATOR_ROLES,
  mayNominate,
  maySummarise,
  nominationPreview,
  recordCaseNote,
  recordCmooeSummary,
  recordNomination,
  recordSupervision,
  summaryTarget,
  supervisees,
  supervisionFollowUps,
} from '../src/services/recording.js';
import { markNotesShared, notesAwaited } from '../src/services/supervision.js';
import type { ConversationRecord } from '../src/store/port.js';
import type { ReminderActionAnswer } from '../src/services/reminders/actions.js';
import { parseCommand, type Command } from './commands.js';
import { safeError } from './errors.js';
import {
  caseCard,
  dueCard,
  forecastCard,
  helpCard,
  teamCard,
  type HelpAbilities,
  meetingCasesCard,
  meetingItemForm,
  MEETING_ITEM_FIELDS,
  messageCard,
  myCasesCard,
  nominateForm,
  noteForm,
  notSetUpCard,
  summaryForm,
  supervisionForm,
  welcomeCard,
  type FormState,
  type Scope,
} from './render.js';
import { meetingRecordView, saveMeetingItem } from '../src/services/meetings.js';

/** Answers an Action.Execute whose verb starts with `reminder.` (the reminders service): the refreshed
 * card, or a message to send while the card stays as it was. */
export type ReminderActionHandler = (deps: ServerDeps, person: Person, verb: string, data: Record<string, unknown>) => Promise<ReminderActionAnswer>;
/** Answers `agenda`, `agenda next`, `agenda 2026-12-10` in a channel (the agendas service): a card, or plain words. */
export type AgendaHandler = (
  deps: ServerDeps,
  request: { person: Person; teamId: string; channelId: string; text: string; today: string },
) => Promise<{ card: AdaptiveCardJson; summaryText: string } | { text: string }>;

export interface BotOptions {
  /** Link to the tab's "My work" (long lists are summarised with this link). */
  readonly tabUrl: string;
  /** The bot's app id (creating a 1:1 chat); empty for a local run. */
  readonly appId?: string;
  /** Tenants whose Teams users are served (lower case); none given: any (local runs only). */
  readonly allowedTenants?: readonly string[];
  readonly reminderAction?: ReminderActionHandler;
  readonly agenda?: AgendaHandler;
  /** The installations as the bot keeps them (shared with the Teams messenger); default: its own. */
  readonly conversations?: ConversationDirectory;
}

type Json = Record<string, unknown>;
const FORM_KINDS = ['summary', 'note', 'supervision', 'nominate'] as const;
type FormKind = (typeof FORM_KINDS)[number];
/** Commands whose answer is the asker's own work or a case: in a group chat or channel they are answered
 * in the asker's 1:1 chat (docs/rules.md section 7: nothing of a case in a conversation others can read). */
const PRIVATE_COMMANDS: ReadonlySet<Command['name']> = new Set(['due', 'cases', 'case', 'summary', 'note', 'nominate', 'supervision']);

/** A personal command (a case reference given, where one is needed: "Which case?" reveals nothing). */
function isPrivate(command: Command): boolean {
  return PRIVATE_COMMANDS.has(command.name) && (!('caseId' in command) || command.caseId !== null);
}

/** The tenant of an activity: the conversation's, and channelData's, which must agree (null otherwise). */
export function tenantOf(activity: Partial<Pick<Activity, 'conversation' | 'channelData'>>): string | null {
  const fromConversation = activity.conversation?.tenantId ?? null;
  const fromChannelData = ((activity.channelData ?? {}) as { tenant?: { id?: unknown } }).tenant?.id;
  const second = typeof fromChannelData === 'string' ? fromChannelData : null;
  if (fromConversation !== null && second !== null && fromConversation.toLowerCase() !== second.toLowerCase()) return null;
  return fromConversation ?? second;
}

export function scopeOf(activity: { conversation?: { conversationType?: string } }): Scope {
  const t = activity.conversation?.conversationType;
  if (t === 'channel') return 'team';
  if (t === 'groupChat') return 'groupChat';
  return 'personal';
}

export class SendOversightBot extends TeamsActivityHandler {
  private readonly conversations: ConversationDirectory;

  constructor(
    private readonly deps: ServerDeps,
    private readonly options: BotOptions,
  ) {
    super();
    this.conversations = options.conversations ?? new ConversationDirectory(deps.store);

    this.onMessage(async (context, next) => {
      await this.answerMessage(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      const scope = scopeOf(context.activity);
      const person = await this.identify(context);
      await this.saveConversation(context, person);
      this.deps.logger.info('bot installed', { scope, personId: person?.id ?? null });
      if (scope === 'personal' && person === null) await this.sendCard(context, notSetUpCard(), 'You are not set up in SEND Oversight');
      else await this.sendCard(context, welcomeCard(scope === 'personal' && person ? person.name : 'everyone', scope), 'Welcome to SEND Oversight');
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      await this.conversations.remove(context.activity.conversation.id);
      this.deps.logger.info('bot uninstalled', { scope: scopeOf(context.activity) });
      await next();
    });

    // Teams also announces the bot joining or leaving as a conversation update: keep the reference in step.
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) {
        await this.saveConversation(context, await this.identify(context));
      }
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersRemoved ?? []).some((m) => m.id === botId)) {
        await this.conversations.remove(context.activity.conversation.id);
      }
      await next();
    });
  }

  // ---- identity and installations -----------------------------------------------------------------

  /** The server's snapshot for this turn: one delta round of the change feed, whatever the turn reads. */
  private snapshot(context: TurnContext): Promise<Snapshot> {
    const key = 'sendOversight.snapshot';
    let found = context.turnState.get<Promise<Snapshot> | undefined>(key);
    if (!found) {
      found = sharedSnapshots(this.deps).get();
      context.turnState.set(key, found);
    }
    return found;
  }

  /** The person of the case file for the sender: by Entra object id within an allowed tenant (looked up
   * in the snapshot); their email (asked of Teams) only binds a person who has no object id yet
   * (src/services/people.ts; the binding is a write, to the store). */
  async identify(context: TurnContext): Promise<Person | null> {
    const from = context.activity.from;
    const email = async (): Promise<string | null> => {
      if (context.activity.channelId !== 'msteams' || !from?.id) return null;
      try {
        const member = await TeamsInfo.getMember(context, from.id);
        return member.email ?? member.userPrincipalName ?? null;
      } catch (e) {
        this.deps.logger.warn('could not look up the Teams member for their email', { error: safeError(e) });
        return null;
      }
    };
    const snapshot = await this.snapshot(context);
    const directory: PeopleDirectory = {
      byObjectId: (oid) => snapshot.byAad.get(oid.toLowerCase()) ?? null,
      byEmail: (address) => snapshot.byEmail.get(address.toLowerCase()) ?? null,
      bind: (personId, oid) => this.deps.store.bindPersonObjectId(personId, oid),
    };
    return recognise(
      directory,
      { aadObjectId: from?.aadObjectId ?? null, tenantId: tenantOf(context.activity) },
      {
        allowedTenants: this.options.allowedTenants ?? [],
        email,
        logger: this.deps.logger,
      },
    );
  }

  private async saveConversation(context: TurnContext, person: Person | null): Promise<void> {
    const activity = context.activity;
    const scope = scopeOf(activity);
    const channelData = (activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string } };
    const record: ConversationRecord = {
      id: activity.conversation.id,
      scope,
      personId: scope === 'personal' ? (person?.id ?? null) : null,
      aadObjectId: scope === 'personal' ? (activity.from?.aadObjectId ?? null) : null,
      teamId: channelData.team?.id ?? null,
      channelId: channelData.channel?.id ?? null,
      reference: JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))),
      updatedAt: new Date(this.deps.clock()).toISOString(),
    };
    await this.conversations.save(record);
  }

  /** A 1:1 chat whose install event was missed (or predates the store) is recorded on first use. */
  private async ensurePersonalConversation(context: TurnContext, person: Person): Promise<void> {
    const known = await this.conversations.list({ scope: 'personal', personId: person.id });
    if (!known.some((r) => r.id === context.activity.conversation.id)) await this.saveConversation(context, person);
  }

  private async sendCard(context: TurnContext, card: AdaptiveCardJson, summary: string): Promise<void> {
    const reply = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    reply.summary = summary;
    await context.sendActivity(reply);
  }

  // ---- answers that belong in the asker's 1:1 chat ------------------------------------------------

  /** Asked in a group chat or channel: the answer goes to the person's 1:1 chat, and the shared
   * conversation is told only that (nothing of a case or of their work). */
  private async answerPrivately(context: TurnContext, person: Person, answer: () => Promise<AdaptiveCardJson>): Promise<AdaptiveCardJson> {
    const card = await answer();
    if (await this.sendPrivately(context, person, card)) {
      return messageCard("I've sent it to you privately", ['Look in your 1:1 chat with SEND Oversight. Case details and your work are shown only there, never in a shared chat or channel.']);
    }
    return messageCard(
      'I could not send it to you privately',
      ['Open a 1:1 chat with SEND Oversight (search for it in Teams chat) and ask there. I do not show case details or your work in a shared chat or channel.'],
      { color: 'Warning' },
    );
  }

  /** Send a card to the person's 1:1 chat: the stored one (through the messenger), or one created from
   * this conversation's channel and tenant when none is stored or sending to the stored one failed.
   * False when neither worked. */
  private async sendPrivately(context: TurnContext, person: Person, card: AdaptiveCardJson): Promise<boolean> {
    const messenger = this.deps.messenger;
    if (messenger && (await this.conversations.list({ scope: 'personal', personId: person.id })).length > 0) {
      try {
        await messenger.sendToPerson(person.id, card, 'SEND Oversight');
        return true;
      } catch (e) {
        // Gone, or unreachable through the address it was stored with: a 1:1 chat from this conversation's
        // channel and tenant (Teams answers a create for an existing 1:1 with that chat).
        this.deps.logger.warn('a private answer could not be sent to the stored 1:1 chat: creating one', { personId: person.id, error: safeError(e) });
      }
    }
    const activity = context.activity;
    const tenantId = tenantOf(activity);
    const parameters = {
      isGroup: false,
      bot: activity.recipient,
      members: [activity.from],
      tenantId: tenantId ?? undefined,
      channelData: tenantId ? { tenant: { id: tenantId } } : undefined,
    } as ConversationParameters;
    try {
      let delivered = false;
      await context.adapter.createConversationAsync(this.options.appId ?? '', activity.channelId, activity.serviceUrl, undefined as unknown as string, parameters, async (created) => {
        const conversationId = created.activity.conversation.id;
        const reference: Partial<ConversationReference> = {
          channelId: activity.channelId,
          serviceUrl: activity.serviceUrl,
          conversation: { id: conversationId, conversationType: 'personal', isGroup: false, tenantId: tenantId ?? undefined, name: '' },
          bot: activity.recipient,
          user: activity.from,
        };
        await this.conversations.save({
          id: conversationId,
          scope: 'personal',
          personId: person.id,
          aadObjectId: activity.from?.aadObjectId ?? null,
          teamId: null,
          channelId: null,
          reference: JSON.parse(JSON.stringify(reference)) as unknown,
          updatedAt: new Date(this.deps.clock()).toISOString(),
        });
        const message = MessageFactory.attachment(CardFactory.adaptiveCard(card));
        message.summary = 'SEND Oversight';
        await created.sendActivity(message);
        delivered = true;
      });
      this.deps.logger.info('a 1:1 chat was created for a private answer', { personId: person.id });
      return delivered;
    } catch (e) {
      this.deps.logger.warn('the 1:1 chat could not be created for a private answer', { personId: person.id, error: safeError(e) });
      return false;
    }
  }

  // ---- messages: typed commands, command buttons (Action.Submit) and form submissions ---------------

  private async answerMessage(context: TurnContext): Promise<void> {
    const scope = scopeOf(context.activity);
    const person = await this.identify(context);
    if (!person) {
      this.deps.logger.info('message from someone not set up', { scope });
      await this.sendCard(context, notSetUpCard(), 'You are not set up in SEND Oversight');
      return;
    }
    if (scope === 'personal') await this.ensurePersonalConversation(context, person);
    const value = context.activity.value as Json | undefined;
    let card: AdaptiveCardJson;
    if (value && typeof value === 'object' && typeof value.action === 'string') {
      card = await this.handleAction(context, person, scope, value.action, value);
    } else {
      const text = value && typeof value === 'object' && typeof value.command === 'string' ? value.command : (context.activity.text ?? '');
      card = await this.answerCommand(context, person, scope, parseCommand(text));
    }
    await this.sendCard(context, card, 'SEND Oversight');
  }

  /** A command, as typed or from a button. */
  async answerCommand(context: TurnContext, person: Person, scope: Scope, command: Command): Promise<AdaptiveCardJson> {
    this.deps.logger.info('bot command', { command: command.name, personId: person.id, scope });
    if (scope !== 'personal' && isPrivate(command)) {
      return this.answerPrivately(context, person, () => this.answerCommand(context, person, 'personal', command));
    }
    try {
      switch (command.name) {
        case 'due':
          return dueCard(person, myObligationsIn(await this.snapshot(context), person), this.options.tabUrl);
        case 'cases':
          return myCasesCard(person, myCasesIn(await this.snapshot(context), person).cases, this.options.tabUrl, {
            manager: isManager(person),
            chair: person.roles.includes('cmooe-chair'),
          });
        case 'team':
        case 'forecast': {
          if (!isManager(person)) {
            return messageCard(
              `${command.name === 'team' ? 'Team figures' : 'The forecast'}: for managers`,
              ["Your team's figures and forecast are for team managers and service managers. For your own work, ask **what's due**; your own forecast is in the tab."],
              { buttons: [{ title: "What's due", command: "what's due" }] },
            );
          }
          if (scope !== 'personal') return oneToOneOnly(command.name === 'team' ? "Your team's figures" : 'The forecast');
          const snapshot = await this.snapshot(context);
          const url = tabLink(this.links(), TAB_ROUTES.forecast());
          if (command.name === 'team') return teamCard(teamFigures(snapshot, person), url);
          return forecastCard(await forecastView(snapshot, this.deps.store, person, { limit: 0 }), url);
        }
        case 'case': {
          if (!command.caseId) return askForCase('case');
          const details = caseDetailsIn(await this.snapshot(context), person, command.caseId);
          await this.shown(person, details.case, 'bot-case');
          return caseCard(person, details);
        }
        case 'summary':
        case 'note':
        case 'nominate':
          if (!command.caseId) return askForCase(command.name);
          return this.openForm(person, scope, command.name, command.caseId);
        case 'supervision':
          return this.openForm(person, scope, 'supervision', null);
        case 'help': {
          const snapshot = await this.snapshot(context);
          return helpCard(scope, this.options.tabUrl, this.options.agenda !== undefined, this.abilities(person, snapshot), snapshot.policy.policy);
        }
        case 'agenda': {
          if (!this.options.agenda) return messageCard('Agendas are not available yet', ['This version of SEND Oversight does not post agendas from chat.']);
          if (scope === 'personal') return messageCard('Agendas are posted in channels', ["Ask for the agenda in the meeting's channel: agenda, agenda next or agenda 2026-12-10."]);
          const channelData = (context.activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string } };
          if (!channelData.team?.id || !channelData.channel?.id) return messageCard('Agendas are posted in team channels', ["Ask in the meeting's team channel."]);
          const today = londonToday(this.deps.clock());
          const reply = await this.options.agenda(this.deps, { person, teamId: channelData.team.id, channelId: channelData.channel.id, text: command.text, today });
          return 'card' in reply ? reply.card : messageCard('Agenda', [reply.text]);
        }
        case 'unknown':
          return messageCard("Sorry, I didn't understand that", ['Type **help** to see what I can do.'], { buttons: [{ title: 'Help', command: 'help' }] });
      }
    } catch (e) {
      const known = caseProblem(e);
      if (known) return known;
      if (e instanceof AccessDeniedError) return messageCard('Not available to you', [e.message], { color: 'Attention' });
      if (e instanceof AccessLogUnavailableError) return messageCard('Not available just now', [e.message], { color: 'Attention' });
      throw e;
    }
  }

  /** Record that the person is being shown the case (docs/rules.md section 7), before the answer goes. */
  private async shown(person: Person, c: Case, via: 'bot-case' | 'bot-form', detail?: string, reason?: string): Promise<void> {
    await recordShown(sharedAccessLog(this.deps), this.deps.clock, person, [c], via, londonToday(this.deps.clock()), { detail: detail ?? null, ...(reason ? { reason } : {}) });
  }

  /** Where links to the tab go (TEAMS_APP_ID, TAB_ENDPOINT; a local run: localhost). */
  private links(): TabLinkConfig {
    try {
      return tabLinkConfig(this.deps.env);
    } catch (e) {
      // The server refuses to start without TAB_ENDPOINT in production; a bot built without a server
      // (tests) has only its tab URL.
      if (e instanceof TabLinkConfigError) return { teamsAppId: null, tabEndpoint: this.options.tabUrl.replace(/\/tab\/.*$/, '') };
      throw e;
    }
  }

  /** What the person's roles let them do (for help). */
  private abilities(person: Person, snapshot: Snapshot): HelpAbilities {
    const roles = person.roles;
    return {
      summary: roles.includes('inclusion-lead'),
      note: roles.some((r) => r === 'provision-lead' || r === 'social-worker' || r === 'inclusion-lead' || r === 'team-manager'),
      supervision: snapshot.file.people.some((p) => p.managerId === person.id),
      nominate: roles.some((r) => (NOMINATOR_ROLES as readonly string[]).includes(r)),
      manager: isManager(person),
      agendaHere: roles.some((r) => AGENDA_SETUP_ROLES.includes(r)),
    };
  }

  /** Open a form (from a command, or a reminder card's `form.*` button). */
  async openForm(person: Person, scope: Scope, kind: FormKind, caseIdText: string | null): Promise<AdaptiveCardJson> {
    return (await this.tryForm(person, scope, kind, caseIdText)).card;
  }

  /** A form, or the message saying why it cannot be opened (`form: false`). */
  private async tryForm(person: Person, scope: Scope, kind: FormKind, caseIdText: string | null): Promise<{ form: boolean; card: AdaptiveCardJson }> {
    const refuse = (card: AdaptiveCardJson) => ({ form: false, card });
    const open = (card: AdaptiveCardJson) => ({ form: true, card });
    if (scope !== 'personal') return refuse(oneToOneOnly('Forms'));
    const today = londonToday(this.deps.clock());
    try {
      if (kind === 'supervision') {
        const reports = await supervisees(this.deps.store, person);
        if (reports.length === 0)
          return refuse(
            messageCard('No one to supervise', [
              'You are not recorded as the manager of anyone, so there is no supervision for you to record. If that is wrong, ask your administrator to record who you manage.',
            ]),
          );
        // The supervisions whose notes are not yet shared come first, each with its button (PS 11.4).
        return open(supervisionForm(today, reports, {}, await notesAwaited(this.deps, person)));
      }
      if (!caseIdText) return refuse(askForCase(kind));
      if (kind === 'nominate') {
        const caseId = normaliseCaseId(caseIdText);
        const stored = await this.deps.store.getCase(caseId);
        if (!stored || !(canSeeCase(person, stored.case, today) || mayNominate(person, stored.case, today))) throw new CaseNotFound(caseId);
        if (!mayNominate(person, stored.case, today)) {
          return refuse(
            messageCard(
              `You cannot nominate ${caseId}`,
              ["Nominations come from an inclusion lead, a team manager or the virtual school, for a case they can see (PS 4.2). Ask the case's inclusion lead or team manager to nominate it."],
              { color: 'Attention' },
            ),
          );
        }
        const preview = await nominationPreview(this.deps.store, stored.case, today);
        await this.shown(person, stored.case, 'bot-form', kind, canSeeCase(person, stored.case, today) ? undefined : 'nominator');
        return open(nominateForm(caseId, initials(stored.case.childName), preview.meetingOn ?? 'the next meeting', preview.seriesId));
      }
      const stored = await visibleCase(this.deps, person, caseIdText);
      const c = stored.case;
      await this.shown(person, c, 'bot-form', kind);
      if (kind === 'note') return open(noteForm(c.id, initials(c.childName)));
      if (!maySummarise(person, c))
        return refuse(
          messageCard(
            `You cannot write the summary for ${c.id}`,
            [
              `The fortnightly CMOOE summary is written by the case's inclusion lead (PS 6.14, 6.15)${c.inclusionLeadId ? '' : ', and none is recorded for it'}. You can nominate the case or record a case note instead.`,
            ],
            { color: 'Attention' },
          ),
        );
      const target = await summaryTarget(this.deps.store, c, today);
      if ('error' in target) return refuse(messageCard(`No summary due for ${c.id}`, [target.error]));
      return open(summaryForm(c.id, initials(c.childName), target));
    } catch (e) {
      const known = caseProblem(e);
      if (known) return refuse(known);
      if (e instanceof AccessLogUnavailableError) return refuse(messageCard('Not available just now', [e.message], { color: 'Attention' }));
      throw e;
    }
  }

  /** The form for one case of a meeting's record, or the list of the agenda's cases to choose from;
   * a refusal (not the chair or Business Support, the record not open) said in words. */
  private async meetingItemCard(person: Person, value: Json, state: FormState): Promise<AdaptiveCardJson> {
    const seriesId = typeof value.seriesId === 'string' ? value.seriesId : '';
    const meetingOn = typeof value.meetingOn === 'string' ? value.meetingOn : '';
    const caseId = typeof value.caseId === 'string' && value.caseId.trim() !== '' ? normaliseCaseId(value.caseId) : null;
    let view;
    try {
      view = meetingRecordView(await sharedSnapshots(this.deps).fresh(), person, seriesId, meetingOn);
    } catch (e) {
      if (e instanceof AccessDeniedError || e instanceof BadRequestError) return messageCard('The meeting cannot be recorded here', [e.message], { color: 'Attention' });
      throw e;
    }
    if (!view.record.allowed) return messageCard(`The record of ${meetingOn} is not open`, [view.record.why ?? 'It cannot be changed now.'], { color: 'Attention' });
    const item = caseId === null ? undefined : view.items.find((i) => i.caseId === caseId);
    if (item === undefined) {
      return meetingCasesCard(
        `Record the ${view.series.title} meeting of ${meetingOn}`,
        view.items.length === 0 ? 'No case was on the agenda: actions for no case are recorded in the tab.' : 'Choose a case: its outcome and actions are saved case by case.',
        view.items.slice(0, 30).map((i) => ({ title: `${i.caseId} (${i.initials})${i.outcome ? ': recorded' : ''}`, data: { action: 'meeting.record', seriesId, meetingOn, caseId: i.caseId } })),
      );
    }
    return meetingItemForm(
      {
        seriesId,
        seriesTitle: view.series.title,
        meetingOn,
        closes: view.record.window.closes,
        caseId: item.caseId,
        initials: item.initials,
        agreed: item.actions.map((a) => `${a.text}: ${a.owner}, by ${a.dueOn}${a.closedOn ? ` (closed ${a.closedOn})` : ''}`),
        people: view.people,
      },
      state.values ? state : { values: { outcome: item.outcome ?? '' } },
    );
  }

  /** `submit.*` (a form) or `form.*` (open a form) or `command`. Returns the card to show. */
  async handleAction(context: TurnContext, person: Person, scope: Scope, action: string, value: Json): Promise<AdaptiveCardJson> {
    if (action.startsWith('form.')) {
      const kind = action.slice(5) as FormKind;
      if (!FORM_KINDS.includes(kind)) return messageCard('Unknown form', [`There is no form called ${kind}.`], { color: 'Attention' });
      const caseId = typeof value.caseId === 'string' ? value.caseId : null;
      if (scope !== 'personal') return this.answerPrivately(context, person, () => this.openForm(person, 'personal', kind, caseId));
      return this.openForm(person, scope, kind, caseId);
    }
    if (action === 'meeting.record') {
      // "Record outcome" from a meeting's card: the form goes to the person's 1:1 chat (it names people).
      const open = () => this.meetingItemCard(person, value, {});
      if (scope !== 'personal') return this.answerPrivately(context, person, open);
      return open();
    }
    if (action.startsWith('submit.')) {
      if (scope !== 'personal') return oneToOneOnly('Forms');
      return this.submit(person, action.slice(7), value);
    }
    if (action === 'command' && typeof value.command === 'string') return this.answerCommand(context, person, scope, parseCommand(value.command));
    return messageCard('Unknown action', [`I do not know the action ${action}.`], { color: 'Attention' });
  }

  /** Validate and record a form; a bad one comes back as the same form with the input kept and each problem by its field. */
  private async submit(person: Person, kind: string, value: Json): Promise<AdaptiveCardJson> {
    const deps = this.deps;
    const today = londonToday(deps.clock());
    const caseIdText = typeof value.caseId === 'string' ? value.caseId : '';
    if (caseIdText.trim() && kind !== 'supervision') {
      // A form for a case the person may not see is answered as for one that does not exist: its
      // error card would otherwise show the child's initials and the meeting date (docs/rules.md section 7).
      const caseId = normaliseCaseId(caseIdText);
      const stored = await deps.store.getCase(caseId);
      const mayUse = stored !== null && (canSeeCase(person, stored.case, today) || (kind === 'nominate' && mayNominate(person, stored.case, today)));
      if (!mayUse) return notFoundCard(caseId);
    }
    const caseInitials = async () => {
      const stored = caseIdText ? await deps.store.getCase(normaliseCaseId(caseIdText)) : null;
      return stored ? initials(stored.case.childName) : '?';
    };
    deps.logger.info('form submitted', { form: kind, personId: person.id, caseId: caseIdText || null });
    switch (kind) {
      case 'note': {
        const r = await recordCaseNote(deps, person, value);
        if (!r.ok) return noteForm(normaliseCaseId(caseIdText), await caseInitials(), { values: value, errors: r.errors });
        const v = r.value;
        return messageCard(
          `Casework recorded for ${v.caseId}`,
          [v.onTime ? 'Recorded within 48 hours of the event: on time (PS 11.2).' : 'Recorded more than 48 hours after the event: late against the 48-hour standard (PS 11.2).'],
          {
            color: v.onTime ? 'Good' : 'Warning',
            facts: [
              { title: 'Event', value: ukTime(v.eventAt) },
              { title: 'Recorded', value: ukTime(v.recordedAt) },
              { title: 'Due by (48 hours)', value: ukTime(v.dueBy) },
            ],
            buttons: [{ title: "What's due", command: "what's due" }],
          },
        );
      }
      case 'summary': {
        const r = await recordCmooeSummary(deps, person, value);
        if (!r.ok) {
          const stored = caseIdText ? await deps.store.getCase(normaliseCaseId(caseIdText)) : null;
          const target = stored ? await summaryTarget(deps.store, stored.case, today) : null;
          if (!stored || !target || 'error' in target)
            return messageCard('The summary was not recorded', [r.errors.form ?? (target && 'error' in target ? target.error : 'The case is unknown.')], { color: 'Attention' });
          return summaryForm(stored.case.id, initials(stored.case.childName), target, { values: value, errors: r.errors });
        }
        const v = r.value;
        return messageCard(
          `CMOOE summary recorded for ${v.caseId}`,
          [`It counts for the ${v.seriesTitle} meeting on ${v.meetingOn}; its deadline is ${v.deadline}, and it was submitted on ${v.submittedOn}: on time (PS 4.2, 6.15).`],
          { color: 'Good', buttons: [{ title: "What's due", command: "what's due" }] },
        );
      }
      case 'meeting-item': {
        // One case of a meeting's record (services/meetings.ts saveMeetingItem): the outcome and an action.
        const actionText = typeof value.actionText === 'string' ? value.actionText.trim() : '';
        const ownerId = typeof value.ownerId === 'string' ? value.ownerId.trim() : '';
        const dueOn = typeof value.dueOn === 'string' ? value.dueOn.trim() : '';
        const withAction = actionText !== '' || ownerId !== '' || dueOn !== '';
        const r = await saveMeetingItem(deps, person, {
          seriesId: value.seriesId,
          meetingOn: value.meetingOn,
          caseId: value.caseId,
          outcome: typeof value.outcome === 'string' ? value.outcome : null,
          actions: withAction ? [{ text: actionText, ownerId, dueOn }] : [],
          ...(typeof value.submitId === 'string' ? { submitId: value.submitId } : {}),
        });
        if (!r.ok) {
          const errors: Record<string, string> = {};
          for (const [k, v] of Object.entries(r.errors)) {
            const field = k === 'actions[0].text' ? 'actionText' : k.replace(/^actions\[0\]\./, '');
            errors[(MEETING_ITEM_FIELDS as readonly string[]).includes(field) ? field : 'form'] = v;
          }
          return this.meetingItemCard(person, value, { values: value, errors });
        }
        const v = r.value;
        return messageCard(
          `${v.caseId ?? 'The meeting'} saved in the record of ${v.meetingOn}`,
          [
            v.outcomeSaved ? 'The outcome is saved.' : 'No outcome was given.',
            ...(v.owners.length ? [`Action: ${v.owners.join('; ')}. It is in the owner's digest until it is closed.`] : []),
            "The minutes are published in the meeting's channel once the record has not changed for 15 minutes.",
          ],
          { color: 'Good' },
        );
      }
      case 'notes-shared': {
        // "Notes shared" on a supervision already recorded: completes supervision-notes (services/supervision.ts).
        const r = await markNotesShared(deps, person, { superviseeId: value.superviseeId, heldOn: value.heldOn });
        if (!r.ok) return messageCard('The notes were not recorded as shared', Object.values(r.errors), { color: 'Attention' });
        const v = r.value;
        if (v.already) return messageCard(`Already recorded: notes shared on ${v.sharedOn}`, [`The notes of ${v.supervisee}'s supervision on ${v.heldOn} were recorded as shared on ${v.sharedOn}.`]);
        return messageCard(
          `Notes of ${v.supervisee}'s supervision shared`,
          [
            v.onTime
              ? `Held on ${v.heldOn}; notes shared on ${v.sharedOn}, within 10 working days (by ${v.notesDueOn}, PS 11.4).`
              : `Held on ${v.heldOn}; notes shared on ${v.sharedOn}, after the 10 working days (due by ${v.notesDueOn}, PS 11.4): late.`,
          ],
          { color: v.onTime ? 'Good' : 'Warning' },
        );
      }
      case 'supervision': {
        const r = await recordSupervision(deps, person, value);
        if (!r.ok) return supervisionForm(today, await supervisees(deps.store, person), { values: value, errors: r.errors }, await notesAwaited(deps, person));
        const v = r.value;
        const follow = supervisionFollowUps(v.heldOn);
        return messageCard(
          `Supervision of ${v.superviseeName} recorded`,
          [
            v.notesSharedOn
              ? `Held on ${v.heldOn}; notes shared on ${v.notesSharedOn} (the standard is within 10 working days, by ${follow.notesBy}, PS 11.4).`
              : `Held on ${v.heldOn}. Share the notes by ${follow.notesBy} (10 working days, PS 11.4).`,
            `The next supervision is due by ${follow.nextSupervisionBy} (monthly, PS 6.13).`,
          ],
          { color: 'Good' },
        );
      }
      case 'nominate': {
        const r = await recordNomination(deps, person, value);
        if (!r.ok) {
          const stored = caseIdText ? await deps.store.getCase(normaliseCaseId(caseIdText)) : null;
          if (!stored) return messageCard('The nomination was not made', [r.errors.form ?? 'The case is unknown.'], { color: 'Attention' });
          const preview = await nominationPreview(deps.store, stored.case, today);
          return nominateForm(stored.case.id, initials(stored.case.childName), preview.meetingOn ?? 'the next meeting', preview.seriesId, { values: value, errors: r.errors });
        }
        const v = r.value;
        if (v.already) {
          return messageCard(
            `${v.caseId} is already nominated for the ${v.seriesTitle} meeting`,
            [`You nominated it on ${v.madeOn} with the same concern; it is on the agenda of the meeting on ${v.meetingOn} once (PS 4.2).`],
            {
              facts: [
                { title: 'Meeting', value: `${v.seriesTitle}, ${v.meetingOn}` },
                { title: 'Nominated on', value: v.madeOn },
              ],
            },
          );
        }
        const lines = v.rolledFrom
          ? [`It was made after the one-week cut-off (${v.missedCutoff}) for the meeting on ${v.rolledFrom}, so it rolls to the next meeting, on ${v.meetingOn} (PS 4.2).`]
          : [`It goes on the agenda of the ${v.seriesTitle} meeting on ${v.meetingOn} (PS 4.2).`];
        return messageCard(`${v.caseId} nominated for the ${v.seriesTitle} meeting`, lines, {
          color: v.rolledFrom ? 'Warning' : 'Good',
          facts: [
            { title: 'Meeting', value: `${v.seriesTitle}, ${v.meetingOn}` },
            { title: 'Nominated on', value: v.madeOn },
          ],
        });
      }
      default:
        return messageCard('Unknown form', [`There is no form called ${kind}.`], { color: 'Attention' });
    }
  }

  // ---- Action.Execute (Universal Actions) --------------------------------------------------------

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = invokeValue.action?.verb ?? '';
    const data = (invokeValue.action?.data ?? {}) as Json;
    const person = await this.identify(context);
    const scope = scopeOf(context.activity);
    let answer: ReminderActionAnswer;
    if (!person) answer = { kind: 'card', card: notSetUpCard() };
    else if (verb.startsWith('reminder.')) {
      answer = this.options.reminderAction
        ? await this.options.reminderAction(this.deps, person, verb, data)
        : {
            kind: 'message',
            text: 'Reminders are not available',
            card: messageCard('Reminders are not available', ['This version of SEND Oversight cannot act on reminder cards.'], { color: 'Attention' }),
          };
    } else if (verb.startsWith('fortnight.')) {
      // The fortnight's card in a meeting's channel (src/services/fortnight.ts): the chair's view's own calls.
      answer = this.deps.messenger
        ? await handleFortnightAction(
            {
              store: this.deps.store,
              messenger: this.deps.messenger,
              logger: this.deps.logger,
              clock: this.deps.clock,
              documents: this.deps.documents ?? null,
              tabLinks: this.links(),
              snapshots: sharedSnapshots(this.deps),
              access: sharedAccessLog(this.deps),
            },
            person,
            verb,
            data,
          )
        : { kind: 'card', card: messageCard('Not available here', ['This bot cannot update channel cards (it has no connection to Teams).'], { color: 'Attention' }) };
    } else if (verb.startsWith('form.') && FORM_KINDS.includes(verb.slice(5) as FormKind)) {
      // A form opens in place of the button's card; a refusal is said in the chat, the card stays.
      const r = await this.tryForm(person, scope, verb.slice(5) as FormKind, typeof data.caseId === 'string' ? data.caseId : null);
      answer = r.form ? { kind: 'card', card: r.card } : { kind: 'message', card: r.card, text: cardTitle(r.card) };
    } else answer = { kind: 'card', card: await this.handleAction(context, person, scope, verb, data) };
    this.deps.logger.info('card action', { verb, personId: person?.id ?? null, scope, answer: answer.kind });
    if (answer.kind === 'message') {
      await this.sendCard(context, answer.card, answer.text);
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: answer.text as unknown as AdaptiveCardInvokeResponse['value'] };
    }
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card as unknown as AdaptiveCardInvokeResponse['value'] };
  }
}

/** The first text of a card (its title), for a notification. */
function cardTitle(card: AdaptiveCardJson): string {
  const first = (card.body as Array<{ text?: unknown }> | undefined)?.[0]?.text;
  return typeof first === 'string' ? first : 'SEND Oversight';
}

function askForCase(kind: string): AdaptiveCardJson {
  return messageCard('Which case?', [`Add the case reference, for example **${kind} C-1001**.`]);
}

function oneToOneOnly(what: string): AdaptiveCardJson {
  return messageCard(`${what}: in a 1:1 chat`, ['Here I show case references and initials only. Open a 1:1 chat with me for case details and forms.']);
}

/** One answer for a case that does not exist and one the asker may not see (docs/rules.md section 7). */
function notFoundCard(caseId: string): AdaptiveCardJson {
  return messageCard(new CaseNotFound(caseId).message, [CASE_NOT_FOUND_HELP], { color: 'Attention', buttons: [{ title: 'My cases', command: 'my cases' }] });
}

function caseProblem(e: unknown): AdaptiveCardJson | null {
  return e instanceof CaseNotFound ? notFoundCard(e.caseId) : null;
}

/** An instant in Europe/London, to the minute ("2026-11-20 10:00 UK time"). */
export function ukTime(iso: string): string {
  const ms = Date.parse(iso);
  return `${londonToday(ms)} ${new Date(ms + londonOffsetMs(ms)).toISOString().slice(11, 16)} UK time`;
}
