import { randomBytes } from 'node:crypto';

/**
 * A database a restore creates under a name that says it is Lifeboat's, restores into, and renames or moves into
 * the target only once the restore succeeded. The execution records it before it is created, so start-up
 * recovery can drop it when the process died half-way.
 */
export interface StagingRecord {
  /** Engine family of the target (postgres, mysql). */
  engine: string;
  /** host:port of the server it was created on, to refuse dropping it on another server after a config change. */
  server: string;
  /** The staging database's name. */
  database: string;
  /** The database the restore was for. */
  target: string;
}

const MARK = '__lifeboat_restore_';
const PATTERN = /__lifeboat_restore_[0-9a-f]{8}$/;

/** Identifier limits: PostgreSQL 63 bytes (NAMEDATALEN - 1), MySQL/MariaDB 64 characters. */
export const NAME_LIMITS = { postgres: { bytes: 63 }, mysql: { chars: 64 } } as const;

/** `<target>__lifeboat_restore_<8 hex>`, the target shortened (whole characters) to fit the engine's limit. */
export function stagingName(target: string, limit: { bytes?: number; chars?: number }): string {
  const suffix = `${MARK}${randomBytes(4).toString('hex')}`;
  let prefix = '';
  let bytes = 0;
  let chars = 0;
  for (const char of target) {
    bytes += Buffer.byteLength(char);
    chars += 1;
    if (limit.bytes !== undefined && bytes + suffix.length > limit.bytes) break;
    if (limit.chars !== undefined && chars + suffix.length > limit.chars) break;
    prefix += char;
  }
  return `${prefix}${suffix}`;
}

const DRILL_SCRATCH = /^lifeboat_drill_[0-9a-f]{12}$/;

/** The database a restore drill restores into, compares and drops. */
export function drillScratchName(): string {
  return `lifeboat_drill_${randomBytes(6).toString('hex')}`;
}

/** Only names of these shapes (staging, drill scratch) are ever dropped by recovery, whatever an execution record says. */
export function isStagingName(name: string): boolean {
  return PATTERN.test(name) || DRILL_SCRATCH.test(name);
}

/** The statement a person runs to drop a staging database by hand, quoted for its engine. */
export function manualDrop(engine: string, database: string): string {
  return engine === 'mysql' ? `DROP DATABASE \`${database.replaceAll('`', '``')}\`;` : `DROP DATABASE "${database.replaceAll('"', '""')}";`;
}
