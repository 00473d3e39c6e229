import { ValidationError } from '../../lib/errors.js';

/**
 * Refuses a dump from a newer server major into an older server: the dump may use syntax or features the
 * older server does not know, which shows up half-way through the restore. Majors: PostgreSQL 10+ '15.4' -> [15],
 * before 10 '9.6.3' -> [9, 6]; MySQL/MariaDB '10.11.6-MariaDB' -> [10, 11]; other engines compare major.minor.
 */
export function majorOf(engine: string, version: string): number[] | null {
  const numbers = /^(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!numbers) return null;
  const major = Number(numbers[1]);
  const minor = numbers[2] === undefined ? 0 : Number(numbers[2]);
  if (engine === 'postgres') return major >= 10 ? [major] : [major, minor];
  return [major, minor];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** MySQL and MariaDB share the engine family but not version numbers: 8.0 (MySQL) is older than 10.11 (MariaDB). */
function flavour(version: string): string {
  return /mariadb/i.test(version) ? 'mariadb' : 'other';
}

export interface VersionCheck {
  /** A note for the log when the versions could not be compared. */
  note: string | null;
}

export function checkServerVersion(input: { engine: string; dumped: string; target: string; allowNewerDump: boolean }): VersionCheck {
  const { engine, dumped, target } = input;
  const from = majorOf(engine, dumped);
  const to = majorOf(engine, target);
  if (!from || !to) return { note: `Server versions not compared ('${dumped}' -> '${target}')` };
  if (engine === 'mysql' && flavour(dumped) !== flavour(target)) {
    return { note: `Versions of MySQL and MariaDB are not comparable ('${dumped}' -> '${target}'); not checked` };
  }
  if (compare(from, to) <= 0 || input.allowNewerDump) {
    const overridden = compare(from, to) > 0;
    return { note: overridden ? `Restoring a dump from ${dumped} into older ${target} (allowNewerDump)` : null };
  }
  throw new ValidationError(
    `This backup was dumped from ${engine} ${dumped}, newer than the target server ${target}: restoring into an older major ` +
      'version may fail half-way or lose features. Restore into a server of the same or a newer version, or set allowNewerDump to try anyway.',
    [{ path: 'allowNewerDump', message: 'dump is from a newer server major version' }],
  );
}
