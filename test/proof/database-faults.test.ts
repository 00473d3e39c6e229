import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDestination } from '../../src/adapters/destinations/local/local.destination.js';
import { systemClock } from '../../src/lib/clock.js';
import { runBackup } from '../../src/pipeline/backup.js';
import { withPgAdmin } from '../support/databases.js';
import type { Source } from '../../src/adapters/sources/types.js';
import { PG_CONFIG, pgSource, seedPostgres } from '../support/postgres-fixture.js';
import { PROOF_TIMEOUT, proofRecorder, until } from './support/results.js';
import { walkFiles } from './support/storage-check.js';

const proof = proofRecorder('database-faults');

/** The source without its optional row-count step, which would otherwise be the one waiting on the test's lock. */
function withoutRowCounts(source: Source): Source {
  return {
    capabilities: source.capabilities,
    test: (signal) => source.test(signal),
    listDatabases: (signal) => source.listDatabases(signal),
    dump: (options, signal) => source.dump(options, signal),
    restore: (stream, options, signal) => source.restore(stream, options, signal),
  };
}

/**
 * The source database fails while pg_dump runs: its connection is terminated, or its permissions are revoked.
 * A lock held by the test makes pg_dump wait inside its dump transaction, so the fault lands mid-dump every time.
 */
describe('PostgreSQL faults in the middle of a dump', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-proof-dbfault-'));
  const role = `lifeboat_test_role_${randomBytes(4).toString('hex')}`;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;

  beforeAll(async () => {
    seeded = await seedPostgres();
    await withPgAdmin((c) => c.query(`CREATE ROLE ${role} LOGIN`));
  });
  afterAll(async () => {
    await seeded?.cleanup();
    await withPgAdmin((c) => c.query(`DROP ROLE IF EXISTS ${role}`));
    rmSync(dir, { recursive: true, force: true });
    proof.flush();
  });

  /** Runs a backup while `locker` holds an exclusive lock on `items`; `fault` runs once pg_dump waits for it. */
  async function dumpWithFault(name: string, user: string, fault: (locker: pg.Client, dumpPid: number) => Promise<void>) {
    const folder = path.join(dir, name);
    const locker = new pg.Client({ ...PG_CONFIG, database: seeded.database });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE public.items IN ACCESS EXCLUSIVE MODE');
      const lockerPid = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const started = Date.now();
      const running = runBackup({
        source: withoutRowCounts(pgSource({ user })), sourceName: 'faults', dump: { database: seeded.database, mode: 'full' },
        destinations: [{ name: 'disk', destination: new LocalDestination(folder) }], compression: { algorithm: 'zstd', level: 1 }, clock: systemClock, signal: new AbortController().signal,
      });
      const dumpPid = await until(async () => withPgAdmin(async (c) =>
        (await c.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> $2`, [seeded.database, lockerPid])).rows[0]?.pid), 30_000, 'pg_dump waiting on the lock');
      await fault(locker, dumpPid);
      const outcome = await running;
      return { outcome, ms: Date.now() - started, files: walkFiles(dir).filter((f) => f.startsWith(`${name}/`)) };
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  }

  const record = (id: string, what: string, run: Awaited<ReturnType<typeof dumpWithFault>>, clear: RegExp) => {
    const passed = run.outcome.status === 'failed' && clear.test(run.outcome.error ?? '') && run.files.length === 0;
    proof.record({
      id, area: 'database faults', what, passed,
      how: 'runBackup of a seeded PostgreSQL database to a local folder (row-count step skipped); pg_dump is held on a table lock inside its dump transaction, the fault is applied, then the lock released',
      expectation: 'backup failed, the error names the cause, no artifact, sidecar or temporary file left',
      figures: { status: run.outcome.status, filesLeft: run.files.length, seconds: Math.round(run.ms / 100) / 10, error: (run.outcome.error ?? '').slice(0, 300) },
    });
    return passed;
  };

  it("fails cleanly when pg_dump's server connection is terminated", async () => {
    const run = await dumpWithFault('terminated', PG_CONFIG.user, async (_locker, pid) => {
      await withPgAdmin((c) => c.query('SELECT pg_terminate_backend($1)', [pid]));
    });
    expect(record('pg-terminated', "pg_terminate_backend on pg_dump's connection mid-dump", run, /terminat|administrator command|connection/i), JSON.stringify(run)).toBe(true);
  }, PROOF_TIMEOUT);

  it('fails cleanly when the dump user loses its read permission mid-dump', async () => {
    await withPgAdmin(async (c) => {
      await c.query(`GRANT CONNECT ON DATABASE ${c.escapeIdentifier(seeded.database)} TO ${role}`);
    });
    const grant = new pg.Client({ ...PG_CONFIG, database: seeded.database });
    await grant.connect();
    await grant.query(`GRANT USAGE ON SCHEMA public, "Schéma with space" TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA public, "Schéma with space" TO ${role}; GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await grant.end();
    try {
      const run = await dumpWithFault('revoked', role, async (locker) => {
        await locker.query(`REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM ${role}`);
        await locker.query('COMMIT');
      });
      expect(record('pg-permission-revoked', 'SELECT revoked from the dump user while pg_dump runs', run, /permission denied/i), JSON.stringify(run)).toBe(true);
    } finally {
      // The role owns nothing, but holds grants inside the scratch database: drop them before the role goes.
      const revoke = new pg.Client({ ...PG_CONFIG, database: seeded.database });
      await revoke.connect();
      await revoke.query(`DROP OWNED BY ${role}`);
      await revoke.end();
      await withPgAdmin((c) => c.query(`REVOKE ALL ON DATABASE ${c.escapeIdentifier(seeded.database)} FROM ${role}`));
    }
  }, PROOF_TIMEOUT);
});
