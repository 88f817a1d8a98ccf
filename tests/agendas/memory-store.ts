// A small in-memory CaseStore for the agenda service tests (only what the agenda service uses;
// anything else throws, so a test never passes by accident through an unimplemented method).
import type { Action, CaseFile } from '../../src/domain/model.js';
import type { AccessEntry } from '../../src/domain/access-log.js';
import { NotFoundError, StoreValidationError, type CardClaim, type CardClaimRequest, type CardUpdate, type CaseStore } from '../../src/store/port.js';

export function memoryStore(file: CaseFile): CaseStore & { settings: Map<string, unknown>; claims: Map<string, CardClaim>; access: AccessEntry[] } {
  const data: CaseFile = structuredClone(file);
  const settings = new Map<string, unknown>();
  const claims = new Map<string, CardClaim>();
  const access: AccessEntry[] = [];
  const inRange = (d: string, q: { from?: string; to?: string }) => (q.from === undefined || d >= q.from) && (q.to === undefined || d <= q.to);
  const store = {
    settings,
    claims,
    access,
    async getCase(id: string) {
      const c = data.cases.find((x) => x.id === id);
      return c ? { case: structuredClone(c), version: '1' } : null;
    },
    async queryCases(q: { ids?: readonly string[] }) {
      return data.cases
        .filter((c) => !q.ids || q.ids.includes(c.id))
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((c) => ({ case: structuredClone(c), version: '1' }));
    },
    async listPeople() {
      return structuredClone(data.people);
    },
    async getPerson(id: string) {
      return structuredClone(data.people.find((p) => p.id === id) ?? null);
    },
    async listMeetingSeries() {
      return structuredClone(data.meetingSeries);
    },
    async listSchoolHolidays() {
      return structuredClone(data.schoolHolidays);
    },
    async policyName() {
      return data.policy;
    },
    async listNominations(q: { seriesId?: string; from?: string; to?: string } = {}) {
      return structuredClone(data.nominations.filter((n) => (q.seriesId === undefined || n.seriesId === q.seriesId) && inRange(n.madeOn, q)));
    },
    async listSelections(q: { seriesId?: string; from?: string; to?: string } = {}) {
      return structuredClone(data.selections.filter((s) => (q.seriesId === undefined || s.seriesId === q.seriesId) && inRange(s.meetingOn, q)));
    },
    async listActions(q: { seriesId?: string; open?: boolean } = {}) {
      return structuredClone(data.actions.filter((a) => (q.seriesId === undefined || a.seriesId === q.seriesId) && (q.open === undefined || (a.closedOn === null) === q.open)));
    },
    async addAction(a: Action) {
      if (data.actions.some((x) => x.id === a.id)) throw new StoreValidationError(`action ${a.id} exists`);
      data.actions.push(structuredClone(a));
    },
    async closeAction(id: string, closedOn: string, closedNote?: string | null) {
      const a = data.actions.find((x) => x.id === id);
      if (!a) throw new NotFoundError('action', id);
      a.closedOn = closedOn;
      if (closedNote !== undefined) a.closedNote = closedNote;
    },
    async exportCaseFile() {
      return structuredClone(data);
    },
    // A change feed with nothing ever changed (the tests write no case records): a server's snapshot works.
    async changesSince() {
      return { changes: [], token: 'memory', resync: false };
    },
    async getSetting(key: string) {
      return settings.has(key) ? structuredClone(settings.get(key)) : null;
    },
    async putSetting(key: string, value: unknown) {
      settings.set(key, structuredClone(value));
    },
    // The card ledger, as the adapters keep it (the contract suite pins them; this is for the poster alone).
    async claimCards(requests: readonly CardClaimRequest[]) {
      return requests.map((r) => {
        const was = claims.get(r.key);
        if (r.replaces ? !was || was.holder !== r.replaces.holder || was.version !== r.replaces.version : was) return null;
        const claim: CardClaim = {
          key: r.key,
          recipientId: r.recipientId,
          holder: r.holder,
          claimedAt: r.at,
          lines: [...r.lines],
          sentAt: null,
          state: was?.message ? 'posted' : 'claimed',
          message: was?.message ?? null,
          takeovers: was ? was.takeovers + 1 : 0,
          version: String(Number(was?.version ?? 0) + 1),
        };
        claims.set(r.key, claim);
        return structuredClone(claim);
      });
    },
    async updateCards(updates: readonly CardUpdate[]) {
      return updates.map((u) => {
        const was = claims.get(u.key);
        if (!was || was.holder !== u.holder) return null;
        const claim: CardClaim = {
          ...was,
          state: u.state,
          message: u.message === undefined ? was.message : u.message,
          sentAt: u.sentAt === undefined ? was.sentAt : u.sentAt,
          version: String(Number(was.version) + 1),
        };
        claims.set(u.key, claim);
        return structuredClone(claim);
      });
    },
    async listCards(prefix: string) {
      return [...claims.values()].filter((c) => c.key.startsWith(prefix)).map((c) => structuredClone(c));
    },
    // The access record of agenda documents with names (issue 16): kept here for the tests to read.
    async appendAccess(entries: readonly AccessEntry[]) {
      for (const e of entries) if (!access.some((x) => x.id === e.id)) access.push(structuredClone(e));
    },
    async close() {},
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop in target) return (target as Record<string | symbol, unknown>)[prop];
      if (prop === 'then') return undefined;
      return () => {
        throw new Error(`memoryStore: ${String(prop)} is not implemented`);
      };
    },
  }) as unknown as CaseStore & { settings: Map<string, unknown>; claims: Map<string, CardClaim>; access: AccessEntry[] };
}
