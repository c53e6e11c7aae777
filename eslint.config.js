import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'tests/.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Routes and components must not reach the database directly: queries/ and services/ do.
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['app/routes/**', 'app/components/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['#db/schema', 'drizzle-orm', 'drizzle-orm/*'], message: 'Routes stay thin: query through app/queries or app/services.' }] }],
    },
  },
  {
    files: ['app/domain/**'],
    ignores: ['app/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['#db/*', 'drizzle-orm', '@remix-run/*', '~/lib/*', '~/services/*', '~/queries/*'], message: 'app/domain is pure: no database, Remix or I/O.' }] }],
    },
  },
  {
    // db/ is the schema and its plain data: it knows no use case (the demo seed that drives them is scripts/demo/).
    files: ['db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['~/services/*', '~/queries/*', '~/routes/*', '**/app/services/*', '**/app/queries/*', '**/app/routes/*', '**/scripts/*'],
              message: 'db/ knows no use case: seeds that drive use cases live in scripts/demo/.',
            },
          ],
        },
      ],
    },
  },
);
