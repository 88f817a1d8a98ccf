// Demo data: a whole made-up SEND service as one case file (docs/case-file.md), generated from a seed.
// Pure and deterministic: the same {cases, seed, today} always gives the same file (own PRNG, no clock,
// no Math.random). Every file generated passes readCaseFile (validate.ts) with zero errors.
//
// The first six people are the Microsoft 365 Agents Playground's mock users (toolnotes.md), so that a
// local bot demo signs in as someone with real work: Alex Wilber (provision lead, ~25 cases with
// overdue work), Megan Bowen (inclusion lead holding CMOOE cases), Adele Vance (their team manager),
// Isaiah Langer (CMOOE chair), Patti Fernandez (service manager), Lynne Robbins (business support).
import { demoAudits } from './audits/demo.js';
import { Calendar, ncYear } from './calendar/index.js';
import { meetingOnOrAfter, summaryDeadline, type SeriesSchedule } from './cmooe.js';
import { addMonths, ageOn, civilFromDay, dayFromCivil, fromDay, isIsoDate, toDay, weekday, type Day } from './dates.js';
import { ACTION_TEXTS, CONCERNS, EXCEPTION_REASONS, FIRST_NAMES, LAST_NAMES, LOCALITIES, NOTE_TEXTS, SETTING_PREFIXES, SUMMARY_ACTIONS, SUMMARY_STEPS, TOWNS } from './demo-names.js';
import {
  CIC_CMOOE_SERIES_ID,
  CMOOE_SERIES_ID,
  type Action,
  type AdviceRequest,
  type Amendment,
  type Assessment,
  type Case,
  type CaseFile,
  type CaseNote,
  type CmooePeriod,
  type CmooeReason,
  type Exclusion,
  type LaTransfer,
  type Mediation,
  type MeetingRecord,
  type MeetingSeries,
  type Nomination,
  type Person,
  type PhaseTransfer,
  type PrimaryNeed,
  type Review,
  type Role,
  type Selection,
  type Supervision,
} from './model.js';

export interface DemoOptions {
  /** How many cases (0 or more). Staff numbers scale with it. */
  readonly cases: number;
  /** Any integer; the same seed gives the same file. Default 1. */
  readonly seed?: number;
  /** Today in Europe/London (YYYY-MM-DD): every date is placed relative to it. */
  readonly today: string;
  /** The file's policy profile (default "dorset"); the data is the same whatever the profile. */
  readonly policy?: string;
}

/** The Agents Playground mock users, in the playground's order (ids as the playground spells them). */
export const PLAYGROUND_USERS = [
  { name: 'Alex Wilber', email: 'alexw@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000020', role: 'provision-lead' },
  { name: 'Megan Bowen', email: 'meganb@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000021', role: 'inclusion-lead' },
  { name: 'Adele Vance', email: 'adelev@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000022', role: 'team-manager' },
  { name: 'Isaiah Langer', email: 'isaiahl@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000023', role: 'cmooe-chair' },
  { name: 'Patti Fernandez', email: 'pattif@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000024', role: 'service-manager' },
  { name: 'Lynne Robbins', email: 'lynner@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000025', role: 'business-support' },
] as const satisfies readonly { name: string; email: string; aadObjectId: string; role: Role }[];

/** The demo's information governance officer (the access record, subject access, retention). */
export const INFORMATION_GOVERNANCE_NAME = 'Diego Siciliani';

/** How many cases the demo gives Alex Wilber (fewer if the demo is smaller). */
export const ALEX_CASES = 25;

// ---- random numbers ----------------------------------------------------------------------------

/** mulberry32: a small, fast 32-bit PRNG; plenty for demo data. */
class Rng {
  private state: number;
  constructor(seed: number) {
    // Mix the seed so that neighbouring seeds start far apart.
    let h = (seed ^ 0x9e3779b9) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    this.state = (h ^ (h >>> 16)) >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of table) total += w;
    let r = this.next() * total;
    for (const [v, w] of table) {
      r -= w;
      if (r < 0) return v;
    }
    return table[table.length - 1]![0];
  }
}

// ---- tables ------------------------------------------------------------------------------------

type Stage = 'requested' | 'not-assess' | 'assessing' | 'draft-sent' | 'not-issue' | 'issued' | 'ceased' | 'transferred';

const STAGES: readonly (readonly [Stage, number])[] = [
  ['requested', 6],
  ['not-assess', 3],
  ['assessing', 8],
  ['draft-sent', 4],
  ['not-issue', 2],
  ['issued', 71],
  ['ceased', 4],
  ['transferred', 2],
];

/** Age in whole years at `today`, weighted towards school age. */
const AGES: readonly (readonly [number, number])[] = [
  [2, 2],
  [3, 3],
  [4, 4],
  [5, 6],
  [6, 7],
  [7, 8],
  [8, 8],
  [9, 8],
  [10, 8],
  [11, 8],
  [12, 8],
  [13, 7],
  [14, 7],
  [15, 6],
  [16, 5],
  [17, 4],
  [18, 3],
  [19, 2],
  [20, 1],
  [21, 1],
  [22, 1],
  [23, 1],
  [24, 1],
];

/** SEN2 primary needs, roughly as common as in England's EHC plans. */
const NEEDS: readonly (readonly [PrimaryNeed, number])[] = [
  ['ASD', 33],
  ['SEMH', 14],
  ['SLCN', 15],
  ['MLD', 7],
  ['SPLD', 4],
  ['SLD', 7],
  ['PMLD', 2],
  ['PD', 4],
  ['HI', 2],
  ['VI', 1],
  ['MSI', 1],
  ['DS', 1],
  ['OTH', 3],
];

const CMOOE_REASONS_WEIGHTED: readonly (readonly [CmooeReason, number])[] = [
  ['missing-attendance', 40],
  ['suspended-no-provision', 20],
  ['excluded-no-provision', 15],
  ['permanent-exclusion', 25],
];

const AGENCIES = ['educational-psychology', 'health', 'social-care'] as const;

