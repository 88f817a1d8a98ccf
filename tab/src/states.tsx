// Loading, empty and error states that tell the user what to do next.
import { Badge, Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';
import { STATUS_WORDS } from './format';

export function Loading({ what }: { what: string }) {
  return (
    <div role="status" aria-live="polite" style={{ padding: '2rem 0' }}>
      <Spinner label={`Loading ${what}…`} />
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div role="status" style={{ padding: '1rem 0' }}>
      <Text as="p" block weight="semibold">
        {title}
      </Text>
      {children ? (
        <Text as="p" block>
          {children}
        </Text>
      ) : null}
    </div>
  );
}

/** What to do next, when the server's own message does not say it already. */
export function advice(error: Error): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Sign in again: close and reopen the tab (or, on a local run, choose a person on the sign-in page).';
    // A refusal says what the person can do instead, in the service's words.
    if (error.status === 403) return '';
    if (error.status === 404) return 'Check the reference, or find the case in the Cases list.';
    if (error.status === 400) return 'Change what you chose and show it again.';
    if (error.status === 409) return 'Someone changed it at the same moment: reload the page.';
  }
  return 'Check your connection and try again. If it keeps happening, tell your administrator the time it happened.';
}

/** Trying again helps only when the server or the connection failed, not when the answer was a refusal. */
export function retryHelps(error: Error): boolean {
  return !(error instanceof ApiError) || error.status >= 500 || error.status === 0;
}

export function ErrorState({ error, retry }: { error: Error; retry?: () => void }) {
  const next = advice(error);
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{error.message}</MessageBarTitle> {next}{' '}
        {retry && retryHelps(error) ? (
          <Button size="small" onClick={retry}>
            Try again
          </Button>
        ) : null}
      </MessageBarBody>
    </MessageBar>
  );
}

export type Load<T> = { state: 'loading' } | { state: 'error'; error: Error } | { state: 'ready'; data: T };

/** Load data with `fetcher` whenever `key` changes; `reload` fetches again. */
export function useLoad<T>(key: string, fetcher: () => Promise<T>): [Load<T>, () => void, (data: T) => void] {
  // Each result remembers which fetch (key and round) it answers: until the current one answers,
  // the state is 'loading' (derived, rather than set from the effect).
  const [round, setRound] = useState(0);
  const fetchId = `${round}\u0000${key}`;
  const [result, setResult] = useState<{ fetchId: string; load: Load<T> } | null>(null);
  useEffect(() => {
    let live = true;
    fetcher().then(
      (data) => live && setResult({ fetchId, load: { state: 'ready', data } }),
      (error: Error) => live && setResult({ fetchId, load: { state: 'error', error } }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- fetcher is a new closure on every render; fetchId names what it fetches
  }, [fetchId]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((data: T) => setResult({ fetchId, load: { state: 'ready', data } }), [fetchId]);
  const load: Load<T> = result !== null && result.fetchId === fetchId ? result.load : { state: 'loading' };
  return [load, reload, set];
}

const COLOURS: Record<string, 'success' | 'warning' | 'danger' | 'informative' | 'subtle' | 'important'> = {
  met: 'success',
  ok: 'success',
  'met-late': 'warning',
  late: 'warning',
  overdue: 'danger',
  breached: 'danger',
  'due-soon': 'important',
  upcoming: 'informative',
  excepted: 'subtle',
  missed: 'subtle',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge appearance="tint" color={COLOURS[status] ?? 'informative'} shape="rounded" style={{ whiteSpace: 'nowrap', flexShrink: 0, verticalAlign: 'middle' }}>
      {STATUS_WORDS[status] ?? status}
    </Badge>
  );
}
