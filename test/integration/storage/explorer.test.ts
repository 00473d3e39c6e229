import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Destination } from '../../../src/adapters/destinations/types.js';
import { sidecarKey } from '../../../src/domain/layout.js';
import { NotFoundError } from '../../../src/lib/errors.js';
import { serializeSidecar } from '../../../src/pipeline/sidecar.js';
import { deleteBackup } from '../../../src/services/storage/delete-backup.js';
import { startS3Server, type S3TestServer } from '../../support/servers/s3.js';
import { createTestApp } from '../../support/test-app.js';
import { fakeBackup, putBackups, type BackupSpec } from './seed-backups.js';

const J1 = { id: 'job-1', name: 'Nightly' };
const J2 = { id: 'job-2', name: 'Shop' };
const SPECS: BackupSpec[] = [
  { source: 'alpha', database: 'app', job: J1, startedAt: '2026-01-01T03:00:00Z' },
  { source: 'alpha', database: 'app', job: J1, startedAt: '2026-01-02T03:00:00Z' },
  { source: 'alpha', database: 'other', job: J1, startedAt: '2026-01-02T04:00:00Z' },
  { source: 'beta', engine: 'mysql', database: 'shop', job: J2, startedAt: '2026-01-03T03:00:00Z' },
  { source: 'beta', engine: 'mysql', database: 'shop', job: null, startedAt: '2026-01-04T03:00:00Z' },
];
const ORPHAN = 'alpha/app/2026-01-05_03-00-00.sql.zst';
const BROKEN = 'gamma/x/2026-01-01_00-00-00.sql.zst';

type Case = { name: string; dialect: 'sqlite' | 'postgres'; kind: 'local' | 's3' };
const CASES: Case[] = [
  { name: 'local folder, SQLite app DB', dialect: 'sqlite', kind: 'local' },
  { name: 'local folder, PostgreSQL app DB', dialect: 'postgres', kind: 'local' },
  { name: 'S3 server, SQLite app DB', dialect: 'sqlite', kind: 's3' },
];