/** What a case is forced to look like (Alex's first cases, so the bot demo always shows real work). */
interface Shape {
  stage: Stage;
  /** The annual review fell due and no meeting has been held or booked. */
  reviewOverdue: boolean;
  /** The next review meeting is booked within the lookahead. */
  reviewSoon: boolean;
  /** The statutory deadline of the current stage has passed. */
  lateStage: boolean;
  cmooe: CmooeReason | null;
  inCare: boolean;
  amendmentOverdue: boolean;
  lateNote: boolean;
}

const ALEX_SHAPES: readonly Partial<Shape>[] = [
  { stage: 'requested', lateStage: true },
  { stage: 'issued', reviewOverdue: true, lateNote: true },
  { stage: 'assessing', lateStage: true },
  { stage: 'issued', cmooe: 'permanent-exclusion' },
  { stage: 'issued', cmooe: 'missing-attendance' },
  { stage: 'issued', reviewSoon: true },
  { stage: 'draft-sent' },
  { stage: 'requested' },
  { stage: 'issued', amendmentOverdue: true },
  { stage: 'issued', cmooe: 'suspended-no-provision', inCare: true },
  { stage: 'issued', reviewOverdue: true },
  { stage: 'assessing' },
];

interface Team {
  readonly name: string;
  readonly locality: string;
  readonly localityIndex: number;
  managerId: string;
  readonly provisionLeads: Person[];
  readonly socialWorkers: Person[];
  readonly inclusionLeads: Person[];
}

interface Setting {
  readonly name: string;
  readonly urn: string;
}

interface LocalitySettings {
  readonly nursery: Setting[];
  readonly primary: Setting[];
  readonly secondary: Setting[];
  readonly special: Setting[];
  readonly college: Setting[];
}

// ---- the generator -----------------------------------------------------------------------------

export function generateDemo(options: DemoOptions): CaseFile {
  const { cases: caseCount, seed = 1, today } = options;
  if (!Number.isInteger(caseCount) || caseCount < 0) throw new RangeError(`cases must be a whole number, 0 or more, got ${caseCount}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be a whole number, got ${seed}`);
  if (!isIsoDate(today)) throw new RangeError(`today is not a date "${today}"`);
  return { ...new DemoBuilder(caseCount, seed, toDay(today)).build(), policy: options.policy ?? 'dorset' };
}

class DemoBuilder {
  private readonly rng: Rng;
  private readonly calendar = new Calendar();
  private readonly people: Person[] = [];
  private readonly supervisions: Supervision[] = [];
  private readonly teams: Team[] = [];
  private readonly settings: LocalitySettings[] = [];
  private readonly emails = new Set<string>();
  private readonly cases: Case[] = [];
  private readonly nominations: Nomination[] = [];
  private readonly selections: Selection[] = [];
  private readonly actions: Action[] = [];
  private nextPersonId = 1;
  private serviceManagers: Person[] = [];
  private cmooeChair!: Person;
  private cicChair!: Person;
  private businessSupport!: Person;
  private virtualSchool: Person[] = [];

  constructor(
    private readonly caseCount: number,
    seed: number,
    private readonly today: Day,
  ) {
    this.rng = new Rng(seed);
  }

  build(): CaseFile {
    this.buildStaff();
    this.buildSettings();
    for (let i = 0; i < this.caseCount; i++) this.cases.push(this.buildCase(i));
    const series = this.buildSeries();
    this.buildCmooeWork(series);
    for (const p of this.people) this.buildSupervisions(p);
    const meetingRecords = this.buildMeetingRecords(series);
    this.buildWeeklyActions();
    const file: CaseFile = {
      policy: 'dorset',
      meetingSeries: series,
      schoolHolidays: [],
      people: this.people,
      supervisions: this.supervisions,
      cases: this.cases,
      nominations: this.nominations,
      selections: this.selections,
      actions: this.actions,
      audits: [],
      meetingRecords,
    };
    // The audit history last: it draws on the generator only after everything else is made.
    const qa = demoAudits(file, this.today, () => this.rng.next(), this.calendar);
    return { ...file, actions: [...this.actions, ...qa.actions], audits: qa.audits };
  }

  // ---- people ----------------------------------------------------------------------------------

  private person(name: string, role: Role, team: Team | null, managerId: string | null, extra: Partial<Person> = {}): Person {
    const id = `p${this.nextPersonId++}`;
    const p: Person = {
      id,
      name,
      email: extra.email ?? this.emailFor(name),
      aadObjectId: extra.aadObjectId ?? null,
      roles: [role],
      team: team?.name ?? null,
      locality: team?.locality ?? null,
      managerId,
      startedOn: extra.startedOn ?? this.startDate(),
    };
    this.people.push(p);
    return p;
  }

  private emailFor(name: string): string {
    const base = name
      .toLowerCase()
      .replace(/[^a-z ]/g, '')
      .trim()
      .replace(/ +/g, '.');
    let email = `${base}@example.org`;
    for (let n = 2; this.emails.has(email); n++) email = `${base}${n}@example.org`;
    this.emails.add(email);
    return email;
  }

  private randomName(): string {
    return `${this.rng.pick(FIRST_NAMES)} ${this.rng.pick(LAST_NAMES)}`;
  }

  /** Most staff have been in post for years; about one in ten started in the last four months. */
  private startDate(): string {
    return fromDay(this.rng.chance(0.1) ? this.today - this.rng.int(20, 120) : this.today - this.rng.int(200, 3650));
  }

