import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'web/dist/', 'test-artifacts/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The CommonJS launcher (bin/lifeboat.cjs): Node 20 starts a CommonJS entry without setting up its module loader.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Every external tool runs through src/lib/spawn.ts: argument arrays, secrets by environment, errors summarised.
    files: ['src/**/*.ts'],
    ignores: ['src/lib/spawn.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'node:child_process', message: 'Use src/lib/spawn.ts' }, { name: 'child_process', message: 'Use src/lib/spawn.ts' }] }],
    },
  },
);
