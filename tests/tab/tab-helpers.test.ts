// The tab's pure helpers: the Teams theme mapping and the hash routes that drill-down links use.
import { describe, expect, it } from '@jest/globals';
import { themeFromQuery, themeOf } from '../../tab/src/theme.js';
import { href, parseRoute } from '../../tab/src/routes.js';

describe('Teams theme to Fluent theme', () => {
  it.each([
    ['default', 'light'],
    ['dark', 'dark'],
    ['contrast', 'contrast'],
    [undefined, 'light'],
    ['something-new', 'light'],
  ])('context.app.theme %s gives the %s theme', (teams, ours) => {
    expect(themeOf(teams)).toBe(ours);
  });
  it('reads ?theme= outside Teams, and ignores anything else', () => {
    expect(themeFromQuery('?view=chair&theme=dark')).toBe('dark');
    expect(themeFromQuery('?theme=default')).toBe('light');
    expect(themeFromQuery('?theme=purple')).toBeNull();
    expect(themeFromQuery('')).toBeNull();
  });
});

describe('hash routes', () => {
  it('a drill-down link carries the figure and the filter, and reads back the same', () => {
    const link = href(['drill'], { figure: 'reviewsOverdueNow', which: 'all', from: '2026-10-27', to: '2026-11-23', team: 'North 1', locality: null });
    expect(link).toBe('#/drill?figure=reviewsOverdueNow&which=all&from=2026-10-27&to=2026-11-23&team=North+1');
    const route = parseRoute(link);
    expect(route.path).toEqual(['drill']);
    expect(route.query.get('team')).toBe('North 1');
    expect(route.query.has('locality')).toBe(false);
  });
  it('a case link keeps odd characters in the case id', () => {
    const link = href(['case', 'C/10 01'], { back: '#/drill?figure=x' });
    expect(parseRoute(link).path).toEqual(['case', 'C/10 01']);
    expect(parseRoute(link).query.get('back')).toBe('#/drill?figure=x');
  });
  it('an empty hash is no page', () => {
    expect(parseRoute('').path).toEqual([]);
  });
});
