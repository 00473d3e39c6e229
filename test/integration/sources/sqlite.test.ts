import { afterAll, beforeAll } from 'vitest';
import { sourceContract } from '../../support/source-contract.js';
import { sqliteFixture } from '../../support/sqlite-fixture.js';

const fixture = sqliteFixture();
let base: { cleanup(): Promise<void> } | undefined;
// The contract's first test calls source() before any seed: give it a live file to open.
beforeAll(async () => {
  base = await fixture.seed();
});
afterAll(async () => {
  await base?.cleanup();
});

sourceContract('SQLite', fixture);
