import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../support/test-app.js';
import type { DialectUnderTest } from '../../support/app-db.js';
import { seedLocalFolder } from './seed-backups.js';

/**
 * Thousands of sidecars on one destination: the first listing reads them all, later ones come from the
 * app-database cache. Figures are printed for the record; no timing is asserted (machines differ).
 * LIFEBOAT_LISTING_COUNT / LIFEBOAT_LISTING_DIALECT change the size and the app database.
 */
const COUNT = Number(process.env.LIFEBOAT_LISTING_COUNT ?? 2000);
const DIALECT = (process.env.LIFEBOAT_LISTING_DIALECT ?? 'sqlite') as DialectUnderTest;

describe(`listing ${COUNT} backups on a local destination (${DIALECT} app DB)`, () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let id: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-scale-'));

  beforeAll(async () => {
    await seedLocalFolder(dir, COUNT);
    t = await createTestApp(DIALECT);
    id = (await t.services.destinations.create({ name: 'many', kind: 'local', config: { path: dir } })).id;
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every sidecar once, then serves them from the cache', async () => {
    const timed = async (query: string) => {
      const started = performance.now();
      const response = await t.call('GET', `/api/v1/destinations/${id}/backups${query}`);
      return { ms: Math.round(performance.now() - started), body: response.body };
    };
    const cold = await timed('?limit=50');
    const warm = [await timed('?limit=50'), await timed('?limit=50&source=source-1&engine=postgres'), await timed('?limit=50')];
    const refreshed = await timed('?limit=50&refresh=true');
    expect(cold.body).toMatchObject({ total: COUNT, stats: { cacheHits: 0, sidecars: COUNT } });
    for (const w of warm) expect(w.body.stats.cacheHits).toBe(COUNT);
    expect(refreshed.body.stats.cacheHits).toBe(0);
    expect(warm[1]!.body.facets.source).toHaveLength(5);
    const started = performance.now();
    await t.services.storage.cache.all(id);
    const cacheRead = Math.round(performance.now() - started);
    console.log(`[listing ${COUNT} backups, ${DIALECT}] cold ${cold.ms} ms (scan ${cold.body.stats.millis} ms); cached ${warm.map((w) => `${w.ms} ms (scan ${w.body.stats.millis} ms)`).join(', ')}; refresh=true ${refreshed.ms} ms; reading the ${COUNT} cache rows alone ${cacheRead} ms`);
  });
});
