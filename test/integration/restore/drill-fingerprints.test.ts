import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../../src/adapters/sources/types.js';
import { readBackup } from '../../../src/services/restore/artifact.js';
import { drillArtifact } from '../../../src/services/drills/drill-artifact.js';
import { PG_CONFIG, pgSource, seedPostgres, withPgDatabase } from '../../support/postgres-fixture.js';
import { scratchName, withPgAdmin } from '../../support/databases.js';
import { backUp, localFolder } from './restore-support.js';

/** What the sidecar records at each level, and what a drill compares: counts, content checksums, or nothing. */
describe('table fingerprints in sidecars and drills', () => {
  const folder = localFolder();
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  let exactKey: string;
  let estimatesKey: string;

  beforeAll(async () => {
    seeded = await seedPostgres(scratchName());
    await withPgDatabase(seeded.database, (c) => c.query('ANALYZE'));
    estimatesKey = await backUp(pgSource(), folder.destination, seeded.database);
    exactKey = await backUp(pgSource(), folder.destination, seeded.database, undefined, 'exact');
  });
  afterAll(async () => {
    await seeded?.cleanup();
    folder.cleanup();
    const left = await withPgAdmin(async (c) => (await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'lifeboat\\_drill\\_%'`)).rows);
    expect(left).toEqual([]);
  });

  async function drill(key: string, source: Source = pgSource()) {
    const lines: string[] = [];
    const outcome = await drillArtifact({
      destination: folder.destination, backup: await readBackup(folder.destination, key),
      target: { source, engine: 'postgres', config: PG_CONFIG, name: 'machine' }, signal: new AbortController().signal,
      log: async (message) => void lines.push(message),
    });
    return { outcome, lines };
  }

  it('a default backup records the planner\'s estimates, marked as such; an exact one counts and checksums', async () => {
    const estimates = (await readBackup(folder.destination, estimatesKey)).sidecar;
    expect(estimates.tableStats).toEqual({ level: 'estimates', checksum: null });
    expect(estimates.tables).toContainEqual({ table: 'public.items', rows: 2003 });
    expect(estimates.tables!.every((t) => t.checksum === undefined)).toBe(true);

    const exact = (await readBackup(folder.destination, exactKey)).sidecar;
    expect(exact.tableStats).toEqual({ level: 'exact', checksum: 'pg-md5-sum-v1' });
    expect(exact.tables).toContainEqual({ table: 'public.items', rows: 2003, checksum: expect.stringMatching(/^\d+$/) as string });
    expect(exact.tables).toContainEqual({ table: 'public.empty_table', rows: 0, checksum: '0' });
    expect(exact.tables).toHaveLength(4);
  });

  it('passes an exact backup, comparing counts and content checksums', async () => {
    const { outcome, lines } = await drill(exactKey);
    expect(outcome).toMatchObject({ passed: true, mismatches: [], tablesCompared: 4, compared: 'counts-and-checksums', error: null });
    expect(lines.at(-1)).toMatch(/Drill passed: 4 table\(s\) match the row counts and content checksums recorded at dump time/);
  });

  it('fails when one row\'s content differs in the restored database though every count matches', async () => {
    // The real target, with one value changed in the scratch database between the restore and the comparison.
    const real = pgSource();
    const tampering: Source = {
      ...real,
      capabilities: real.capabilities,
      test: (signal) => real.test(signal),
      listDatabases: (signal) => real.listDatabases(signal),
      dump: (options, signal) => real.dump(options, signal),
      restore: (stream, options, signal) => real.restore(stream, options, signal),
      tableStats: async (database, level, signal) => {
        await withPgDatabase(database!, (c) => c.query(`UPDATE public.items SET label = 'row 1000 ' WHERE label = 'row 1000'`));
        return real.tableStats!(database, level, signal);
      },
    };
    const { outcome, lines } = await drill(exactKey, tampering);
    expect(outcome.passed).toBe(false);
    expect(outcome.mismatches).toEqual([{ table: 'public.items', expected: 2003, actual: 2003, checksums: { expected: expect.any(String) as string, actual: expect.any(String) as string } }]);
    expect(outcome.error).toMatch(/^public\.items: same row count \(2003\) but the content differs \(checksum \d+ recorded, \d+ restored\)$/);
    expect(lines.at(-1)).toMatch(/Drill FAILED: public\.items: same row count/);
  });

  it('passes an estimates-only backup, reporting the restored counts and saying nothing was compared', async () => {
    const { outcome, lines } = await drill(estimatesKey);
    expect(outcome).toMatchObject({ passed: true, mismatches: [], tablesCompared: 0, compared: 'nothing', error: null });
    expect(outcome.restored).toContainEqual({ table: 'public.items', rows: 2003 });
    expect(lines.at(-1)).toMatch(/public\.items: 2003.*the backup recorded row estimates only, so nothing was compared\. Backups of a job with drills enabled .* record exact row counts and checksums/);
  });
});
