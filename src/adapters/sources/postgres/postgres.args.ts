import type { DumpMode } from '../types.js';

/**
 * Argument lists for the libpq tools. Pure functions, so they are unit-tested without a server.
 * Connection settings and the password travel in the environment (see toolEnv); only the database
 * name is an argument, quoted as a conninfo value so that no character in it can change its meaning.
 */

/** `dbname='…'` with libpq's quoting: a name containing `=`, spaces or quotes stays a plain name. */
export function conninfoDatabase(database: string): string {
  return `dbname='${database.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

const MODE_FLAGS: Record<DumpMode, string[]> = { full: [], schema: ['--schema-only'], data: ['--data-only'] };

/**
 * Custom format without compression: pg_restore can restore it selectively and in parallel, and zstd
 * outside pg_dump is several times faster than its built-in single-threaded gzip.
 */
export function pgDumpArgs(database: string, mode: DumpMode, excludeSchemas: readonly string[] = [], snapshot?: string): string[] {
  return [
    '--format=custom',
    '--compress=0',
    '--no-password',
    ...MODE_FLAGS[mode],
    // An exported snapshot (see postgres.snapshot-dump.ts): the dump reads exactly what the fingerprints read.
    ...(snapshot ? [`--snapshot=${snapshot}`] : []),
    ...excludeSchemas.map((schema) => `--exclude-schema=${quotePattern(schema)}`),
    `--dbname=${conninfoDatabase(database)}`,
  ];
}

/** Roles and tablespaces. Managed services hide pg_authid, so their presets dump without role passwords. */
export function pgDumpallGlobalsArgs(database: string, withoutRolePasswords: boolean): string[] {
  return [
    '--globals-only',
    '--no-password',
    ...(withoutRolePasswords ? ['--no-role-passwords'] : []),
    `--dbname=${conninfoDatabase(database)}`,
  ];
}

/**
 * One transaction with exit-on-error: a restore that fails leaves the target as it was.
 * `tables` entries: `schema.table` (-n schema -t table), `table` (-t table) or `schema.*` (-n schema).
 * pg_restore matches -t against table names in any listed schema, so mixing schemas may select more.
 */
export function pgRestoreArgs(database: string, options: { clean?: boolean; tables?: readonly string[] }): string[] {
  const selection = new Set<string>();
  for (const entry of options.tables ?? []) {
    const dot = entry.indexOf('.');
    const schema = dot > 0 ? entry.slice(0, dot) : undefined;
    const table = dot > 0 ? entry.slice(dot + 1) : entry;
    if (schema) selection.add(`--schema=${schema}`);
    if (table !== '*') selection.add(`--table=${table}`);
  }
  return [
    '--no-owner',
    '--exit-on-error',
    '--single-transaction',
    '--no-password',
    ...(options.clean ? ['--clean', '--if-exists'] : []),
    ...selection,
    `--dbname=${conninfoDatabase(database)}`,
  ];
}

/** psql reading a SQL script from stdin, stopping at the first error, ignoring any ~/.psqlrc. */
export function psqlScriptArgs(database: string): string[] {
  return ['--no-psqlrc', '--no-password', '--quiet', '--set=ON_ERROR_STOP=1', `--dbname=${conninfoDatabase(database)}`, '--file=-'];
}

/** pg_dump patterns treat `*`, `?`, `.` and uppercase specially; double quotes make a name literal. */
function quotePattern(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