  private buildStaff(): void {
    const n = this.caseCount;
    const teamCount = Math.max(1, Math.min(4, Math.ceil(n / 60)), Math.ceil(n / 1000));
    for (let t = 0; t < teamCount; t++) {
      const localityIndex = t % LOCALITIES.length;
      const locality = LOCALITIES[localityIndex]!;
      const name = teamCount <= LOCALITIES.length ? locality : `${locality} ${Math.floor(t / LOCALITIES.length) + 1}`;
      this.teams.push({ name, locality, localityIndex, managerId: '', provisionLeads: [], socialWorkers: [], inclusionLeads: [] });
    }
    const team0 = this.teams[0]!;
    const u = PLAYGROUND_USERS;
    const started = (daysAgo: number) => ({ startedOn: fromDay(this.today - daysAgo) });
    // The six playground users first, with their fixed ids (p1..p6).
    const alex = this.person(u[0].name, u[0].role, team0, 'p3', { email: u[0].email, aadObjectId: u[0].aadObjectId, ...started(1100) });
    const megan = this.person(u[1].name, u[1].role, team0, 'p3', { email: u[1].email, aadObjectId: u[1].aadObjectId, ...started(1500) });
    const adele = this.person(u[2].name, u[2].role, team0, 'p5', { email: u[2].email, aadObjectId: u[2].aadObjectId, ...started(2400) });
    this.cmooeChair = this.person(u[3].name, u[3].role, null, 'p5', { email: u[3].email, aadObjectId: u[3].aadObjectId, ...started(2000) });
    const patti = this.person(u[4].name, u[4].role, null, null, { email: u[4].email, aadObjectId: u[4].aadObjectId, ...started(3300) });
    const lynne = this.person(u[5].name, u[5].role, null, 'p5', { email: u[5].email, aadObjectId: u[5].aadObjectId, ...started(900) });
    for (const p of [alex, megan, adele, this.cmooeChair, patti, lynne]) this.emails.add(p.email!);
    team0.managerId = adele.id;
    team0.provisionLeads.push(alex);
    team0.inclusionLeads.push(megan);

    // Service managers: Patti, and one more for every further ten teams.
    this.serviceManagers = [patti];
    for (let k = 1; k < Math.ceil(teamCount / 10); k++) this.serviceManagers.push(this.person(this.randomName(), 'service-manager', null, null));
    for (let t = 1; t < teamCount; t++) {
      const team = this.teams[t]!;
      team.managerId = this.person(this.randomName(), 'team-manager', team, this.serviceManagers[Math.floor(t / 10)]!.id).id;
    }
    // Alex holds ALEX_CASES; the others about 40 each.
    const plCount = Math.max(teamCount, 1 + Math.ceil(Math.max(0, n - ALEX_CASES) / 40));
    for (let k = 1; k < plCount; k++) {
      const team = this.teams[k % teamCount]!;
      team.provisionLeads.push(this.person(this.randomName(), 'provision-lead', team, team.managerId));
    }
    const ilCount = Math.max(teamCount, Math.ceil(n / 800));
    for (let k = 1; k < ilCount; k++) {
      const team = this.teams[k % teamCount]!;
      team.inclusionLeads.push(this.person(this.randomName(), 'inclusion-lead', team, team.managerId));
    }
    const swCount = n === 0 ? 0 : Math.ceil(n / 400);
    for (let k = 0; k < swCount; k++) {
      const team = this.teams[k % teamCount]!;
      team.socialWorkers.push(this.person(this.randomName(), 'social-worker', team, team.managerId));
    }
    this.cicChair = this.person(this.randomName(), 'cmooe-chair', null, patti.id);
    // A chair for each series (docs/rules.md section 4): Isaiah the CMOOE meeting, another the CiC one.
    this.cmooeChair.chairs = [CMOOE_SERIES_ID];
    this.cicChair.chairs = [CIC_CMOOE_SERIES_ID];
    this.businessSupport = lynne;
    for (let k = 1; k < Math.ceil(n / 2000); k++) this.person(this.randomName(), 'business-support', null, patti.id);
    for (let k = 0; k < 1 + Math.floor(n / 10000); k++) this.virtualSchool.push(this.person(this.randomName(), 'virtual-school', null, null));
    for (let k = 0; k < Math.max(1, Math.ceil(n / 5000)); k++) this.person(this.randomName(), 'qa-officer', null, patti.id);
    // The information governance officer (docs/rules.md section 7): a fixed name, no random draw, so
    // that the rest of the demo is what it was before the role existed.
    this.person(INFORMATION_GOVERNANCE_NAME, 'information-governance', null, null, { startedOn: fromDay(this.today - 1500) });
    // A second QA officer (the audit programme shares its QA audits between them, docs/rules.md section 8),
    // named and dated without the random generator, so that every other record of a seed's file stays.
    this.person('Morgan Ellis', 'qa-officer', null, patti.id, { startedOn: fromDay(this.today - 1200) });
  }

  private buildSupervisions(p: Person): void {
    if (p.managerId === null) return;
    const started = toDay(p.startedOn!);
    // About one in ten has fallen behind: their last supervision was six to ten weeks ago.
    const stopAt = this.rng.chance(0.1) ? this.today - this.rng.int(42, 70) : this.today;
    let held = Math.max(started, this.today - 200) + this.rng.int(20, 34);
    // Everyone in post for more than five weeks has had at least one.
    for (let first = true; ; first = false) {
      held = this.workingDayOnOrAfter(held);
      if (held > (first ? this.today : stopAt)) break;
      let notes: Day | null;
      const r = this.rng.next();
      if (r < 0.8) notes = held + this.rng.int(1, 12);
      else if (r < 0.93) notes = held + this.rng.int(16, 30);
      else notes = this.today - held < 30 ? null : held + this.rng.int(31, 45); // recent ones may still be outstanding
      if (notes !== null && notes > this.today) notes = null;
      this.supervisions.push({ superviseeId: p.id, supervisorId: p.managerId, heldOn: fromDay(held), notesSharedOn: notes === null ? null : fromDay(notes) });
      held += this.rng.chance(0.08) ? this.rng.int(50, 65) : this.rng.int(25, 36);
    }
  }

  // ---- settings --------------------------------------------------------------------------------

