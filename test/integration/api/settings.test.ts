import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsRepo } from '../../../src/db/repositories/settings.repo.js';
import { DIALECTS } from '../../support/app-db.js';
import { createAccessTestApp, type AccessTestApp } from '../../support/auth.js';

describe.each(DIALECTS)('general settings API on %s', (dialect) => {
  let t: AccessTestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await createAccessTestApp(dialect, { env: { TZ: 'Europe/Berlin' } });
    admin = await t.asGroup('administrator');
  });
  afterAll(async () => t?.dispose());

  it('answers defaults for values never set, the time zone from the server', async () => {
    const { status, body } = await t.call('GET', '/api/v1/settings', admin);
    expect(status).toBe(200);
    expect(body).toEqual({ maxConcurrentJobs: 2, workerLeaseSeconds: 120, defaultTimeZone: 'Europe/Berlin', defaultRetention: { keepLast: 7 } });
  });

  it('changes only what a PATCH names, under the keys the queue and workers read', async () => {
    const patched = await t.call('PATCH', '/api/v1/settings', admin, { maxConcurrentJobs: 5, defaultRetention: { keepDays: 30, gfs: { daily: 7 } } });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ maxConcurrentJobs: 5, workerLeaseSeconds: 120, defaultTimeZone: 'Europe/Berlin', defaultRetention: { keepDays: 30, gfs: { daily: 7 } } });
    const repo = new SettingsRepo(t.runtime.appDb.db);
    expect(await repo.get('maxConcurrentJobs')).toBe(5);
    expect(await repo.get('workerLeaseSeconds')).toBeUndefined();
  });

  it('refuses bad input with the reason and changes nothing', async () => {
    const bad = await t.call('PATCH', '/api/v1/settings', admin, { maxConcurrentJobs: 3, defaultTimeZone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([{ path: 'defaultTimeZone', message: expect.stringContaining('Unknown time zone "Mars/Olympus"') }]);
    expect((await t.call('PATCH', '/api/v1/settings', admin, { maxConcurrentJobs: 0 })).status).toBe(400);
    expect((await t.call('GET', '/api/v1/settings', admin)).body.maxConcurrentJobs).toBe(5);
  });

  it('lets operators read but only administrators change, and audits the change', async () => {
    const operator = await t.asGroup('operator');
    expect((await t.call('GET', '/api/v1/settings', operator)).status).toBe(200);
    expect((await t.call('PATCH', '/api/v1/settings', operator, { maxConcurrentJobs: 1 })).status).toBe(403);
    expect((await t.call('PATCH', '/api/v1/settings', admin, { workerLeaseSeconds: 300 })).body.workerLeaseSeconds).toBe(300);
    const audit = await t.call('GET', '/api/v1/audit?action=PATCH%20%2Fapi%2Fv1%2Fsettings', admin);
    expect(audit.body.map((e: { outcome: string }) => e.outcome).sort()).toEqual(['denied', 'failure', 'failure', 'success', 'success']);
  });
});
