// The tab's only way to the data: the API under /api/tab/, with a bearer token on every request.
import { teamsToken } from './teams';

const DEV_TOKEN_KEY = 'send-oversight-token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface AuthConfig {
  readonly mode: 'dev' | 'entra';
  readonly configured: boolean;
  readonly signInUrl: string | null;
}

let inTeamsHost = false;
export function setInTeams(v: boolean): void {
  inTeamsHost = v;
}

async function token(): Promise<string | null> {
  if (inTeamsHost) return teamsToken();
  return sessionStorage.getItem(DEV_TOKEN_KEY);
}

export function signOutDev(): void {
  sessionStorage.removeItem(DEV_TOKEN_KEY);
}

export async function authConfig(): Promise<AuthConfig> {
  const res = await fetch('/api/tab/auth-config');
  if (!res.ok) throw new ApiError(res.status, 'The server did not answer. Check that SEND Oversight is running, then reload.');
  return (await res.json()) as AuthConfig;
}

/** A request that answers a form: on 400 the problems by field come back as `errors`. */
export class FormError extends ApiError {
  constructor(
    message: string,
    readonly errors: Record<string, string>,
    readonly form: string | null,
  ) {
    super(400, message);
    this.name = 'FormError';
  }
}

/** Download a file from the API (an export) and hand it to the browser; returns its file name. */
export async function download(path: string): Promise<string> {
  const t = await token();
  if (t === null) throw new ApiError(401, 'You are not signed in.');
  const res = await fetch(`/api/tab/${path}`, { headers: { authorization: `Bearer ${t}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({ error: res.statusText }))) as { error?: string };
    throw new ApiError(res.status, body.error ?? res.statusText);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'send-oversight-export';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const t = await token();
  if (t === null) throw new ApiError(401, 'You are not signed in.');
  const res = await fetch(`/api/tab/${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${t}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const body = (await res.json().catch(() => ({ error: res.statusText }))) as T & { error?: string; errors?: Record<string, string>; form?: string };
  if (!res.ok) {
    if (res.status === 400 && (body.errors !== undefined || body.form !== undefined)) throw new FormError(body.error ?? 'Some answers need changing.', body.errors ?? {}, body.form ?? null);
    throw new ApiError(res.status, body.error ?? res.statusText);
  }
  return body;
}