  private buildSettings(): void {
    const urns = new Set<number>();
    const urn = () => {
      let u = this.rng.int(100000, 149999);
      while (urns.has(u)) u = u === 149999 ? 100000 : u + 1;
      urns.add(u);
      return String(u);
    };
    TOWNS.forEach((towns, li) => {
      const s: LocalitySettings = { nursery: [], primary: [], secondary: [], special: [], college: [] };
      towns.forEach((town, ti) => {
        const prefix = (k: number) => SETTING_PREFIXES[(ti * 3 + k + li) % SETTING_PREFIXES.length]!;
        s.nursery.push({ name: `${town} ${prefix(0)} Pre-school`, urn: urn() });
        s.primary.push({ name: `${town} ${prefix(1)} Primary School`, urn: urn() });
        s.primary.push({ name: `${town} ${prefix(2)} Primary Academy`, urn: urn() });
        s.secondary.push({ name: `${town} ${ti % 2 === 0 ? 'Academy' : 'School'}`, urn: urn() });
      });
      s.special.push({ name: `${towns[0]} ${SETTING_PREFIXES[li]} Special School`, urn: urn() });
      s.special.push({ name: `${towns[2]} Learning Centre`, urn: urn() });
      s.college.push({ name: `${towns[1]} College`, urn: urn() });
      this.settings.push(s);
    });
  }

  private settingFor(age: number, localityIndex: number): Setting | null {
    const s = this.settings[localityIndex]!;
    if (this.rng.chance(0.04)) return null; // educated otherwise than at school, or not known
    if (age < 4) return this.rng.chance(0.7) ? this.rng.pick(s.nursery) : null;
    if (this.rng.chance(age >= 16 ? 0.2 : 0.12)) return this.rng.pick(s.special);
    if (age <= 10) return this.rng.pick(s.primary);
    if (age <= 15) return this.rng.pick(s.secondary);
    if (age <= 18 && this.rng.chance(0.4)) return this.rng.pick(s.secondary);
    return this.rng.pick(s.college);
  }

  // ---- cases -----------------------------------------------------------------------------------

  private leadFor(index: number, alexCount: number): { lead: Person; team: Team } {
    const team0 = this.teams[0]!;
    if (index < alexCount) return { lead: team0.provisionLeads[0]!, team: team0 };
    const team = this.teams[index % this.teams.length]!;
    if (team.socialWorkers.length > 0 && this.rng.chance(0.04)) return { lead: this.rng.pick(team.socialWorkers), team };
    const leads = team === team0 && team.provisionLeads.length > 1 ? team.provisionLeads.slice(1) : team.provisionLeads;
    return { lead: leads[Math.floor(index / this.teams.length) % leads.length]!, team };
  }

