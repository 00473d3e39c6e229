import { ValidationError } from '../../../lib/errors.js';

/**
 * Argument lists for mongodump/mongorestore. The connection string (with its credentials) and any
 * separate password live in a 0600 YAML file passed with --config, never in argv.
 */

/** YAML for --config: JSON strings are valid YAML double-quoted scalars, so no value can break out. */
export function toolConfigYaml(uri: string, password?: string): string {
  return `uri: ${JSON.stringify(uri)}\n${password ? `password: ${JSON.stringify(password)}\n` : ''}`;
}

export function mongodumpArgs(configFile: string, database: string | undefined): string[] {
  return [`--config=${configFile}`, '--archive', ...(database ? [`--db=${database}`] : [])];
}

/** Characters MongoDB forbids in database names, plus the namespace pattern syntax (`*`, `$`). */
const UNSAFE_TARGET = /[/\\. "$*<>:|?\0]/;

export function assertRestoreTarget(database: string | undefined): void {
  if (database !== undefined && (database === '' || UNSAFE_TARGET.test(database))) {
    throw new ValidationError(`Invalid MongoDB database name for a restore target: ${JSON.stringify(database)}`);
  }
}

/**
 * `database` renames: every namespace of the archive goes into it (meant for single-database dumps).
 * `tables` are namespaces (`db.collection`, `db.*`) to restore; `clean` drops each collection first.
 */
export function mongorestoreArgs(configFile: string, options: { database?: string; clean?: boolean; tables?: readonly string[] }): string[] {
  assertRestoreTarget(options.database);
  return [
    `--config=${configFile}`,
    '--archive',
    '--stopOnError',
    ...(options.clean ? ['--drop'] : []),
    ...(options.tables ?? []).map((namespace) => `--nsInclude=${namespace}`),
    ...(options.database ? ['--nsFrom=$db$.$collection$', `--nsTo=${options.database}.$collection$`] : []),
  ];
}
