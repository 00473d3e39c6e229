import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIdentity, parseIdentityFile, recipientFingerprint, recipientFromIdentity } from '../../../src/pipeline/stages/encrypt.js';
import { SEALED_COLUMNS } from '../../../src/db/sealed-columns.js';
import { SecretBox } from '../../../src/config/secret-box.js';
import { systemClock } from '../../../src/lib/clock.js';
import { createLogger } from '../../../src/lib/logger.js';
import { EncryptionProfilesService } from '../../../src/services/encryption/index.js';
import { resealAll } from '../../../src/services/system-key.service.js';
import { PG_CONFIG } from '../../support/postgres-fixture.js';
import { DIALECTS, createTestAppDb } from '../../support/app-db.js';
import { createTestApp } from '../../support/test-app.js';

const PASSPHRASE = 'a passphrase nobody may see 7f3a';

/** Encryption profiles through the API: kinds, redaction, recovery kit, in-use protection, secrets sealed at rest. */
describe.each(DIALECTS)('encryption profiles API on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-enc-api-'));
  const offline = generateIdentity();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates each kind and never returns a private key or passphrase', async () => {
    const generated = await t.call('POST', '/api/v1/encryption-profiles', { name: 'team', kind: 'generated', recipients: [offline.recipient] });
    expect(generated.status, JSON.stringify(generated.body)).toBe(201);
    expect(generated.body).toMatchObject({ kind: 'generated', identity: '[redacted]', passphrase: null, canDecrypt: true, usedBy: [] });
    expect(generated.body.recipients).toHaveLength(2);
    expect(generated.body.recipients[0]).toMatchObject({ own: true, fingerprint: recipientFingerprint(generated.body.recipients[0].recipient) });
    expect(generated.body.recipients[1]).toEqual({ recipient: offline.recipient, fingerprint: recipientFingerprint(offline.recipient), own: false });

    const writeOnly = await t.call('POST', '/api/v1/encryption-profiles', { name: 'vault', kind: 'recipients', recipients: [offline.recipient] });
    expect(writeOnly.body).toMatchObject({ kind: 'recipients', identity: null, passphrase: null, canDecrypt: false });
    const passphrase = await t.call('POST', '/api/v1/encryption-profiles', { name: 'words', kind: 'passphrase', passphrase: PASSPHRASE });
    expect(passphrase.body).toMatchObject({ kind: 'passphrase', identity: null, passphrase: '[redacted]', recipients: [], canDecrypt: true });
    Object.assign(ids, { generated: generated.body.id, writeOnly: writeOnly.body.id, passphrase: passphrase.body.id });

    const listed = JSON.stringify((await t.call('GET', '/api/v1/encryption-profiles')).body);
    expect(listed).not.toMatch(/AGE-SECRET-KEY/);
    expect(listed).not.toContain(PASSPHRASE);
  });

  it('refuses invalid input with field-level issues', async () => {
    const bad = await t.call('POST', '/api/v1/encryption-profiles', { name: 'bad', kind: 'recipients', recipients: ['age1notakey'] });
    expect(bad.status).toBe(400);
    const empty = await t.call('POST', '/api/v1/encryption-profiles', { name: 'bad', kind: 'recipients', recipients: [] });
    expect(empty.status).toBe(400);
    const short = await t.call('POST', '/api/v1/encryption-profiles', { name: 'bad', kind: 'passphrase', passphrase: 'short' });
    expect(short.status).toBe(400);
    const clash = await t.call('POST', '/api/v1/encryption-profiles', { name: 'team', kind: 'generated' });
    expect(clash.status).toBe(409);
    const onPassphrase = await t.call('PATCH', `/api/v1/encryption-profiles/${ids.passphrase}`, { recipients: [offline.recipient] });
    expect(onPassphrase.status).toBe(400);
  });

  it('renames and changes added recipients, keeping the generated key', async () => {
    const renamed = await t.call('PATCH', `/api/v1/encryption-profiles/${ids.generated}`, { name: 'team key', recipients: [] });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('team key');
    expect(renamed.body.recipients.map((r: { own: boolean }) => r.own)).toEqual([true]);
  });

  it('serves a recovery kit that holds the identity, to encryption:write only', async () => {
    const response = await t.app.request(`/api/v1/encryption-profiles/${ids.generated}/recovery-kit`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="lifeboat-recovery-kit-team_key.txt"/);
    const [identity] = parseIdentityFile(await response.text());
    const profile = (await t.call('GET', `/api/v1/encryption-profiles/${ids.generated}`)).body;
    expect(recipientFingerprint(recipientFromIdentity(identity!))).toBe(profile.recipients[0].fingerprint);

    const viewer = await createTestApp(dialect, { group: 'viewer' });
    try {
      expect((await viewer.call('GET', '/api/v1/encryption-profiles')).status).toBe(200);
      expect((await viewer.call('GET', '/api/v1/encryption-profiles/x/recovery-kit')).status).toBe(403);
      expect((await viewer.call('POST', '/api/v1/encryption-profiles', { name: 'v', kind: 'generated' })).status).toBe(403);
    } finally {
      await viewer.dispose();
    }
  });

  it('validates a job\'s profile and refuses to delete a profile in use, naming the job', async () => {
    const source = await t.call('POST', '/api/v1/sources', { name: 'pg', kind: 'postgres', config: { ...PG_CONFIG } });
    const destination = await t.call('POST', '/api/v1/destinations', { name: 'disk', kind: 'local', config: { path: dir } });
    const job = { name: 'nightly', sourceId: source.body.id, destinationIds: [destination.body.id] };
    const unknown = await t.call('POST', '/api/v1/jobs', { ...job, encryptionProfileId: 'no-such-profile' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/No encryption profile/);
    const created = await t.call('POST', '/api/v1/jobs', { ...job, encryptionProfileId: ids.writeOnly });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const refused = await t.call('DELETE', `/api/v1/encryption-profiles/${ids.writeOnly}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/used by job "nightly"/);
    expect((await t.call('GET', `/api/v1/encryption-profiles/${ids.writeOnly}`)).body.usedBy).toEqual([{ id: created.body.id, name: 'nightly' }]);

    await t.call('PATCH', `/api/v1/jobs/${created.body.id}`, { encryptionProfileId: null });
    expect((await t.call('DELETE', `/api/v1/encryption-profiles/${ids.writeOnly}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/encryption-profiles/${ids.writeOnly}`)).status).toBe(404);
  });

  it('stores identities and passphrases only sealed with the system key', async () => {
    const kit = await (await t.app.request(`/api/v1/encryption-profiles/${ids.generated}/recovery-kit`)).text();
    const [identity] = parseIdentityFile(kit);
    const { rows } = await sql<Record<string, unknown>>`select * from encryption_profiles`.execute(t.runtime.appDb.db);
    expect(rows.length).toBeGreaterThan(0);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(identity);
    expect(dump).not.toContain(PASSPHRASE);
    expect(SEALED_COLUMNS.filter((c) => c.table === 'encryption_profiles').map((c) => c.column).sort()).toEqual(['identity', 'passphrase']);
    if (dialect !== 'sqlite') return;
    const { rows: files } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(t.runtime.appDb.db);
    const bytes = Buffer.concat([files[0]!.file, `${files[0]!.file}-wal`].filter(existsSync).map((file) => readFileSync(file)));
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(identity!))).toBe(false);
    expect(bytes.includes(Buffer.from(identity!.toLowerCase()))).toBe(false);
    expect(bytes.includes(Buffer.from(PASSPHRASE))).toBe(false);
  });
});


describe('encryption profile logs', () => {
  it('record kit downloads and never a key or passphrase', async () => {
    const appDb = await createTestAppDb('sqlite');
    let output = '';
    const sink = new Writable({ write(chunk, _encoding, done) { output += String(chunk); done(); } });
    const service = new EncryptionProfilesService({ db: appDb.db, box: SecretBox.fromKey(randomBytes(32)), clock: systemClock, logger: createLogger({ destination: sink }) });
    try {
      const generated = await service.create({ name: 'g', kind: 'generated' });
      const words = await service.create({ name: 'w', kind: 'passphrase', passphrase: PASSPHRASE });
      const kit = await service.recoveryKit(generated.id, 'admin@example.test');
      await service.recoveryKit(words.id, 'admin@example.test');
      const [identity] = parseIdentityFile(kit.text);
      expect(output).toMatch(/Encryption recovery kit downloaded.*admin@example.test|admin@example.test.*Encryption recovery kit downloaded/);
      expect(output).not.toContain(identity);
      expect(output).not.toContain(PASSPHRASE);
    } finally {
      await appDb.dispose();
    }
  });
});

describe('system key rotation', () => {
  it('re-seals profile identities and passphrases', async () => {
    const appDb = await createTestAppDb('sqlite');
    const first = SecretBox.fromKey(randomBytes(32));
    const next = SecretBox.fromKey(randomBytes(32));
    const deps = { db: appDb.db, clock: systemClock, logger: createLogger({ level: 'silent' }) };
    try {
      const before = new EncryptionProfilesService({ ...deps, box: first });
      const generated = await before.create({ name: 'g', kind: 'generated' });
      await before.create({ name: 'w', kind: 'passphrase', passphrase: PASSPHRASE });
      await before.create({ name: 'r', kind: 'recipients', recipients: [generateIdentity().recipient] });
      const kit = (await before.recoveryKit(generated.id)).text;
      expect(await resealAll(appDb.db, first, next)).toBe(2);
      const after = new EncryptionProfilesService({ ...deps, box: next });
      expect(parseIdentityFile((await after.recoveryKit(generated.id)).text)).toEqual(parseIdentityFile(kit));
    } finally {
      await appDb.dispose();
    }
  });
});
