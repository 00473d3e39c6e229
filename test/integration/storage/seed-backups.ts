import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Destination } from '../../../src/adapters/destinations/types.js';
import { artifactKey, sidecarKey } from '../../../src/domain/layout.js';
import { serializeSidecar, type Sidecar } from '../../../src/pipeline/sidecar.js';

export interface BackupSpec {
  source?: string;
  engine?: string;
  database?: string | null;
  job?: { id: string; name: string } | null;
  startedAt: string;
  /** Artifact bytes; default: a few bytes naming the backup. */
  content?: Buffer;
  prefix?: string;
}

/** The artifact key and sidecar a real backup with these facts would have. */
export function fakeBackup(spec: BackupSpec): { key: string; content: Buffer; sidecar: Sidecar } {
  const source = spec.source ?? 'alpha';
  const database = spec.database === undefined ? 'app' : spec.database;
  const key = artifactKey({ source, database: database ?? undefined, startedAt: new Date(spec.startedAt), extension: 'sql.zst' }, spec.prefix);
  const content = spec.content ?? Buffer.from(`backup of ${source}/${database} at ${spec.startedAt}\n`);
  const sidecar: Sidecar = {
    formatVersion: 1,
    lifeboatVersion: '0.0.0-test',
    backupId: randomUUID(),
    artifact: { name: path.posix.basename(key), size: content.length, sha256: createHash('sha256').update(content).digest('hex') },
    source: { name: source, engine: spec.engine ?? 'postgres', serverVersion: '16.0' },
    database,
    kind: 'database',
    dump: { format: 'plain', mode: 'full' },
    job: spec.job === undefined ? null : spec.job,
    startedAt: new Date(spec.startedAt).toISOString(),
    finishedAt: new Date(new Date(spec.startedAt).getTime() + 1000).toISOString(),
    compression: { algorithm: 'zstd', level: 3 },
    encryption: null,
    tables: null,
  };
  return { key, content, sidecar };
}

/** Writes backups through a destination (artifact, then sidecar: as the pipeline does). */
export async function putBackups(destination: Destination, specs: BackupSpec[]): Promise<string[]> {
  const keys: string[] = [];
  for (const spec of specs) {
    const { key, content, sidecar } = fakeBackup(spec);
    await destination.put(key, Readable.from([content]));
    await destination.put(sidecarKey(key), Readable.from([serializeSidecar(sidecar)]));
    keys.push(key);
  }
  return keys;
}

/** Many small backups straight into a local folder (fast, for the listing measurement). */
export async function seedLocalFolder(root: string, count: number): Promise<void> {
  const start = Date.parse('2024-01-01T00:00:00Z');
  const folders = new Set<string>();
  const files: [string, Buffer][] = [];
  for (let i = 0; i < count; i += 1) {
    const { key, content, sidecar } = fakeBackup({
      source: `source-${i % 5}`, database: `db-${i % 20}`, job: { id: `job-${i % 5}`, name: `Job ${i % 5}` },
      engine: i % 2 ? 'postgres' : 'mysql', startedAt: new Date(start + i * 3_600_000).toISOString(),
    });
    folders.add(path.dirname(path.join(root, key)));
    files.push([key, content], [sidecarKey(key), serializeSidecar(sidecar)]);
  }
  for (const folder of folders) await mkdir(folder, { recursive: true });
  for (let i = 0; i < files.length; i += 200) {
    await Promise.all(files.slice(i, i + 200).map(([key, bytes]) => writeFile(path.join(root, key), bytes)));
  }
}
