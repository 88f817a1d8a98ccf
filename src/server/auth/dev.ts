// AUTH_MODE=dev, for local runs only: a sign-in page to pick a person of the demo service, and tokens
// signed by a key generated when the server starts (so no token outlives the process). Refused in
// production (NODE_ENV set to anything but development or test) and on a server listening beyond this
// machine (HOST not a loopback address): it hands anyone who reaches it any person's token.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { isLoopbackHost, isProduction } from '../config.js';
import { AuthenticationError, bearerToken, type Identity, type TokenVerifier } from './tokens.js';

export const DEV_ISSUER = 'send-oversight-dev';
export const DEV_AUDIENCE = 'send-oversight-tab';

export class DevModeRefusedError extends Error {
  constructor(why: string) {
    super(`AUTH_MODE=dev is for local runs only and is refused ${why}`);
    this.name = 'DevModeRefusedError';
  }
}

export interface DevAuth extends TokenVerifier {
  /** A token for a person (by their Entra object id or email, as Teams would give). */
  issue(person: { id: string; aadObjectId: string | null; email: string | null; name: string }, lifetimeSeconds?: number): Promise<string>;
}

export function devAuth(env: Readonly<Record<string, string | undefined>>): DevAuth {
  if (isProduction(env)) throw new DevModeRefusedError(`in production (NODE_ENV=${JSON.stringify(env.NODE_ENV)}; only unset, development or test are local runs)`);
  const host = env.HOST ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new DevModeRefusedError(`on a server listening beyond this machine (HOST=${host}; only a loopback address: 127.0.0.1, ::1, localhost)`);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    async issue(person, lifetimeSeconds = 8 * 3600) {
      return new SignJWT({ oid: person.aadObjectId ?? undefined, preferred_username: person.email ?? undefined, name: person.name, dev_person: person.id })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(`${lifetimeSeconds}s`)
        .sign(privateKey);
    },
    async verify(authorization): Promise<Identity> {
      const token = bearerToken(authorization);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, publicKey, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['ES256'], requiredClaims: ['exp'] }));
      } catch (e) {
        throw new AuthenticationError(e instanceof Error && e.name === 'JWTExpired' ? 'the token has expired: sign in again' : 'the token is not valid for this server (dev sign-in)');
      }
      const str = (k: string) => (typeof payload[k] === 'string' ? payload[k] : null);
      // The dev token names the person chosen on the sign-in page.
      return { oid: str('oid'), email: str('preferred_username'), tenantId: null, name: str('name'), token, devPersonId: str('dev_person') ?? undefined };
    },
  };
}

/** The sign-in page (no inline script: the Content-Security-Policy allows scripts from 'self' only). */
export function signInPage(people: { id: string; name: string; roles: string[]; team: string | null }[]): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const rows = people
    .map((p) => `<li><button type="submit" name="personId" value="${esc(p.id)}">${esc(p.name)}</button> <span>${esc(p.roles.join(', '))}${p.team ? ` · ${esc(p.team)}` : ''}</span></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in (local demo) · SEND Oversight</title>
<link rel="stylesheet" href="/dev/sign-in.css"></head>
<body><main>
<h1>SEND Oversight: local sign-in</h1>
<p>This page exists only because the server runs with <code>AUTH_MODE=dev</code>. In Teams you are signed in automatically.</p>
<p>Choose who to be. Each person sees what docs/rules.md section 7 allows for their roles.</p>
<form id="sign-in" method="post" action="/api/dev/token"><ul>
${rows}
</ul></form>
<p id="status" role="status"></p>
</main><script type="module" src="/dev/sign-in.js"></script></body></html>`;
}

export const SIGN_IN_SCRIPT = `// Posts the chosen person, keeps the token for this browser tab, and returns to the tab.
const form = document.getElementById('sign-in');
const status = document.getElementById('status');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const personId = event.submitter && event.submitter.value;
  status.textContent = 'Signing in…';
  try {
    const res = await fetch('/api/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId }) });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error || res.statusText);
    sessionStorage.setItem('send-oversight-token', body.token);
    const back = new URLSearchParams(location.search).get('return');
    location.href = back && back.startsWith('/tab/') ? back : '/tab/';
  } catch (e) {
    status.textContent = 'Sign-in failed: ' + e.message;
  }
});
`;

export const SIGN_IN_CSS = `body{font-family:"Segoe UI",system-ui,sans-serif;margin:2rem;max-width:48rem;color:#242424}
ul{list-style:none;padding:0}li{margin:.5rem 0}button{font:inherit;padding:.4rem .9rem;min-width:12rem;text-align:left;border:1px solid #5b5fc7;background:#fff;border-radius:4px;cursor:pointer}
button:focus-visible{outline:3px solid #242424;outline-offset:2px}span{color:#424242;margin-left:.5rem}code{background:#f0f0f0;padding:0 .25rem}`;
