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
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import { londonOffsetMs, londonToday } from '../src/domain/dates.js';
import type { Person } from '../src/domain/model.js';
import type { ServerDeps } from '../src/server/deps.js';
import { initials } from '../src/services/access.js';
import type { AdaptiveCardJson } from '../src/services/messenger.js';
import { caseDetails, CaseNotFound, CaseNotVisible, myCases, myObligations, normaliseCaseId, visibleCase } from '../src/services/myWork.js';
import { identifyPerson } from '../src/services/people.js';
import { servicePolicySource } from '../src/services/policy.js';
import {
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
import type { ConversationRecord } from '../src/store/port.js';
import { parseCommand, type Command } from './commands.js';
import { safeError } from './errors.js';
import {
  caseCard,
  dueCard,
  helpCard,
  messageCard,
  myCasesCard,
  nominateForm,
  noteForm,
  notSetUpCard,
  summaryForm,
  supervisionForm,
  welcomeCard,
  type Scope,
} from './render.js';

/** Answers an Action.Execute whose verb starts with `reminder.` (the reminders service): the refreshed card. */
export type ReminderActionHandler = (deps: ServerDeps, person: Person, verb: string, data: Record<string, unknown>) => Promise<AdaptiveCardJson>;
/** Answers `agenda`, `agenda next`, `agenda 2026-12-10` in a channel (the agendas service): a card, or plain words. */
export type AgendaHandler = (
  deps: ServerDeps,
  request: { person: Person; teamId: string; channelId: string; text: string; today: string },
) => Promise<{ card: AdaptiveCardJson; summaryText: string } | { text: string }>;

export interface BotOptions {
  /** Link to the tab's "My work" (long lists are summarised with this link). */
  readonly tabUrl: string;
  readonly reminderAction?: ReminderActionHandler;
  readonly agenda?: AgendaHandler;
}

type Json = Record<string, unknown>;
const FORM_KINDS = ['summary', 'note', 'supervision', 'nominate'] as const;
type FormKind = (typeof FORM_KINDS)[number];

export function scopeOf(activity: { conversation?: { conversationType?: string } }): Scope {
  const t = activity.conversation?.conversationType;
  if (t === 'channel') return 'team';
  if (t === 'groupChat') return 'groupChat';
  return 'personal';
}

export class SendOversightBot extends TeamsActivityHandler {
  constructor(
    private readonly deps: ServerDeps,
    private readonly options: BotOptions,
  ) {
    super();

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
      await this.deps.store.removeConversation(context.activity.conversation.id);
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
        await this.deps.store.removeConversation(context.activity.conversation.id);
      }
      await next();
    });
  }

  // ---- identity and installations -----------------------------------------------------------------

  /** The person of the case file for the sender: Entra object id first, then their email. */
  async identify(context: TurnContext): Promise<Person | null> {
    const from = context.activity.from;
    const aadObjectId = from?.aadObjectId ?? null;
    const byId = await identifyPerson(this.deps.store, { aadObjectId });
    if (byId) return byId;
    let email: string | null = null;
    if (context.activity.channelId === 'msteams' && from?.id) {
      try {
        const member = await TeamsInfo.getMember(context, from.id);
        email = member.email ?? member.userPrincipalName ?? null;
      } catch (e) {
        this.deps.logger.warn('could not look up the Teams member for their email', { error: safeError(e) });
      }
    }
    return email ? identifyPerson(this.deps.store, { aadObjectId, email }) : null;
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
    await this.deps.store.saveConversation(record);
  }

  /** A 1:1 chat whose install event was missed (or predates the store) is recorded on first use. */
  private async ensurePersonalConversation(context: TurnContext, person: Person): Promise<void> {
    const known = await this.deps.store.listConversations({ scope: 'personal', personId: person.id });
    if (!known.some((r) => r.id === context.activity.conversation.id)) await this.saveConversation(context, person);
  }

  private async sendCard(context: TurnContext, card: AdaptiveCardJson, summary: string): Promise<void> {
    const reply = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    reply.summary = summary;
    await context.sendActivity(reply);
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
    try {
      switch (command.name) {
        case 'due':
          return dueCard(person, await myObligations(this.deps, person), this.options.tabUrl);
        case 'cases':
          return myCasesCard(person, (await myCases(this.deps, person)).cases, this.options.tabUrl);
        case 'case':
          if (!command.caseId) return askForCase('case');
          if (scope !== 'personal') return oneToOneOnly(`Case details for ${normaliseCaseId(command.caseId)}`);
          return caseCard(person, await caseDetails(this.deps, person, command.caseId));
        case 'summary':
        case 'note':
        case 'nominate':
          if (!command.caseId) return askForCase(command.name);
          return this.openForm(person, scope, command.name, command.caseId);
        case 'supervision':
          return this.openForm(person, scope, 'supervision', null);
        case 'help':
          return helpCard(scope, this.options.tabUrl, this.options.agenda !== undefined, (await servicePolicySource(this.deps.store)).policy);
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
      throw e;
    }
  }

  /** Open a form (from a command, or a reminder card's `form.*` button). */
  async openForm(person: Person, scope: Scope, kind: FormKind, caseIdText: string | null): Promise<AdaptiveCardJson> {
    if (scope !== 'personal') return oneToOneOnly('Forms');
    const today = londonToday(this.deps.clock());
    try {
      if (kind === 'supervision') {
        const reports = await supervisees(this.deps.store, person);
        if (reports.length === 0) return messageCard('No one to supervise', ['You are not recorded as the manager of anyone, so there is no supervision for you to record.']);
        return supervisionForm(today, reports);
      }
      if (!caseIdText) return askForCase(kind);
      if (kind === 'nominate') {
        const caseId = normaliseCaseId(caseIdText);
        const stored = await this.deps.store.getCase(caseId);
        if (!stored) throw new CaseNotFound(caseId);
        if (!mayNominate(person, stored.case, today)) {
          return messageCard(`You cannot nominate ${caseId}`, ['Nominations come from an inclusion lead, a team manager or the virtual school, for a case they can see (PS 4.2).'], { color: 'Attention' });
        }
        const preview = await nominationPreview(this.deps.store, stored.case, today);
        return nominateForm(caseId, initials(stored.case.childName), preview.meetingOn ?? 'the next meeting', preview.seriesId);
      }
      const stored = await visibleCase(this.deps, person, caseIdText);
      const c = stored.case;
      if (kind === 'note') return noteForm(c.id, initials(c.childName));
      if (!maySummarise(person, c)) return messageCard(`You cannot write the summary for ${c.id}`, ['Only an inclusion lead writes the fortnightly CMOOE summary (PS 6.14, 6.15).'], { color: 'Attention' });
      const target = await summaryTarget(this.deps.store, c, today);
      if ('error' in target) return messageCard(`No summary due for ${c.id}`, [target.error]);
      return summaryForm(c.id, initials(c.childName), target);
    } catch (e) {
      const known = caseProblem(e);
      if (known) return known;
      throw e;
    }
  }

  /** `submit.*` (a form) or `form.*` (open a form) or `command`. Returns the card to show. */
  async handleAction(context: TurnContext, person: Person, scope: Scope, action: string, value: Json): Promise<AdaptiveCardJson> {
    if (action.startsWith('form.')) {
      const kind = action.slice(5) as FormKind;
      if (!FORM_KINDS.includes(kind)) return messageCard('Unknown form', [`There is no form called ${kind}.`], { color: 'Attention' });
      return this.openForm(person, scope, kind, typeof value.caseId === 'string' ? value.caseId : null);
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
        return messageCard(`Casework recorded for ${v.caseId}`, [
          v.onTime
            ? 'Recorded within 48 hours of the event: on time (PS 11.2).'
            : 'Recorded more than 48 hours after the event: late against the 48-hour standard (PS 11.2).',
        ], {
          color: v.onTime ? 'Good' : 'Warning',
          facts: [
            { title: 'Event', value: ukTime(v.eventAt) },
            { title: 'Recorded', value: ukTime(v.recordedAt) },
            { title: 'Due by (48 hours)', value: ukTime(v.dueBy) },
          ],
          buttons: [{ title: "What's due", command: "what's due" }],
        });
      }
      case 'summary': {
        const r = await recordCmooeSummary(deps, person, value);
        if (!r.ok) {
          const stored = caseIdText ? await deps.store.getCase(normaliseCaseId(caseIdText)) : null;
          const target = stored ? await summaryTarget(deps.store, stored.case, today) : null;
          if (!stored || !target || 'error' in target) return messageCard('The summary was not recorded', [r.errors.form ?? (target && 'error' in target ? target.error : 'The case is unknown.')], { color: 'Attention' });
          return summaryForm(stored.case.id, initials(stored.case.childName), target, { values: value, errors: r.errors });
        }
        const v = r.value;
        return messageCard(`CMOOE summary recorded for ${v.caseId}`, [
          `It counts for the ${v.seriesTitle} meeting on ${v.meetingOn}; its deadline is ${v.deadline}, and it was submitted on ${v.submittedOn}: on time (PS 4.2, 6.15).`,
        ], { color: 'Good', buttons: [{ title: "What's due", command: "what's due" }] });
      }
      case 'supervision': {
        const r = await recordSupervision(deps, person, value);
        if (!r.ok) return supervisionForm(today, await supervisees(deps.store, person), { values: value, errors: r.errors });
        const v = r.value;
        const follow = supervisionFollowUps(v.heldOn);
        return messageCard(`Supervision of ${v.superviseeName} recorded`, [
          v.notesSharedOn
            ? `Held on ${v.heldOn}; notes shared on ${v.notesSharedOn} (the standard is within 10 working days, by ${follow.notesBy}, PS 11.4).`
            : `Held on ${v.heldOn}. Share the notes by ${follow.notesBy} (10 working days, PS 11.4).`,
          `The next supervision is due by ${follow.nextSupervisionBy} (monthly, PS 6.13).`,
        ], { color: 'Good' });
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
        const lines = v.rolledFrom
          ? [
              `It was made after the one-week cut-off (${v.missedCutoff}) for the meeting on ${v.rolledFrom}, so it rolls to the next meeting, on ${v.meetingOn} (PS 4.2).`,
            ]
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
    let card: AdaptiveCardJson;
    if (!person) card = notSetUpCard();
    else if (verb.startsWith('reminder.')) {
      if (!this.options.reminderAction) card = messageCard('Reminders are not available', ['This version of SEND Oversight cannot act on reminder cards.'], { color: 'Attention' });
      else card = await this.options.reminderAction(this.deps, person, verb, data);
    } else card = await this.handleAction(context, person, scope, verb, data);
    this.deps.logger.info('card action', { verb, personId: person?.id ?? null, scope });
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card as unknown as AdaptiveCardInvokeResponse['value'] };
  }
}

function askForCase(kind: string): AdaptiveCardJson {
  return messageCard('Which case?', [`Add the case reference, for example **${kind} C-1001**.`]);
}

function oneToOneOnly(what: string): AdaptiveCardJson {
  return messageCard(`${what}: in a 1:1 chat`, ['Here I show case references and initials only. Open a 1:1 chat with me for case details and forms.']);
}

function caseProblem(e: unknown): AdaptiveCardJson | null {
  if (e instanceof CaseNotFound) return messageCard(`There is no case ${e.caseId}`, ['Check the reference (for example C-1001), or type **my cases**.'], { color: 'Attention', buttons: [{ title: 'My cases', command: 'my cases' }] });
  if (e instanceof CaseNotVisible) return messageCard(`You cannot see case ${e.caseId}`, ['Case records are shown only to the people who lead, hold or oversee them (standards section 7).'], { color: 'Attention' });
  return null;
}

/** An instant in Europe/London, to the minute ("2026-11-20 10:00 UK time"). */
export function ukTime(iso: string): string {
  const ms = Date.parse(iso);
  return `${londonToday(ms)} ${new Date(ms + londonOffsetMs(ms)).toISOString().slice(11, 16)} UK time`;
}