describe.each(CASES)('storage explorer on $name', ({ dialect, kind }) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let s3: S3TestServer | undefined;
  let storage: Destination;
  let destinationId: string;
  let keys: string[];
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-explorer-'));
  const base = () => `/api/v1/destinations/${destinationId}/backups`;
  const list = async (query = '') => {
    const response = await t.call('GET', `${base()}${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    if (kind === 's3') s3 = await startS3Server();
    const config = s3
      ? { endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, prefix: 'lb/', forcePathStyle: true, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
      : { path: dir };
    const created = await t.call('POST', '/api/v1/destinations', { name: 'store', kind, config });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    destinationId = created.body.id;
    storage = (await t.services.destinations.open(destinationId)).destination;
    keys = await putBackups(storage, SPECS);
    await storage.put(ORPHAN, Readable.from([Buffer.from('interrupted upload')]));
    await storage.put(BROKEN, Readable.from([Buffer.from('x')]));
    await storage.put(sidecarKey(BROKEN), Readable.from([Buffer.from('{not json')]));
  });
  afterAll(async () => {
    await storage?.close();
    await t?.dispose();
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists backups from their sidecars, newest first, with orphans, problems and facet counts', async () => {
    const all = await list();
    expect(all.total).toBe(5);
    expect(all.items.map((b: { key: string }) => b.key)).toEqual([...keys].reverse());
    expect(all.items[0]).toMatchObject({ source: { name: 'beta', engine: 'mysql' }, database: 'shop', job: null, locked: false, sizeMismatch: false });
    expect(all.orphans).toEqual([expect.objectContaining({ key: ORPHAN, orphan: true, size: 18 })]);
    expect(all.problems).toEqual([{ key: sidecarKey(BROKEN), error: expect.stringMatching(/not valid JSON/) }]);
    expect(all.facets.source).toEqual([{ value: 'alpha', count: 3 }, { value: 'beta', count: 2 }]);
    expect(all.facets.job).toEqual([{ value: 'job-1', label: 'Nightly', count: 3 }, { value: 'job-2', label: 'Shop', count: 1 }, { value: null, count: 1 }]);

    const beta = await list('?source=beta');
    expect(beta.total).toBe(2);
    // A facet's own filter does not narrow its counts; the others' filters do.
    expect(beta.facets.source).toEqual(all.facets.source);
    expect(beta.facets.engine).toEqual([{ value: 'mysql', count: 2 }]);
    expect(beta.facets.database).toEqual([{ value: 'shop', count: 2 }]);

    expect((await list('?job=job-1&database=app')).total).toBe(2);
    expect((await list('?source=alpha&source=beta&engine=postgres')).total).toBe(3);
    const range = await list(`?from=${encodeURIComponent('2026-01-02T00:00:00Z')}&to=${encodeURIComponent('2026-01-03T12:00:00Z')}`);
    expect(range.items.map((b: { key: string }) => b.key)).toEqual([keys[3], keys[2], keys[1]]);
    expect((await list('?limit=2&offset=4')).items.map((b: { key: string }) => b.key)).toEqual([keys[0]]);
  });

  it('streams a download with its length and a readable file name; the sidecar too', async () => {
    const { content, sidecar } = fakeBackup(SPECS[1]!);
    const response = await t.app.request(`${base()}/download?key=${encodeURIComponent(keys[1]!)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(content.length));
    expect(response.headers.get('content-disposition')).toContain('filename="alpha_app_2026-01-02_03-00-00.sql.zst"');
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);

    const meta = await t.app.request(`${base()}/download?key=${encodeURIComponent(keys[1]!)}&sidecar=true`);
    expect(meta.headers.get('content-type')).toMatch(/json/);
    expect(JSON.parse(await meta.text())).toMatchObject({ source: sidecar.source, startedAt: sidecar.startedAt });
    expect((await t.call('GET', `${base()}/download?key=${encodeURIComponent('alpha/nope.sql')}`)).status).toBe(404);
    expect((await t.call('GET', `${base()}/download?key=${encodeURIComponent('../etc/passwd')}`)).status).toBe(400);
  });

  it('sums stored bytes and counts per source and database', async () => {
    const totals = (await t.call('GET', `${base()}/totals`)).body;
    const sizes = SPECS.map((s) => fakeBackup(s).content.length);
    expect(totals).toMatchObject({ count: 5, bytes: sizes.reduce((a, b) => a + b, 0), orphans: { count: 1, bytes: 18 } });
    expect(totals.bySource.find((s: { source: string }) => s.source === 'alpha')).toMatchObject({ count: 3, bytes: sizes[0]! + sizes[1]! + sizes[2]! });
    expect(totals.byDatabase).toHaveLength(3);
  });

  it('refuses to delete a locked backup with 409 until it is unlocked', async () => {
    const key = encodeURIComponent(keys[0]!);
    const locked = await t.call('PUT', `${base()}/lock?key=${key}`, { note: 'audit 2026' });
    expect(locked.status).toBe(200);
    expect(locked.body).toMatchObject({ artifactKey: keys[0], lockedBy: 'administrator@example.test', note: 'audit 2026' });
    expect((await list('?job=job-1&database=app')).items[1]).toMatchObject({ key: keys[0], locked: true });

    const refused = await t.call('DELETE', `${base()}?key=${key}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/is locked by administrator@example\.test .*unlock it before deleting it/);
    await expect(storage.stat(sidecarKey(keys[0]!))).resolves.toBeDefined();

    expect((await t.call('PUT', `${base()}/lock?key=${encodeURIComponent('alpha/app/none.sql.zst')}`)).status).toBe(404);
    expect((await t.call('DELETE', `${base()}/lock?key=${key}`)).status).toBe(204);
    const deleted = await t.call('DELETE', `${base()}?key=${key}`);
    expect(deleted.body).toEqual({ deleted: [sidecarKey(keys[0]!), keys[0]] });
    await expect(storage.stat(keys[0]!)).rejects.toBeInstanceOf(NotFoundError);
    await expect(storage.stat(sidecarKey(keys[0]!))).rejects.toBeInstanceOf(NotFoundError);
    expect((await t.call('DELETE', `${base()}?key=${key}`)).status).toBe(404);
  });

  it('deletes the sidecar before the artifact, so a half-delete shows an orphan, not a backup', async () => {
    const calls: string[] = [];
    const recording = new Proxy(storage, {
      get: (target, prop, receiver) => (prop === 'delete' ? async (k: string) => { calls.push(k); await target.delete(k); } : Reflect.get(target, prop, receiver)),
    });
    const [extra] = await putBackups(storage, [{ source: 'alpha', database: 'tmp', startedAt: '2025-06-01T00:00:00Z' }]);
    await deleteBackup(recording, extra!);
    expect(calls).toEqual([sidecarKey(extra!), extra]);

    const [half] = await putBackups(storage, [{ source: 'alpha', database: 'tmp', startedAt: '2025-06-02T00:00:00Z' }]);
    await storage.delete(sidecarKey(half!));
    const after = await list();
    expect(after.items.map((b: { key: string }) => b.key)).not.toContain(half);
    expect(after.orphans.map((o: { key: string }) => o.key)).toContain(half);
    expect((await t.call('DELETE', `${base()}?key=${encodeURIComponent(half!)}`)).body).toEqual({ deleted: [half] });
  });

  it('serves sidecars from the cache only while storage reports them unchanged', async () => {
    const cold = await list('?refresh=true');
    expect(cold.stats.cacheHits).toBe(0);
    const warm = await list();
    // The broken sidecar is read each time (never cached): it stays listed as a problem.
    expect(warm.stats).toMatchObject({ cacheHits: warm.total, sidecars: warm.total + 1 });

    // A sidecar rewritten behind Lifeboat's back is read again.
    const renamed = fakeBackup(SPECS[1]!);
    renamed.sidecar.job = { id: 'job-1', name: 'Nightly (renamed)' };
    await storage.put(sidecarKey(keys[1]!), Readable.from([serializeSidecar(renamed.sidecar)]));
    const reread = await list();
    expect(reread.stats.cacheHits).toBe(warm.total - 1);
    expect(reread.items.find((b: { key: string }) => b.key === keys[1])).toMatchObject({ backupId: renamed.sidecar.backupId, job: { name: 'Nightly (renamed)' } });

    // An artifact replaced behind Lifeboat's back shows what storage holds now.
    await storage.put(keys[2]!, Readable.from([Buffer.from('something else entirely, longer than before')]));
    const changed = (await list()).items.find((b: { key: string }) => b.key === keys[2]);
    expect(changed).toMatchObject({ storedSize: 43, sizeMismatch: true });

    // An artifact that disappears takes its backup with it; the orphaned sidecar's cache row is dropped.
    await storage.delete(keys[3]!);
    const gone = await list();
    expect(gone.items.map((b: { key: string }) => b.key)).not.toContain(keys[3]);
    expect(gone.problems).toContainEqual({ key: sidecarKey(keys[3]!), error: 'Sidecar without its artifact' });
    expect(gone.stats.dropped).toBe(1);
    const cached = await t.services.storage.cache.all(destinationId);
    expect([...cached.keys()].sort()).toEqual(gone.items.map((b: { sidecarKey: string }) => b.sidecarKey).sort());
  });
});

describe('storage explorer permissions', () => {
  it('lets a viewer list but not delete or lock', async () => {
    const t = await createTestApp('sqlite', { group: 'viewer' });
    const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-explorer-'));
    try {
      const id = (await t.services.destinations.create({ name: 'store', kind: 'local', config: { path: dir } })).id;
      expect((await t.call('GET', `/api/v1/destinations/${id}/backups`)).status).toBe(200);
      expect((await t.call('DELETE', `/api/v1/destinations/${id}/backups?key=a/b/c.sql`)).status).toBe(403);
      expect((await t.call('PUT', `/api/v1/destinations/${id}/backups/lock?key=a/b/c.sql`)).status).toBe(403);
    } finally {
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
