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
      {children ? <Text as="p" block>{children}</Text> : null}
    </div>
  );
}

export function advice(error: Error): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Sign in again: close and reopen the tab (or, on a local run, choose a person on the sign-in page).';
    if (error.status === 403) return 'If you need this, ask your team manager or administrator for access.';
    if (error.status === 404) return 'It may have been removed or mistyped. Go back and choose it from a list.';
    if (error.status === 400) return 'Check what you entered and try again.';
  }
  return 'Check your connection and try again. If it keeps happening, tell your administrator.';
}

export function ErrorState({ error, retry }: { error: Error; retry?: () => void }) {
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{error.message}</MessageBarTitle> {advice(error)}{' '}
        {retry ? (
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
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    fetcher().then(
      (data) => live && setLoad({ state: 'ready', data }),
      (error: Error) => live && setLoad({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((data: T) => setLoad({ state: 'ready', data }), []);
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
    <Badge appearance="tint" color={COLOURS[status] ?? 'informative'} shape="rounded">
      {STATUS_WORDS[status] ?? status}
    </Badge>
  );
}
