import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Destination } from '../../../src/adapters/destinations/types.js';
import { FakeClock } from '../../../src/lib/clock.js';
import { scanDestination } from '../../../src/pipeline/catalog.js';
import { runPrune, type PruneFlags } from '../../../src/main/commands/prune.commands.js';
import { runLifeboat } from '../../support/cli.js';
import { PG_CONFIG } from '../../support/postgres-fixture.js';
import { startS3Server, type S3TestServer } from '../../support/servers/s3.js';
import { createTestApp } from '../../support/test-app.js';
import { putBackups, type BackupSpec } from '../storage/seed-backups.js';

const NOW = '2026-03-10T12:00:00Z';
const day = (n: number, hour = '02:30') => new Date(Date.parse(`2026-03-10T${hour}:00Z`) - n * 86_400_000).toISOString();
const keysOf = (rows: { key: string }[]) => rows.map((r) => r.key).sort();

describe.each(['local', 's3'] as const)('retention on a %s destination', (kind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let s3: S3TestServer | undefined;
  let storage: Destination;
  let destinationId: string;
  let job: { id: string; name: string };
  let url: string;
  const env: Record<string, string> = {};
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-retention-'));
  const storedKeys = async () => keysOf((await scanDestination(storage)).backups);

  beforeAll(async () => {
    t = await createTestApp('sqlite', { clock: new FakeClock(NOW) });
    if (kind === 's3') {
      s3 = await startS3Server();
      url = `s3://${s3.bucket}/r?endpoint=${encodeURIComponent(s3.endpoint)}&region=${s3.region}&path_style=1`;
      Object.assign(env, { AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.secretAccessKey });
    } else {
      url = dir;
    }
    const config = s3
      ? { endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, prefix: 'r/', forcePathStyle: true, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
      : { path: dir };
    destinationId = (await t.call('POST', '/api/v1/destinations', { name: 'store', kind, config })).body.id;
    const sourceId = (await t.call('POST', '/api/v1/sources', { name: 'pg', kind: 'postgres', config: { ...PG_CONFIG } })).body.id;
    const created = await t.call('POST', '/api/v1/jobs', {
      name: 'nightly', sourceId, destinationIds: [destinationId], schedule: { cron: '30 3 * * *', timeZone: 'Europe/Berlin' },
      retention: { keepLast: 2, gfs: { daily: 4, weekly: 2 } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    job = { id: created.body.id, name: 'nightly' };
    storage = (await t.services.destinations.open(destinationId)).destination;
    const specs: BackupSpec[] = [
      // Daily backups of one database for 20 days, plus a second one on the newest day.
      ...Array.from({ length: 20 }, (_, n) => ({ source: 'pg', database: 'app', job, startedAt: day(n) })),
      { source: 'pg', database: 'app', job, startedAt: day(0, '09:00') },
      // Another series of the same job: planned on its own.
      ...[15, 16, 17].map((n) => ({ source: 'pg', database: 'other', job, startedAt: day(n) })),
      // Other jobs' and ad-hoc backups are never touched by this job's retention.
      ...[30, 31, 32].map((n) => ({ source: 'pg', database: 'app', job: { id: 'someone-else', name: 'x' }, startedAt: day(n) })),
      { source: 'pg', database: 'app', job: null, startedAt: day(40) },
    ];
    await putBackups(storage, specs);
  });
  afterAll(async () => {
    await storage?.close();
    await t?.dispose();
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("previews with reasons, keeps locked backups, and deletes exactly what the preview listed", async () => {
    const lockedKey = (await storedKeys()).find((k) => k.includes('/app/') && k.includes(day(12).slice(0, 10)))!;
    expect((await t.call('PUT', `/api/v1/destinations/${destinationId}/backups/lock?key=${encodeURIComponent(lockedKey)}`)).status).toBe(200);

    const before = await storedKeys();
    const preview = await t.call('POST', `/api/v1/jobs/${job.id}/retention/preview`);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ timeZone: 'Europe/Berlin', policy: { keepLast: 2 } });
    const [plan] = preview.body.destinations;
    expect(plan.error).toBeNull();
    // 21 + 3 of this job: keep last 2 + 4 days (the newest day's 2 count once) + 2 weeks + locked, and each series' newest.
    expect(plan.keep.find((k: { key: string }) => k.key === lockedKey).reasons).toContain('locked');
    expect(plan.keep.find((k: { database: string }) => k.database === 'other').reasons).toContain('newest successful');
    const toDelete = keysOf(plan.delete);
    expect(toDelete.length).toBeGreaterThan(10);
    expect(plan.keep.length + plan.delete.length).toBe(24);
    expect(toDelete).not.toContain(lockedKey);

    // Another policy previewed before saving it: nothing changes on storage.
    const stricter = await t.call('POST', `/api/v1/jobs/${job.id}/retention/preview`, { policy: { keepLast: 1 } });
    expect(stricter.body.destinations[0].delete.length).toBeGreaterThan(toDelete.length);
    expect((await t.call('POST', `/api/v1/jobs/${job.id}/retention/preview`, { policy: { keepLast: -1 } })).status).toBe(400);
    expect(await storedKeys()).toEqual(before);

    const lines: string[] = [];
    const result = await t.services.retention.run(await t.services.jobs.get(job.id), async (message) => void lines.push(message));
    expect(result).toEqual({ deleted: toDelete.length, failed: 0, freedBytes: plan.summary.freedBytes, destinations: ['store'] });
    expect(await storedKeys()).toEqual(before.filter((k) => !toDelete.includes(k)));
    for (const key of toDelete) expect(lines).toContain(`Retention deleted ${key} (${plan.delete.find((d: { key: string }) => d.key === key).startedAt})`);
    expect((await t.call('POST', `/api/v1/jobs/${job.id}/retention/preview`)).body.destinations[0].delete).toEqual([]);
  });

  it('lifeboat prune deletes exactly what its dry run listed', async () => {
    const before = await storedKeys();
    const prune = async (flags: Partial<PruneFlags>) => {
      let out = '';
      await withEnv(env, () => runPrune({ from: url, policy: '', timeZone: 'UTC', json: true, ...flags } as PruneFlags, (text) => void (out += text)));
      return JSON.parse(out);
    };
    expect((await prune({ policy: 'keep-last=3', job: 'someone-else', dryRun: true })).delete).toEqual([]);
    const planned = await prune({ policy: '{"keepLast":1}', source: 'pg', timeZone: 'Europe/Berlin', dryRun: true });
    expect(planned.delete.length).toBeGreaterThan(0);
    expect(await storedKeys()).toEqual(before);

    const args = ['prune', '--from', url, '--policy', 'keep-last=1', '--source', 'pg', '--time-zone', 'Europe/Berlin', '--json'];
    // The command line itself once (starting it costs seconds); the same code in-process otherwise.
    const done = kind === 'local' ? JSON.parse((await runLifeboat(args, env)).stdout) : await prune({ policy: 'keep-last=1', source: 'pg', timeZone: 'Europe/Berlin' });
    expect(done.deleted.sort()).toEqual(keysOf(planned.delete));
    expect(await storedKeys()).toEqual(before.filter((k) => !done.deleted.includes(k)));
  });
});

async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
