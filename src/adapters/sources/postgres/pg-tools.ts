import { readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { findOnPath, isExecutable, spawnTool, type SpawnedTool, type SpawnToolOptions } from '../../../lib/spawn.js';

export type PgTool = 'pg_dump' | 'pg_dumpall' | 'pg_restore' | 'psql';

/** Where Debian and Ubuntu install each PostgreSQL major version's client tools: <root><version>/bin/<tool>. */
const DEBIAN_BIN_ROOT = '/usr/lib/postgresql';
const DEBIAN_WRAPPER = /\/postgresql-common\/pg_wrapper$/;
const VERSION_DIR = /^\d+\.?\d+$/;

/**
 * Runs a PostgreSQL client tool. On Debian and Ubuntu, `pg_dump` on PATH is postgresql-common's Perl wrapper,
 * which picks a version and then runs the real tool: 50 ms of Perl at every start, beside a dump that needs the
 * CPU. Lifeboat always sets PGHOST, and with PGHOST set the wrapper runs the newest installed version of the
 * tool, so Lifeboat runs that one directly, in the environment the wrapper would have given it. Elsewhere (and
 * when the tool is missing, for the usual "not installed" error) the tool is found on PATH as before.
 */
export function spawnPgTool(tool: PgTool, args: string[], options: SpawnToolOptions): SpawnedTool {
  const direct = options.env?.PGHOST ? debianTool(tool, options.env.PATH ?? process.env.PATH ?? '') : null;
  if (!direct) return spawnTool(tool, args, options);
  return spawnTool(tool, args, { ...options, executable: direct.file, env: { ...direct.env, ...options.env } });
}

/** Looked up at every start (a few stat calls), so a client version installed meanwhile is used as the wrapper would. */
function debianTool(tool: PgTool, searchPath: string): { file: string; env: Record<string, string> } | null {
  return isDebianWrapper(findOnPath(tool, searchPath)) ? newestInstalled(tool) : null;
}

function isDebianWrapper(file: string | undefined): boolean {
  if (!file) return false;
  try {
    return DEBIAN_WRAPPER.test(realpathSync(file));
  } catch {
    return false;
  }
}

/** The wrapper's choice when a host is given: the highest version directory that has the tool. */
function newestInstalled(tool: PgTool): { file: string; env: Record<string, string> } | null {
  let versions: string[];
  try {
    versions = readdirSync(DEBIAN_BIN_ROOT).filter((entry) => VERSION_DIR.test(entry));
  } catch {
    return null;
  }
  const candidates = versions
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => path.join(DEBIAN_BIN_ROOT, version, 'bin', tool));
  const file = candidates.find(isExecutable);
  // The wrapper points libpq at postgresql-common's configuration folder (pg_service.conf) unless told otherwise.
  return file ? { file, env: { PGSYSCONFDIR: '/etc/postgresql-common' } } : null;
}