  private buildCase(index: number): Case {
    const rng = this.rng;
    const T = this.today;
    const alexCount = Math.min(ALEX_CASES, this.caseCount);
    const { lead, team } = this.leadFor(index, alexCount);
    const forced = index < alexCount ? ALEX_SHAPES[index] : undefined;
    const isSocialWorker = lead.roles.includes('social-worker');
    const shape: Shape = {
      stage: forced?.stage ?? rng.weighted(STAGES),
      reviewOverdue: forced?.reviewOverdue ?? rng.chance(0.07),
      reviewSoon: forced?.reviewSoon ?? false,
      lateStage: forced?.lateStage ?? rng.chance(0.2),
      cmooe: forced ? (forced.cmooe ?? null) : rng.chance(0.04) ? rng.weighted(CMOOE_REASONS_WEIGHTED) : null,
      inCare: forced?.inCare ?? rng.chance(isSocialWorker ? 0.6 : 0.05),
      amendmentOverdue: forced?.amendmentOverdue ?? false,
      lateNote: forced?.lateNote ?? false,
    };

    let age = rng.weighted(AGES);
    if (forced) age = 6 + rng.int(0, 9); // old enough for a review history and for CMOOE
    if (shape.stage !== 'requested' && shape.stage !== 'assessing' && shape.stage !== 'not-assess' && age < 3) age = 3;
    if ((shape.stage === 'ceased' || shape.stage === 'transferred') && age < 5) age = 5 + rng.int(0, 6);
    const dob = addMonths(T, -12 * age) - rng.int(1, 364);
    const dobText = fromDay(dob);

    let assessment: Assessment | null;
    const adviceRequests: AdviceRequest[] = [];
    let issued: Day | null = null;
    let ceased: Day | null = null;
    let laTransfer: LaTransfer | null = null;
    let transferredOut: Day | null = null;
    const reviews: Review[] = [];
    const amendments: Amendment[] = [];
    const mediations: Mediation[] = [];
    let phaseTransfer: PhaseTransfer | null = null;
    let stage = shape.stage;

    // Earliest possible plan issue: two and a half years after birth, within the last eight years.
    const earliestIssue = Math.max(dob + 900, T - 8 * 365);
    if ((stage === 'ceased' || stage === 'transferred') && T - earliestIssue < 420) stage = 'issued';
    if (stage === 'issued' && T - earliestIssue < 30) stage = 'assessing';

    const date = (d: Day | null) => (d === null ? null : fromDay(d));
    const pastOrNull = (d: Day) => (d <= T ? d : null);
    const advice = (from: Day, allIn: boolean) => {
      const agencies = rng.chance(0.8) ? AGENCIES : AGENCIES.filter((a) => a !== rng.pick(AGENCIES));
      for (const agency of agencies) {
        const requested = from + rng.int(0, 4);
        let received: Day | null = requested + (rng.chance(0.8) ? rng.int(21, 42) : rng.int(43, 70));
        if (received > T) received = allIn ? T - rng.int(0, Math.min(10, T - requested)) : null;
        adviceRequests.push({ agency, requestedOn: fromDay(requested), receivedOn: date(received) });
      }
      // The school's advice (PS 5.17) for one assessment in three, dated without the random generator so
      // that every other date of a seed's file stays as it was (added for the school advice audits).
      const school = schoolAdviceFor(from, T, allIn);
      if (school !== null) adviceRequests.push(school);
    };
    const exception = (late: boolean) => (late && rng.chance(0.3) ? rng.pick(EXCEPTION_REASONS) : null);

    if (stage === 'requested') {
      const requested = shape.lateStage ? T - rng.int(43, 60) : T - rng.int(0, 40);
      assessment = { requestedOn: fromDay(requested), decisionOn: null, decision: null, outcome: null, outcomeNoticeOn: null, draftSentOn: null, exceptionReason: null };
    } else if (stage === 'not-assess') {
      const requested = T - rng.int(50, 500);
      assessment = {
        requestedOn: fromDay(requested),
        decisionOn: fromDay(requested + rng.int(28, 49)),
        decision: 'not-assess',
        outcome: null,
        outcomeNoticeOn: null,
        draftSentOn: null,
        exceptionReason: null,
      };
    } else if (stage === 'assessing') {
      const requested = shape.lateStage ? T - rng.int(147, 210) : T - rng.int(49, 133);
      const decision = requested + rng.int(28, 42);
      assessment = {
        requestedOn: fromDay(requested),
        decisionOn: fromDay(decision),
        decision: 'assess',
        outcome: null,
        outcomeNoticeOn: null,
        draftSentOn: null,
        exceptionReason: exception(shape.lateStage),
      };
      advice(decision, false);
    } else if (stage === 'draft-sent') {
      const requested = T - rng.int(105, 154);
      const decision = requested + rng.int(28, 42);
      assessment = {
        requestedOn: fromDay(requested),
        decisionOn: fromDay(decision),
        decision: 'assess',
        outcome: 'issue',
        outcomeNoticeOn: null,
        draftSentOn: fromDay(T - rng.int(0, 14)),
        exceptionReason: exception(T - requested > 140),
      };
      advice(decision, true);
    } else if (stage === 'not-issue') {
      const requested = T - rng.int(112, 420);
      const decision = requested + rng.int(28, 42);
      const notice = pastOrNull(requested + (rng.chance(0.8) ? rng.int(98, 112) : rng.int(113, 133)));
      assessment = {
        requestedOn: fromDay(requested),
        decisionOn: fromDay(decision),
        decision: 'assess',
        outcome: 'not-issue',
        outcomeNoticeOn: date(notice),
        draftSentOn: null,
        exceptionReason: null,
      };
      advice(decision, true);
    } else {
      // A plan was issued: ceased and transferred plans were issued at least 14 months ago.
      const minBack = stage === 'issued' ? 20 : 420;
      issued = T - rng.int(minBack, Math.max(minBack, T - earliestIssue));
      const late = rng.chance(0.22);
      const requested = issued - (late ? rng.int(147, 210) : rng.int(119, 140));
      const decision = requested + (rng.chance(0.85) ? rng.int(28, 42) : rng.int(43, 63));
      const draft = issued - (rng.chance(0.95) ? rng.int(15, 35) : rng.int(7, 14));
      assessment = {
        requestedOn: fromDay(requested),
        decisionOn: fromDay(decision),
        decision: 'assess',
        outcome: 'issue',
        outcomeNoticeOn: null,
        draftSentOn: fromDay(draft),
        exceptionReason: exception(late),
      };
      advice(decision, true);
      let end = T;
      if (stage === 'ceased') {
        ceased = issued + rng.int(400, T - issued);
        end = ceased;
      } else if (stage === 'transferred') {
        const move = T - rng.int(10, Math.min(300, T - issued - 400));
        const notice = move - rng.int(5, 40);
        const done = move + (rng.chance(0.7) ? 0 : rng.int(1, 25));
        transferredOut = Math.min(done, T);
        laTransfer = { moveOn: fromDay(move), noticeOn: fromDay(notice), transferredOn: fromDay(transferredOut) };
        end = move;
      }
      this.reviewsOf(dob, issued, end, stage === 'issued' ? shape : null, reviews);

      if (stage === 'issued') {
        const lastAnchor = reviews.length > 0 ? toDay(reviews[reviews.length - 1]!.meetingOn) : issued;
        if (shape.amendmentOverdue || (rng.chance(0.1) && T - lastAnchor > 120)) {
          const notice = shape.amendmentOverdue ? T - rng.int(60, 80) : T - rng.int(7, 100);
          let done: Day | null = notice + (rng.chance(0.8) ? rng.int(28, 56) : rng.int(57, 80));
          if (done > T || shape.amendmentOverdue) done = null;
          amendments.push({ noticeOn: fromDay(notice), issuedOn: date(done) });
        }
        if (rng.chance(0.01)) {
          const move = T + rng.int(-10, 40);
          laTransfer = { moveOn: fromDay(move), noticeOn: fromDay(Math.min(T, move - rng.int(5, 30))), transferredOn: null };
        }
        phaseTransfer = this.phaseTransferOf(dob);
      }
    }
    if ((stage === 'not-assess' || stage === 'not-issue' || stage === 'issued') && rng.chance(0.03)) {
      const requested = T - rng.int(0, 90);
      const session = pastOrNull(requested + (rng.chance(0.75) ? rng.int(10, 29) : rng.int(31, 50)));
      mediations.push({ requestedOn: fromDay(requested), sessionOn: date(session) });
    }

    // CMOOE and exclusions only for children whose case is still open.
    const open = stage !== 'ceased' && stage !== 'transferred' && stage !== 'not-assess' && stage !== 'not-issue';
    const cmooe: CmooePeriod[] = [];
    const exclusions: Exclusion[] = [];
    if (open && shape.cmooe !== null && age >= 5 && age <= 17) {
      const from = T - rng.int(5, 150);
      if (rng.chance(0.25)) {
        const earlier = from - rng.int(100, 300);
        cmooe.push({ from: fromDay(earlier), to: fromDay(earlier + rng.int(14, 80)), reason: rng.weighted(CMOOE_REASONS_WEIGHTED) });
      }
      const closed = !forced && from <= T - 25 && rng.chance(0.15);
      const to = closed ? T - rng.int(1, 20) : null;
      cmooe.push({ from: fromDay(from), to: date(to), reason: shape.cmooe });
      if (shape.cmooe === 'permanent-exclusion' || shape.cmooe === 'excluded-no-provision') {
        const excluded = this.workingDayOnOrAfter(from);
        const provision = closed ? Math.max(excluded, to!) : forced || rng.chance(0.6) ? null : pastOrNull(excluded + rng.int(3, 12));
        exclusions.push({ permanentFrom: fromDay(excluded), provisionFrom: date(provision) });
      }
    } else if (open && age >= 5 && age <= 16 && rng.chance(0.01)) {
      const excluded = this.workingDayOnOrAfter(T - rng.int(10, 200));
      exclusions.push({ permanentFrom: fromDay(excluded), provisionFrom: date(pastOrNull(excluded + rng.int(1, 8))) });
    }
    const holdsInclusion = cmooe.length > 0 || exclusions.length > 0;
    const inclusionLead = !holdsInclusion ? null : forced ? team.inclusionLeads[0]! : rng.pick(team.inclusionLeads);

    const setting = this.settingFor(age, team.localityIndex);
    const requestedOn = assessment ? toDay(assessment.requestedOn) : T - 30;
    const consent = rng.chance(0.9) ? { givenBy: ageOn(dob, requestedOn) >= 16 ? 'young person' : 'parent', recordedOn: fromDay(Math.min(T, requestedOn + rng.int(0, 3))) } : null;
    const nc = ncYear(dob, T);

    return {
      id: `C-${1001 + index}`,
      childName: this.randomName(),
      dateOfBirth: dobText,
      ncYearOverride: rng.chance(0.02) ? Math.max(-3, Math.min(16, nc + (rng.chance(0.5) ? -1 : 1))) : null,
      childInCare: shape.inCare,
      locality: team.locality,
      team: team.name,
      setting: setting?.name ?? null,
      settingUrn: setting?.urn ?? null,
      primaryNeed: rng.weighted(NEEDS),
      leadProfessionalId: lead.id,
      inclusionLeadId: inclusionLead?.id ?? null,
      consentToShare: consent,
      assessment,
      adviceRequests,
      plan: issued === null ? null : { issuedOn: fromDay(issued), ceaseNoticeOn: date(ceaseNoticeFor(issued, ceased, index)), ceasedOn: date(ceased), transferredOutOn: date(transferredOut) },
      reviews,
      phaseTransfer,
      amendments,
      laTransfer,
      mediations,
      cmooe,
      cmooeSummaries: [],
      exclusions,
      caseNotes: this.caseNotes(open || rng.chance(0.3) ? rng.int(1, 4) : 0, lead, inclusionLead, shape.lateNote),
    };
  }

