import Database from 'better-sqlite3';
import { LifeboatError, NotFoundError, ValidationError } from '../../../lib/errors.js';

/** How long a statement waits for another process's lock before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

/** Opens an existing database file; driver errors become errors that name the file. */
export function openDatabase(file: string, options: { readonly: boolean }): Database.Database {
  try {
    const db = new Database(file, { readonly: options.readonly, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    // Opening is lazy in SQLite: read the schema now so "not a database" surfaces here.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    throw translateSqliteError(error, file);
  }
}

export function translateSqliteError(error: unknown, file: string): Error {
  const code = (error as { code?: string }).code;
  const detail = error instanceof Error ? error.message : String(error);
  // better-sqlite3 checks the directory itself and throws a plain TypeError without a code.
  if (code === 'SQLITE_CANTOPEN' || /directory does not exist/.test(detail)) return new NotFoundError(`SQLite database ${file} does not exist or cannot be opened`, { cause: error });
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new ValidationError(`${file} is not a valid SQLite database: ${detail}`, [], { cause: error });
  }
  if (error instanceof LifeboatError) return error;
  return new LifeboatError(`SQLite database ${file}: ${detail}`, { cause: error });
}

/** Runs `use` on a database opened for the call and always closed. */
export function withDatabase<T>(file: string, options: { readonly: boolean }, use: (db: Database.Database) => T): T {
  const db = openDatabase(file, options);
  try {
    return use(db);
  } catch (error) {
    throw translateSqliteError(error, file);
  } finally {
    db.close();
  }
}

/** Double-quotes an identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
