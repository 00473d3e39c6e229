import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/config/secret-box.js';
import { SettingsRepo } from '../../src/db/repositories/settings.repo.js';
import { toNumber } from '../../src/db/dialect.js';
import { resealAll, verifySystemKey } from '../../src/services/system-key.service.js';
import { DIALECTS, createTestAppDb } from '../support/app-db.js';

describe.each(DIALECTS)('app database on %s', (dialect) => {
  let app: Awaited<ReturnType<typeof createTestAppDb>>;
  beforeAll(async () => {
    app = await createTestAppDb(dialect);
  });
  afterAll(() => app?.dispose());

  it('stores settings as JSON', async () => {
    const settings = new SettingsRepo(app.db);
    await settings.set('maxConcurrentJobs', 4);
    await settings.set('maxConcurrentJobs', 2);
    expect(await settings.get('maxConcurrentJobs')).toBe(2);
  });

  it('keeps execution log ids increasing and counts as numbers', async () => {
    const id = randomUUID();
    const now = new Date().toISOString();
    await app.db.insertInto('executions').values({ id, type: 'backup', status: 'running', trigger: 'manual', job_id: null, source_id: null, attempt: 1, queued_at: now, started_at: now, finished_at: null, progress: null, result: null, error: null }).execute();
    for (const message of ['one', 'two']) {
      await app.db.insertInto('execution_logs').values({ execution_id: id, at: now, level: 'info', step: null, message }).execute();
    }
    const rows = await app.db.selectFrom('execution_logs').select(['id', 'message']).where('execution_id', '=', id).orderBy('id').execute();
    expect(rows.map((r) => r.message)).toEqual(['one', 'two']);
    const { count } = await app.db.selectFrom('execution_logs').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
    expect(toNumber(count as string | number)).toBe(2);
  });

  it('refuses a wrong system key and re-seals every secret under a new one', async () => {
    const first = SecretBox.fromKey(randomBytes(32));
    await verifySystemKey(app.db, first);
    const now = new Date().toISOString();
    await app.db.insertInto('sources').values({ id: randomUUID(), name: `s-${dialect}`, kind: 'postgres', config: '{}', secrets: first.encryptJson({ password: 'p@ss' }), environment: null, active: 1, created_at: now, updated_at: now }).execute();

    const stranger = SecretBox.fromKey(randomBytes(32));
    await expect(verifySystemKey(app.db, stranger)).rejects.toThrow(/cannot decrypt the stored secrets/);

    const next = SecretBox.fromKey(randomBytes(32));
    expect(await resealAll(app.db, first, next)).toBe(1);
    await verifySystemKey(app.db, next);
    await expect(verifySystemKey(app.db, first)).rejects.toThrow();
    const row = await app.db.selectFrom('sources').select('secrets').executeTakeFirstOrThrow();
    expect(next.decryptJson(row.secrets!)).toEqual({ password: 'p@ss' });
  });

  it('lets several processes start on a fresh database at once with the same key', async () => {
    const fresh = await createTestAppDb(dialect);
    try {
      const key = SecretBox.fromKey(randomBytes(32));
      // Each call is a worker's start-up: all of them see no check yet, and all must start.
      await Promise.all(Array.from({ length: 6 }, () => verifySystemKey(fresh.db, key)));
      await expect(verifySystemKey(fresh.db, SecretBox.fromKey(randomBytes(32)))).rejects.toThrow(/cannot decrypt/);
    } finally {
      await fresh.dispose();
    }
  });

  it('changes nothing when a secret cannot be opened during rotation', async () => {
    const key = SecretBox.fromKey(randomBytes(32));
    await expect(resealAll(app.db, key, SecretBox.fromKey(randomBytes(32)))).rejects.toThrow();
    const row = await app.db.selectFrom('sources').select('secrets').executeTakeFirstOrThrow();
    expect(row.secrets).toMatch(/^v1:/);
  });
});
