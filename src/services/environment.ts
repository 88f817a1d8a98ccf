// How the process was started, read from its environment in one place, so the server, the deep links and
// the jobs agree on what "production" means.

/** NODE_ENV unset, empty, `development` or `test` is a local or test run; any other value (production,
 * prod, staging, ...) is production, so that a misspelt NODE_ENV never switches on local conveniences. */
export function isProduction(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = (env.NODE_ENV ?? '').trim().toLowerCase();
  return !(value === '' || value === 'development' || value === 'test');
}
