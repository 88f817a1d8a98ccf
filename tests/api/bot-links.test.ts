// "My work" links open the bot's forms: every command the tab puts in a deep link is one the bot parses
// to the intended form, for the right case.
import { describe, expect, it } from '@jest/globals';
import { parseCommand } from '../../bot/commands.js';
import { generateDemo } from '../../src/domain/demo.js';
import { OBLIGATION_KINDS } from '../../src/domain/obligation.js';
import { botCommandFor, botDeepLink } from '../../src/services/dashboard.js';

const EXPECTED_FORM: Record<string, string> = {
  'cmooe-summary': 'summary',
  'casework-recording': 'note',
  supervision: 'supervision',
  'supervision-notes': 'supervision',
  // An audit is done in the tab's audit form (docs/rules.md section 8): the bot lists what is due.
  audit: 'due',
};

describe('bot commands behind "Open in bot"', () => {
  it.each(OBLIGATION_KINDS.map((k) => [k]))('%s opens the intended form', (kind) => {
    const personKind = kind === 'supervision' || kind === 'supervision-notes';
    const command = botCommandFor({ kind, caseId: personKind ? null : 'C-1001', personId: personKind ? 'p7' : null });
    const parsed = parseCommand(command);
    expect(parsed.name).toBe(EXPECTED_FORM[kind] ?? 'case');
    if ('caseId' in parsed) expect(parsed.caseId).toBe('C-1001');
  });
  it('the deep link opens a chat with the bot with the command typed in', () => {
    const url = new URL(botDeepLink('00000000-0000-0000-0000-00000000b07a', 'summary C-1001')!);
    expect(url.origin + url.pathname).toBe('https://teams.microsoft.com/l/chat/0/0');
    expect(url.searchParams.get('users')).toBe('28:00000000-0000-0000-0000-00000000b07a');
    expect(url.searchParams.get('message')).toBe('summary C-1001');
    expect(botDeepLink(null, 'summary C-1001')).toBeNull();
  });
  it('demo case ids survive the bot parser (it upper-cases them)', () => {
    for (const c of generateDemo({ cases: 30, seed: 2, today: '2026-11-23' }).cases) {
      expect(parseCommand(`summary ${c.id}`)).toEqual({ name: 'summary', caseId: c.id });
    }
  });
});
