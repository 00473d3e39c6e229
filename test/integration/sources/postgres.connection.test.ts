import { describe, expect, it } from 'vitest';
import { withPgClient } from '../../../src/adapters/sources/postgres/postgres.connection.js';
import { loadPgDriver } from '../../../src/adapters/sources/postgres/pg-driver.js';
import { CancelledError } from '../../../src/lib/errors.js';
import { PG_CONFIG, pgSource, withPgDatabase } from '../../support/postgres-fixture.js';

const backendPid = (client: { query: (sql: string) => Promise<{ rows: { pid: number }[] }> }) =>
  client.query('SELECT pg_backend_pid() AS pid').then(({ rows }) => rows[0]!.pid);

/** Whether a server backend still runs (a closed connection's backend exits shortly after). */
async function backendGone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { rows } = await withPgDatabase('postgres', (c) => c.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]));
    if (rows.length === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe('postgres connections', () => {
  it('callers that overlap with share use one backend, which closes after the last; others get their own', async () => {
    const config = { ...PG_CONFIG };
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = withPgClient(config, 'postgres', async (client) => {
      const pid = await backendPid(client);
      await firstHolds;
      return pid;
    }, undefined, { share: true });
    const second = withPgClient(config, 'postgres', backendPid, undefined, { share: true });
    const own = withPgClient(config, 'postgres', backendPid);
    const secondPid = await second;
    const ownPid = await own;
    releaseFirst();
    const firstPid = await first;

    expect(secondPid).toBe(firstPid);
    expect(ownPid).not.toBe(firstPid);
    expect(await backendGone(firstPid)).toBe(true);
    // Once everyone is done, the next shared caller connects afresh.
    const laterPid = await withPgClient(config, 'postgres', backendPid, undefined, { share: true });
    expect(laterPid).not.toBe(firstPid);
  });

  it('an abort ends the shared connection and rejects every caller sharing it as cancelled', async () => {
    const controller = new AbortController();
    const config = { ...PG_CONFIG };
    const sleeping = (client: { query: (sql: string) => Promise<unknown> }) => client.query('SELECT pg_sleep(3)');
    const calls = [
      withPgClient(config, 'postgres', sleeping, controller.signal, { share: true }),
      withPgClient(config, 'postgres', sleeping, controller.signal, { share: true }),
    ];
    // The query would take 3 s: rejecting sooner means the abort closed the connection under it.
    setTimeout(() => controller.abort(), 200);
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(CancelledError);
  });

  it('tests the database a run is about to read, when it names one', async () => {
    await expect(pgSource().test(undefined, 'postgres')).resolves.toMatchObject({ engine: 'postgres' });
    await expect(pgSource().test(undefined, 'lifeboat_no_such_database')).rejects.toThrow(/Database not found.*lifeboat_no_such_database/);
  });

  it('loads the driver without leaving a navigator global behind', async () => {
    const hadNavigator = 'navigator' in globalThis;
    const driver = await loadPgDriver();
    expect(typeof driver.Client).toBe('function');
    expect('navigator' in globalThis).toBe(hadNavigator);
    expect(await loadPgDriver()).toBe(driver);
  });
});
