import { findOnPath } from '../../../lib/spawn.js';
import type { DumpMode } from '../types.js';

export const MYSQL_PACKAGE_HINT = 'mariadb-client';
export const DUMP_TOOLS = ['mariadb-dump', 'mysqldump'] as const;
export const CLIENT_TOOLS = ['mariadb', 'mysql'] as const;

/**
 * The first of `candidates` found on PATH (MariaDB's names first; distributions keep the MySQL names as
 * links). When none is found the first name is returned so the spawn error names it and the package.
 */
export function resolveTool(candidates: readonly string[]): string {
  for (const name of candidates) {
    const found = findOnPath(name);
    if (found) return found;
  }
  return candidates[0]!;
}

/**
 * Arguments for one database's dump. The option file must come first (the tools only accept
 * `--defaults-extra-file` there). `--databases` is not used, so the dump has no CREATE DATABASE / USE and
 * restores under any name; `--` ends options so a database named like an option stays a name.
 */
export function dumpArgs(optionFile: string, database: string, mode: DumpMode): string[] {
  const args = [
    `--defaults-extra-file=${optionFile}`,
    '--single-transaction',
    '--quick',
    '--hex-blob',
    '--default-character-set=utf8mb4',
    '--max-allowed-packet=1G',
  ];
  if (mode === 'schema') args.push('--no-data', '--routines', '--triggers', '--events');
  // Data only: rows without definitions, and no triggers (they belong to the schema).
  else if (mode === 'data') args.push('--no-create-info', '--skip-triggers');
  else args.push('--routines', '--triggers', '--events');
  args.push('--', database);
  return args;
}

/** Arguments for the client reading a dump into `database`; it stops at the first error (no --force). */
export function restoreArgs(optionFile: string, database: string): string[] {
  return [
    `--defaults-extra-file=${optionFile}`,
    '--default-character-set=utf8mb4',
    '--max-allowed-packet=1G',
    '--batch',
    `--database=${database}`,
  ];
}
