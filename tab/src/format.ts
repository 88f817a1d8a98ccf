// Dates and words as a UK reader expects them.
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const INSTANT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (iso.length > 10) return INSTANT.format(new Date(iso));
  return DAY.format(new Date(`${iso}T00:00:00Z`));
}

export function percent(p: number | null): string {
  return p === null ? '—' : `${p}%`;
}

export const STATUS_WORDS: Record<string, string> = {
  met: 'Met',
  'met-late': 'Met late',
  overdue: 'Overdue',
  'due-soon': 'Due soon',
  upcoming: 'Upcoming',
  excepted: 'Excepted',
  missed: 'Missed',
  ok: 'OK',
  breached: 'Breached',
  late: 'Late',
};

export const REASON_WORDS: Record<string, string> = {
  'suspended-no-provision': 'Suspended, no provision',
  'excluded-no-provision': 'Excluded, no provision',
  'permanent-exclusion': 'Permanent exclusion',
  'missing-attendance': 'Missing attendance',
};

export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const SHORT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** A forecast week: "This week (to 29 Nov)", then "w/c 30 Nov". */
export function weekLabel(w: { from: string; to: string }, i: number): string {
  return i === 0 ? `This week (to ${SHORT.format(new Date(`${w.to}T00:00:00Z`))})` : `w/c ${SHORT.format(new Date(`${w.from}T00:00:00Z`))}`;
}
