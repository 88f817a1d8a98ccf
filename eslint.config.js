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
    rules: {
      // Off: the SQLite store and the test fakes implement the async CaseStore port with synchronous
      // code; `async` on them is what turns a thrown error into the rejection callers of the port
      // expect, which removing it (as this rule asks) would break.
      '@typescript-eslint/require-await': 'off',
      // `const { a: _a, ...rest } = x` takes a field out of `rest`: not an unused name.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { globals: globals.commonjs },
    // Off: a .cjs file is CommonJS on purpose (scripts/loopback.cjs is a `node -r` preload), and
    // require() is how CommonJS imports.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Off in tests only: tests read what the product writes (API responses, manifests, YAML, case
    // files) as parsed JSON and reach into it by path, and build deliberately malformed input to see
    // it refused; typing each of those would restate the code under test. Everything else (floating
    // promises, unused names, needless assertions, ...) applies to tests as to the product.
    files: ['tests/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['tab/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
);
