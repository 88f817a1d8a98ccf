// The tab's only way to the data: the API under /api/tab/, with a bearer token on every request.
import { teamsToken } from './teams';

const DEV_TOKEN_KEY = 'send-oversight-token';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
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

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const t = await token();
  if (t === null) throw new ApiError(401, 'You are not signed in.');
  const res = await fetch(`/api/tab/${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${t}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const body = (await res.json().catch(() => ({ error: res.statusText }))) as T & { error?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? res.statusText);
  return body;
}
