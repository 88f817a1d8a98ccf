// ESLint (flat config), run by `npm run lint` and by `npm test` before jest.
// Every TypeScript file is linted with typescript-eslint's type-checked rules, using the types of the
// tsconfig that owns it (tsconfig.json for src, bot, tests, bench, scripts; tab/tsconfig.json for the
// tab), and the tab with the React hooks rules. Plain JavaScript files (configs, scripts/*.mjs) get
// the untyped rules. A rule is turned off only with the reason written beside it.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'tab/dist/', 'data/', 'coverage/', '.ci/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['tab/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
);
