import type { Destination } from '../../adapters/destinations/types.js';
import type { Source } from '../../adapters/sources/types.js';
import { ValidationError } from '../../lib/errors.js';
import { runRestore } from '../../pipeline/restore.js';
import type { StoredBackup } from './artifact.js';
import type { Decryption } from './decryption.js';
import { engineTarget } from './targets/engines.js';
import type { StagingRecord } from './targets/staging.js';
import type { AdminCredentials } from './targets/target.js';
import { checkServerVersion } from './version-guard.js';

export interface RestoreTarget {
  source: Source;
  /** Engine family of the target's plugin. */
  engine: string;
  config: Record<string, unknown>;
  name: string;
}

export interface ArtifactRestore {
  destination: Destination;
  backup: StoredBackup;
  target: RestoreTarget;
  database: string | undefined;
  clean: boolean;
  tables?: string[];
  allowNewerDump: boolean;
  admin?: AdminCredentials;
  decryption?: Decryption;
  signal: AbortSignal;
  log(message: string, level?: 'info' | 'warn'): Promise<void>;
  /** Records a staging database on the execution before it is created (see targets/staging.ts). */
  recordStaging?(record: StagingRecord): Promise<void>;
  onProgress?(bytes: number): void;
}

/** Refuses what cannot work before touching the target: another engine, a newer server major, missing keys. */
export async function preflight(input: Pick<ArtifactRestore, 'backup' | 'target' | 'allowNewerDump' | 'decryption' | 'tables' | 'signal'>): Promise<string | null> {
  const { sidecar } = input.backup;
  if (sidecar.source.engine !== input.target.engine) {
    throw new ValidationError(`${input.backup.key} is a ${sidecar.source.engine} backup; the target "${input.target.name}" is ${input.target.engine}: choose a target of the same engine family`);
  }
  if (sidecar.encryption && !input.decryption) {
    throw new ValidationError(`${input.backup.key} is encrypted: give the identity or passphrase that can decrypt it`);
  }
  if (input.tables?.length && !input.target.source.capabilities.selectiveRestore && input.target.engine !== 'mysql') {
    throw new ValidationError(`${input.target.engine} backups cannot be restored table by table`);
  }
  const info = await input.target.source.test(input.signal);
  return checkServerVersion({ engine: sidecar.source.engine, dumped: sidecar.source.serverVersion, target: info.serverVersion, allowNewerDump: input.allowNewerDump }).note;
}

/** One artifact into one database, through the engine's strategy so that a failure leaves the target as it was. */
export async function restoreArtifact(input: ArtifactRestore): Promise<void> {
  const note = await preflight(input);
  if (note) await input.log(note, 'warn');
  const { backup } = input;
  const run = (source: Source, database: string | undefined) =>
    runRestore({
      destination: input.destination, sidecarKey: backup.sidecarKey, sidecar: backup.sidecar, target: source,
      options: { database, clean: input.clean, tables: input.tables }, decryption: input.decryption,
      signal: input.signal, onProgress: input.onProgress,
    });
  if (backup.sidecar.kind === 'globals') return run(input.target.source, input.database);
  await engineTarget(input.target.engine).strategy(
    {
      source: input.target.source, config: input.target.config, database: input.database, clean: input.clean,
      tables: input.tables, admin: input.admin, signal: input.signal, log: (message) => input.log(message), recordStaging: input.recordStaging,
    },
    run,
  );
}
