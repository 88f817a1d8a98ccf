// Log-safe error text: quoted strings (which may be typed input, such as a note) are elided.
export function safeError(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e));
  return `${err.name}: ${err.message.replace(/"[^"]*"/g, '"…"').slice(0, 300)}`;
}
