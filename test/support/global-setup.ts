import { dropStaleScratchDatabases } from './databases.js';

/** Runs once per `vitest run`: clears what a crashed earlier run may have left on the shared servers. */
export default async function setup(): Promise<void> {
  await dropStaleScratchDatabases();
}