  /** Review meetings from the plan's issue to `end` (PS 7.2, 7.4): most held a little before the
   * due date, some late; an open plan may have its next meeting booked, or be overdue. */
  private reviewsOf(dob: Day, issued: Day, end: Day, open: Shape | null, out: Review[]): void {
    const rng = this.rng;
    const T = this.today;
    let anchor = issued;
    for (;;) {
      const months = ageOn(dob, anchor) < 5 ? 6 : 12;
      const due = addMonths(anchor, months);
      if (open === null && due >= end) return;
      if (open?.reviewOverdue && due <= T && addMonths(due, months) > T) return; // fell due, nothing booked
      let meeting = due - (rng.chance(0.8) ? rng.int(0, 40) : -rng.int(1, 60));
      if (open?.reviewSoon && due > T) meeting = T + rng.int(3, 12);
      if (meeting <= anchor) meeting = anchor + 1;
      if (open === null && meeting >= end) return;
      if (meeting > T) {
        // The next review: booked if it is within three months (advice circulated when it was due).
        if (open?.reviewSoon || (meeting - T <= 90 && rng.chance(0.7))) {
          const circulate = meeting - rng.int(14, 20);
          const notice = specialistNoticeFor(meeting, anchor);
          out.push({
            meetingOn: fromDay(meeting),
            specialistNoticeOn: notice <= T ? fromDay(notice) : null,
            adviceCirculatedOn: circulate <= T && rng.chance(0.8) ? fromDay(circulate) : null,
            outcomeSentOn: null,
          });
        }
        return;
      }
      const circulate = meeting - (rng.chance(0.85) ? rng.int(14, 21) : rng.int(3, 13));
      let outcome: Day | null = meeting + (rng.chance(0.8) ? rng.int(7, 28) : rng.int(29, 56));
      if (outcome > T) outcome = null;
      out.push({
        meetingOn: fromDay(meeting),
        specialistNoticeOn: fromDay(specialistNoticeFor(meeting, anchor)),
        adviceCirculatedOn: fromDay(Math.max(circulate, anchor)),
        outcomeSentOn: outcome === null ? null : fromDay(outcome),
      });
      anchor = meeting;
    }
  }

  /** A move between key phases next September (PS 7.10): into Reception, to secondary, into post-16,
   * or between post-16 institutions. */
  private phaseTransferOf(dob: Day): PhaseTransfer | null {
    const T = this.today;
    const nc = ncYear(dob, T);
    const { year, month } = civilFromDay(T);
    const moveYear = month >= 9 ? year + 1 : year;
    let kind: PhaseTransfer['kind'];
    if (nc === -1 || nc === 6) kind = 'school';
    else if (nc === 11) kind = 'post16';
    else if ((nc === 12 || nc === 13) && this.rng.chance(0.2)) kind = 'between-post16';
    else return null;
    if (this.rng.chance(0.1)) return null;
    const move = dayFromCivil(moveYear, 9, 1);
    const due = kind === 'school' ? dayFromCivil(moveYear, 2, 15) : kind === 'post16' ? dayFromCivil(moveYear, 3, 31) : dayFromCivil(moveYear - 1, 12, 31);
    let completed: Day | null = null;
    if (due <= T && this.rng.chance(0.85)) completed = Math.min(T, due + (this.rng.chance(0.8) ? -this.rng.int(0, 30) : this.rng.int(1, 30)));
    else if (this.rng.chance(0.15)) completed = T - this.rng.int(0, 20);
    return { moveOn: fromDay(move), kind, completedOn: completed === null ? null : fromDay(completed) };
  }

