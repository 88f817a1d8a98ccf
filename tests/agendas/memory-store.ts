// A small in-memory CaseStore for the agenda service tests (only what the agenda service uses;
// anything else throws, so a test never passes by accident through an unimplemented method).
import type { Action, CaseFile } from '../../src/domain/model.js';
import { NotFoundError, StoreValidationError, type CaseStore, type ReminderClaim } from '../../src/store/port.js';

export function memoryStore(file: CaseFile): CaseStore & { settings: Map<string, unknown>; claims: Map<string, ReminderClaim> } {
  const data: CaseFile = structuredClone(file);
  const settings = new Map<string, unknown>();
  const claims = new Map<string, ReminderClaim>();
  const inRange = (d: string, q: { from?: string; to?: string }) => (q.from === undefined || d >= q.from) && (q.to === undefined || d <= q.to);
  const store = {
    settings,
    claims,
    async getCase(id: string) {
      const c = data.cases.find((x) => x.id === id);
      return c ? { case: structuredClone(c), version: '1' } : null;
    },
    async queryCases(q: { ids?: readonly string[] }) {
      return data.cases.filter((c) => !q.ids || q.ids.includes(c.id)).sort((a, b) => (a.id < b.id ? -1 : 1)).map((c) => ({ case: structuredClone(c), version: '1' }));
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
    async getSetting(key: string) {
      return settings.has(key) ? structuredClone(settings.get(key)) : null;
    },
    async putSetting(key: string, value: unknown) {
      settings.set(key, structuredClone(value));
    },
    async claimReminder(key: string, recipientId: string, at: string) {
      if (claims.has(key)) return false;
      claims.set(key, { key, recipientId, claimedAt: at, sentAt: null });
      return true;
    },
    async markReminderSent(key: string, at: string) {
      const c = claims.get(key);
      if (!c) throw new Error(`no claim ${key}`);
      claims.set(key, { ...c, sentAt: at });
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
  }) as unknown as CaseStore & { settings: Map<string, unknown>; claims: Map<string, ReminderClaim> };
}
