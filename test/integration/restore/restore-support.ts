import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalDestination } from '../../../src/adapters/destinations/local/local.destination.js';
import type { Destination } from '../../../src/adapters/destinations/types.js';
import type { Source, TableStatsLevel } from '../../../src/adapters/sources/types.js';
import { sidecarKey } from '../../../src/domain/layout.js';
import { systemClock } from '../../../src/lib/clock.js';
import { runBackup, type EncryptionSlot } from '../../../src/pipeline/backup.js';
import { createEncryptStage } from '../../../src/pipeline/stages/encrypt.js';
import { generateIdentity, recipientFingerprint } from '../../../src/pipeline/stages/age/keys.js';
import { startBackgroundWork } from '../../../src/main/background.js';
import { createTestApp } from '../../support/test-app.js';
import { MARIADB_ADMIN } from '../../support/databases.js';
import { PG_CONFIG } from '../../support/postgres-fixture.js';

/** A folder on disk as a destination: the test reads and alters stored bytes directly. */
export function localFolder() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-restore-'));
  const destination: Destination = new LocalDestination(dir);
  return { dir, destination, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function encryptionSlot() {
  const generated = generateIdentity();
  const slot: EncryptionSlot = {
    transform: () => createEncryptStage({ recipients: [generated.recipient] }).transform(),
    info: { algorithm: 'age', profileId: null, recipients: [recipientFingerprint(generated.recipient)], passphrase: false },
  };
  return { identity: generated.identity, slot };
}

/** Backs up one database into the folder; returns the artifact key. */
export async function backUp(source: Source, destination: Destination, database: string, encryption?: EncryptionSlot, tableStats: TableStatsLevel = 'estimates'): Promise<string> {
  const outcome = await runBackup({
    source, sourceName: 'machine', dump: { database, mode: 'full', tableStats }, destinations: [{ name: 'disk', destination }],
    compression: { algorithm: 'zstd', level: 3 }, encryption, clock: systemClock, signal: new AbortController().signal,
  });
  if (outcome.status !== 'succeeded') throw new Error(`backup failed: ${outcome.error}`);
  return outcome.destinations[0]!.key;
}

/** Rewrites fields of a stored sidecar (a sidecar that claims a newer server, wrong row counts...). */
export function editSidecar(dir: string, key: string, edit: (sidecar: Record<string, any>) => void): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const file = path.join(dir, sidecarKey(key));
  const sidecar = JSON.parse(readFileSync(file, 'utf8'));
  edit(sidecar);
  writeFileSync(file, JSON.stringify(sidecar));
}

export function flipByte(dir: string, key: string, offset: number): void {
  const file = path.join(dir, key);
  const bytes = readFileSync(file);
  bytes[offset % bytes.length]! ^= 0x01;
  writeFileSync(file, bytes);
}

export function truncate(dir: string, key: string, keep: number): void {
  const file = path.join(dir, key);
  const bytes = readFileSync(file);
  writeFileSync(file, bytes.subarray(0, Math.min(keep, Math.floor(bytes.length / 2))));
}

/** The whole app with its queue, a PostgreSQL and a MariaDB source and the folder as a destination. */
export async function restoreApp(dir: string) {
  const t = await createTestApp('sqlite');
  const background = await startBackgroundWork(t.runtime, t.services, { scheduler: false, pollMs: 100 });
  const pg = await t.call('POST', '/api/v1/sources', { name: 'machine postgres', kind: 'postgres', config: { ...PG_CONFIG } });
  const my = await t.call('POST', '/api/v1/sources', { name: 'machine mariadb', kind: 'mysql', config: { ...MARIADB_ADMIN } });
  const disk = await t.call('POST', '/api/v1/destinations', { name: 'disk', kind: 'local', config: { path: dir } });
  if (pg.status !== 201 || my.status !== 201 || disk.status !== 201) throw new Error(`set-up failed: ${JSON.stringify([pg.body, my.body, disk.body])}`);
  return {
    ...t,
    pgId: pg.body.id as string,
    mysqlId: my.body.id as string,
    diskId: disk.body.id as string,
    restore: (body: Record<string, unknown>) => t.call('POST', '/api/v1/restores?wait=true', body),
    async stop() {
      await background.stop();
      await t.dispose();
    },
  };
}