  /** Case notes: casework in the last six weeks, most recorded within 48 hours (PS 11.2), some late. */
  private caseNotes(count: number, lead: Person, inclusionLead: Person | null, forceLate: boolean): CaseNote[] {
    const rng = this.rng;
    const notes: { at: number; note: CaseNote }[] = [];
    const endOfToday = this.today * 86_400_000 + 17 * 3_600_000;
    for (let k = 0; k < count; k++) {
      const day = this.workingDayOnOrAfter(this.today - rng.int(3, 45));
      const event = day * 86_400_000 + rng.int(8 * 60, 16 * 60 + 30) * 60_000;
      const late = (forceLate && k === 0) || rng.chance(0.15);
      const recorded = Math.min(endOfToday, event + (late ? rng.int(49 * 60, 150 * 60) : rng.int(10, 40 * 60)) * 60_000);
      const author = inclusionLead !== null && rng.chance(0.3) ? inclusionLead : lead;
      notes.push({ at: event, note: { eventAt: instant(event), recordedAt: instant(Math.max(event, recorded)), authorId: author.id, text: rng.pick(NOTE_TEXTS) } });
    }
    return notes.sort((a, b) => a.at - b.at).map((n) => n.note);
  }

  private workingDayOnOrAfter(day: Day): Day {
    let d = day;
    while (!this.calendar.isWorkingDay(d)) d += 1;
    return d;
  }

  // ---- CMOOE: series, summaries, nominations, selections, actions ------------------------------

  private buildMeetingRecords(series: readonly MeetingSeries[]): MeetingRecord[] {
    const chairs = new Map<string, Person>();
    for (const p of this.people) for (const id of p.chairs ?? []) if (series.some((s) => s.id === id)) chairs.set(id, p);
    return demoMeetingRecords(this.selections, this.actions, chairs, this.businessSupport, this.today);
  }

  /** The weekly team-manager meeting's actions (PS 4.1) of the last three Mondays, one for each team
   * manager each week: the older ones mostly closed, some late. */
  private buildWeeklyActions(): void {
    const monday = this.today - weekday(this.today);
    const managers = this.teams.map((t) => t.managerId).filter((id) => id !== '');
    let n = this.actions.length + 1;
    for (let week = 3; week >= 1; week--) {
      const meeting = monday - 7 * week;
      managers.forEach((ownerId, i) => {
        const due = meeting + 4 + ((i + week) % 3) * 3;
        const closed = week > 1 && (i + week) % 4 !== 0 ? Math.min(this.today, due + ((i + week) % 3) - 1) : null;
        this.actions.push({
          id: `A-${n++}`,
          seriesId: 'weekly',
          meetingOn: fromDay(meeting),
          caseId: null,
          text: WEEKLY_ACTION_TEXTS[(i + week) % WEEKLY_ACTION_TEXTS.length]!,
          ownerId,
          dueOn: fromDay(due),
          closedOn: closed === null ? null : fromDay(closed),
          closedNote: closed === null ? null : 'Done: reported at the next weekly meeting.',
        });
      });
    }
  }

  private buildSeries(): MeetingSeries[] {
    let first = this.today - 60;
    for (const c of this.cases) for (const p of c.cmooe) first = Math.min(first, toDay(p.from));
    // The fortnightly meetings began on the Thursday (CiC: Friday) a few days before the first CMOOE date.
    const before = first - 3;
    const thursday = before - ((weekday(before) - 3 + 7) % 7);
    return [
      { id: CMOOE_SERIES_ID, title: 'CMOOE oversight', firstMeetingOn: fromDay(thursday), everyDays: 14 },
      { id: CIC_CMOOE_SERIES_ID, title: 'Children in Care CMOOE', firstMeetingOn: fromDay(thursday + 1), everyDays: 14 },
    ];
  }

  private buildCmooeWork(series: MeetingSeries[]): void {
    const rng = this.rng;
    const T = this.today;
    const schedules = new Map<string, SeriesSchedule>(series.map((s) => [s.id, { id: s.id, first: toDay(s.firstMeetingOn), every: s.everyDays }]));
    const teamByName = new Map(this.teams.map((t) => [t.name, t]));
    let actionId = 1;
    for (const c of this.cases) {
      if (c.cmooe.length === 0) continue;
      const seriesId = c.childInCare ? CIC_CMOOE_SERIES_ID : CMOOE_SERIES_ID;
      const s = schedules.get(seriesId)!;
      const author = c.inclusionLeadId!;
      // Fortnightly summaries a week before each meeting (PS 4.2, 6.15): most on time, some late, some missing.
      for (const p of c.cmooe) {
        const from = toDay(p.from);
        const until = p.to === null ? T : Math.min(toDay(p.to), T);
        for (let m = meetingOnOrAfter(s, from + 7); summaryDeadline(m) <= until; m += s.every) {
          const deadline = summaryDeadline(m);
          const r = rng.next();
          let submitted: Day | null;
          if (r < 0.75) submitted = Math.max(from, deadline - rng.int(0, 4));
          else if (r < 0.87) submitted = deadline + rng.int(1, 3);
          else submitted = null;
          if (submitted === null || submitted > T) continue;
          c.cmooeSummaries.push({
            submittedOn: fromDay(submitted),
            authorId: author,
            actionsToDate: rng.pick(SUMMARY_ACTIONS),
            currentSteps: rng.pick(SUMMARY_STEPS),
            keyDates: `CMOOE since ${p.from}; next review of provision ${fromDay(m + rng.int(7, 21))}`,
          });
        }
      }
      const current = c.cmooe[c.cmooe.length - 1]!;
      if (current.to !== null) continue;
      const from = toDay(current.from);
      const next = meetingOnOrAfter(s, T);
      const team = teamByName.get(c.team!)!;
      // Nominations for the next meeting (PS 4.2): by the team manager, the virtual school for children in care, or the inclusion lead.
      if (rng.chance(0.3)) {
        const madeOn = Math.max(from, next - 20, T - rng.int(0, 12));
        if (madeOn <= T) {
          const byId = c.childInCare && rng.chance(0.7) ? rng.pick(this.virtualSchool).id : rng.chance(0.6) ? team.managerId : author;
          this.nominations.push({ caseId: c.id, seriesId, byId, concern: rng.pick(CONCERNS), madeOn: fromDay(madeOn) });
        }
      }
      // The chair's selections (from a week before each meeting) for the last three meetings and the next one.
      const chair = seriesId === CMOOE_SERIES_ID ? this.cmooeChair : this.cicChair;
      for (let m = next - 3 * s.every; m <= next; m += s.every) {
        if (m < s.first || summaryDeadline(m) < from || summaryDeadline(m) > T || !rng.chance(0.35)) continue;
        this.selections.push({ caseId: c.id, seriesId, meetingOn: fromDay(m), byId: chair.id });
        if (m >= T || !rng.chance(0.7)) continue;
        // Actions agreed at a held meeting, owned by the inclusion lead or the lead professional.
        const due = m + rng.int(7, 21);
        const closed = rng.chance(0.6) ? m + rng.int(1, 20) : null;
        this.actions.push({
          id: `A-${actionId++}`,
          seriesId,
          meetingOn: fromDay(m),
          caseId: c.id,
          text: rng.pick(ACTION_TEXTS),
          ownerId: rng.chance(0.7) ? author : c.leadProfessionalId!,
          dueOn: fromDay(due),
          closedOn: closed !== null && closed <= T ? fromDay(closed) : null,
          closedNote: closed !== null && closed <= T ? CLOSED_NOTES[actionId % CLOSED_NOTES.length]! : null,
        });
      }
    }
  }
}

