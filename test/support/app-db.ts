import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openAppDb, openSqlite, type AppDb } from '../../src/db/database.js';
import { createScratchPostgres } from './databases.js';

export type DialectUnderTest = 'sqlite' | 'postgres';
export const DIALECTS: DialectUnderTest[] = ['sqlite', 'postgres'];

/** A migrated app database on the given dialect; `dispose()` removes it (file or scratch database). */
export async function createTestAppDb(dialect: DialectUnderTest): Promise<AppDb & { dispose(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-appdb-'));
    const app = openSqlite(path.join(dir, 'lifeboat.db'));
    await migrate(app);
    return { ...app, dispose: async () => { await app.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const scratch = await createScratchPostgres();
  const app = openAppDb({ databaseUrl: scratch.url, dataDir: tmpdir() });
  await migrate(app);
  return { ...app, dispose: async () => { await app.close(); await scratch.drop(); } };
}
