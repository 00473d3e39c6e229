import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Destination } from '../../../src/adapters/destinations/types.js';
import { runRestore } from '../../../src/pipeline/restore.js';
import type { CatalogBackup } from '../../../src/pipeline/catalog.js';
import { createDatabase, fingerprintPostgres, pgSource } from '../../support/postgres-fixture.js';

/** Every file under a folder, as paths relative to it. */
export function walkFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** What a local destination folder holds on disk, by kind of file. */
export function classifyFolder(root: string) {
  const files = walkFiles(root);
  const sidecars = files.filter((f) => f.endsWith('.meta.json'));
  const temporary = files.filter((f) => /\.partial-[A-Za-z0-9]+$/.test(f));
  const artifacts = files.filter((f) => !f.endsWith('.meta.json') && !temporary.includes(f));
  const withoutSidecar = artifacts.filter((a) => !sidecars.includes(`${a}.meta.json`));
  return { files, sidecars, temporary, artifacts, withoutSidecar };
}

/** Reads the stored artifact and checks it against its sidecar: the size and sha256 of the stored bytes. */
export async function verifyStored(destination: Destination, backup: CatalogBackup): Promise<boolean> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of await destination.get(backup.key)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return size === backup.sidecar.artifact.size && hash.digest('hex') === backup.sidecar.artifact.sha256;
}

/** Restores a backup into a fresh database and says whether its data equals the expected fingerprint. */
export async function restoresTo(destination: Destination, backup: CatalogBackup, expected: Awaited<ReturnType<typeof fingerprintPostgres>>, name: string): Promise<boolean> {
  const target = await createDatabase(name);
  try {
    await runRestore({ destination, sidecarKey: backup.sidecarKey, sidecar: backup.sidecar, target: pgSource(), options: { database: target.name }, signal: new AbortController().signal });
    return JSON.stringify(await fingerprintPostgres(target.name)) === JSON.stringify(expected);
  } finally {
    await target.cleanup();
  }
}