// ---- meeting records and the weekly meeting's actions (docs/rules.md section 5), made without the
// random generator, so every other record of a seed's file stays as it was.

const OUTCOMES = [
  'Discussed: tuition to start next week; the inclusion lead to confirm the provider.',
  'Discussed: the school to offer a reduced timetable with a plan to increase it.',
  'Discussed: alternative provision agreed in principle; the family to visit.',
  'Discussed: health advice to be sought before a decision on provision.',
  'Discussed: no change this fortnight; to come back at the next meeting.',
] as const;

const WEEKLY_ACTION_TEXTS = [
  'Bring the overdue annual reviews down: a plan for each case by Friday',
  'Check the decisions due in the next fortnight have a date booked',
  'Share supervision notes still outstanding for the team',
] as const;

/** The records of held meetings that had the chair's selections: each selected case with an outcome
 * (its actions are already in the file), recorded by the chair, attended by the chair and Business
 * Support. */
function demoMeetingRecords(selections: readonly Selection[], actions: readonly Action[], chairs: ReadonlyMap<string, Person>, support: Person, today: Day): MeetingRecord[] {
  const byMeeting = new Map<string, Selection[]>();
  for (const s of selections) {
    if (toDay(s.meetingOn) >= today) continue;
    const k = `${s.seriesId}|${s.meetingOn}`;
    const list = byMeeting.get(k);
    if (list) list.push(s);
    else byMeeting.set(k, [s]);
  }
  const records: MeetingRecord[] = [];
  for (const list of byMeeting.values()) {
    const { seriesId, meetingOn } = list[0]!;
    const chair = chairs.get(seriesId);
    if (chair === undefined) continue;
    const discussed = [...new Set(list.map((s) => s.caseId))].sort();
    records.push({
      seriesId,
      meetingOn,
      recordedById: chair.id,
      attendees: [chair.id, support.id],
      cases: discussed.map((caseId, i) => {
        const agreed = actions.filter((a) => a.seriesId === seriesId && a.meetingOn === meetingOn && a.caseId === caseId).length;
        const outcome = OUTCOMES[(toDay(meetingOn) + i) % OUTCOMES.length]!;
        return { caseId, outcome: agreed > 0 ? outcome : `${outcome.replace(/;.*$/, '')}.` };
      }),
      recordedAt: `${meetingOn}T16:00:00Z`,
    });
  }
  return records.sort((a, b) => (a.meetingOn < b.meetingOn ? -1 : a.meetingOn > b.meetingOn ? 1 : a.seriesId < b.seriesId ? -1 : 1));
}

// Dates added with the policy profiles (ceasing notices, specialists' notice, notes on closing), made
// without the random generator so that every other date of a seed's file stays as it was.

/** The decision to cease a ceased plan was notified a little over two months before (PS 9.6); one
 * ceased plan in seven was ceased before its appeal window had lapsed. Never before the plan's issue. */
function ceaseNoticeFor(issued: Day, ceased: Day | null, index: number): Day | null {
  if (ceased === null) return null;
  const notice = index % 7 === 3 ? addMonths(ceased, -2) + 10 : addMonths(ceased, -2) - 14;
  return Math.max(issued + 1, Math.min(ceased, notice));
}

/** Specialists were told of a review meeting about six weeks before; one meeting in six with less
 * notice (DT "Reviewing EHC plans"). Not before the previous review (or the plan's issue). */
function specialistNoticeFor(meeting: Day, previous: Day): Day {
  return Math.max(previous, meeting % 6 === 0 ? meeting - 30 : meeting - 42 - (meeting % 5));
}

/** The school's advice of an assessment whose advice was requested from `from` (one in three), received
 * four to six and a half weeks later (some late), or not yet. */
function schoolAdviceFor(from: Day, today: Day, allIn: boolean): AdviceRequest | null {
  if (from % 3 !== 0) return null;
  const requested = from + 1;
  let received: Day | null = requested + 28 + (from % 19);
  if (received > today) received = allIn ? today : null;
  return { agency: 'school', requestedOn: fromDay(requested), receivedOn: received === null ? null : fromDay(received) };
}

const CLOSED_NOTES = ['Done as agreed.', 'Done: see the case notes.', 'Done; the family has been told.', 'Superseded by a later action.'] as const;

function instant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
