// The bot's commands, in plain words (typed, or sent by a card button as { command: "..." }).
export type Command =
  | { readonly name: 'due' }
  | { readonly name: 'cases' }
  | { readonly name: 'case'; readonly caseId: string | null }
  | { readonly name: 'summary'; readonly caseId: string | null }
  | { readonly name: 'note'; readonly caseId: string | null }
  | { readonly name: 'nominate'; readonly caseId: string | null }
  | { readonly name: 'supervision' }
  | { readonly name: 'team' }
  | { readonly name: 'forecast' }
  | { readonly name: 'help' }
  | { readonly name: 'agenda'; readonly text: string }
  | { readonly name: 'unknown'; readonly text: string };

/** Remove Teams @mentions (<at>SEND Oversight</at>), curly quotes and trailing punctuation. */
export function cleanText(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[?.!]+$/, '')
    .trim();
}

export function parseCommand(raw: string): Command {
  const text = cleanText(raw);
  const lower = text.toLowerCase();
  if (/^(what'?s due|what is due|whats due|due|my work|what do i have due)$/.test(lower)) return { name: 'due' };
  if (/^(my cases|cases)$/.test(lower)) return { name: 'cases' };
  if (/^(help|hi|hello|start|\?)$/.test(lower)) return { name: 'help' };
  if (/^supervision$/.test(lower)) return { name: 'supervision' };
  // Managers' words for their team's work (issue 15).
  if (/^(team|my team|team figures|(what'?s|what is) overdue (for|in) my team|my team'?s overdue( work)?|overdue for my team)$/.test(lower)) return { name: 'team' };
  if (/^(forecast|the forecast|(what'?s|what is) coming( up)?|coming up)$/.test(lower)) return { name: 'forecast' };
  const withCase = /^(case|summary|note|nominate)(?:\s+(\S+))?$/.exec(lower);
  if (withCase) {
    const caseId = withCase[2] ? withCase[2].toUpperCase() : null;
    return { name: withCase[1] as 'case' | 'summary' | 'note' | 'nominate', caseId };
  }
  if (/^agenda\b/.test(lower)) return { name: 'agenda', text: lower };
  return { name: 'unknown', text };
}
