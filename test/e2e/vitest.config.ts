import { defineConfig } from 'vitest/config';

// Runs only the browser tests: npx vitest run --config test/e2e/vitest.config.ts
export default defineConfig({
  root: new URL('../..', import.meta.url).pathname,
  test: { include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks' },
});
