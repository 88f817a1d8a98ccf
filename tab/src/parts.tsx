// Small pieces every page uses: a table that scrolls sideways on a narrow screen instead of squeezing
// its columns on top of each other, the Excel / CSV buttons of a table, and a page's messages.
import { Button, MessageBar, MessageBarBody, Table, makeStyles, tokens, type TableProps } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { download } from './api';

const useStyles = makeStyles({
  scroll: {
    overflowX: 'auto',
    maxWidth: '100%',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  exports: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center', margin: `${tokens.spacingVerticalS} 0` },
});

/** A table in a region that scrolls sideways (keyboard-reachable) when the screen is narrower than
 * `minWidth`; the columns keep their width instead of overlapping. */
export function WideTable({ label, minWidth = '44rem', children, ...rest }: { label: string; minWidth?: string; children: ReactNode } & Omit<TableProps, 'children'>) {
  const styles = useStyles();
  return (
    <div className={styles.scroll} role="region" aria-label={`${label} (scrolls sideways)`} tabIndex={0}>
      <Table aria-label={label} size="small" {...rest} style={{ minWidth, tableLayout: 'auto', ...rest.style }}>
        {children}
      </Table>
    </div>
  );
}

/** "Download Excel" and "Download CSV" for a table: /api/tab/export/<table>.<format>?<query>. */
export function ExportButtons({ table, query, what }: { table: string; query?: URLSearchParams | string; what: string }) {
  const styles = useStyles();
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: boolean }>({ busy: false, message: null, error: false });
  const qs = typeof query === 'string' ? query : (query?.toString() ?? '');
  const get = (format: 'xlsx' | 'csv') => {
    setState({ busy: true, message: null, error: false });
    download(`export/${table}.${format}${qs ? `?${qs}` : ''}`).then(
      (name) => setState({ busy: false, message: `Downloaded ${name}.`, error: false }),
      (e: Error) => setState({ busy: false, message: `The download did not work: ${e.message}`, error: true }),
    );
  };
  return (
    <div className={`${styles.exports} no-print`}>
      <Button size="small" disabled={state.busy} onClick={() => get('xlsx')} aria-label={`Download ${what} as Excel`}>
        Excel
      </Button>
      <Button size="small" disabled={state.busy} onClick={() => get('csv')} aria-label={`Download ${what} as CSV`}>
        CSV
      </Button>
      <span role="status" aria-live="polite">
        {state.message ? <span style={{ color: state.error ? tokens.colorPaletteRedForeground1 : undefined }}>{state.message}</span> : null}
      </span>
    </div>
  );
}

/** A message after an action ("Recorded: …"), announced to screen readers. */
export function Notice({ notice }: { notice: { intent: 'success' | 'error' | 'warning'; text: string } | null }) {
  return (
    <div aria-live="polite">
      {notice ? (
        <MessageBar intent={notice.intent} layout="multiline" style={{ margin: `${tokens.spacingVerticalS} 0` }}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      ) : null}
    </div>
  );
}
