import type { BackupView } from './backup-view.js';

/** A backup view for unit tests: defaults for everything but the key and time. */
export function view(over: Partial<BackupView> & { key: string; startedAt: string }): BackupView {
  return {
    sidecarKey: `${over.key}.meta.json`, backupId: over.key, source: { name: 'alpha', engine: 'postgres', serverVersion: '16' }, database: 'app',
    kind: 'database', job: null, finishedAt: over.startedAt, size: 10, sha256: '0'.repeat(64), storedSize: 10, modifiedAt: over.startedAt,
    sizeMismatch: false, compression: 'zstd', encrypted: false, format: 'plain', mode: 'full', locked: false, lock: null, ...over,
  };
}
