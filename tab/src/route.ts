// The current hash route as React state (the parsing itself is in routes.ts, testable without a DOM).
import { useEffect, useState } from 'react';
import { parseRoute, type Route } from './routes';

export { href, parseRoute, safeBack, TAB_PAGES, withQuery, type Route } from './routes';

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parseRoute(hash);
}
