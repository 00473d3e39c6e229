/**
 * IANA time zone checks shared by schedules and retention. Both evaluate wall-clock time in the
 * job's zone, so an unknown zone must be refused at the edge rather than silently read as UTC.
 */

/** True when `name` is a time zone the runtime's Intl database knows (e.g. `Europe/Berlin`, `UTC`). */
export function isValidTimeZone(name: string): boolean {
  // Fixed offsets like "+05:30" are accepted by newer Intl versions but ignore DST rules and
  // vary by Node version, so we ask for a named zone everywhere.
  if (name.trim() === '' || /^[+-]/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The message users see for a bad zone: says what is wrong and what to write instead. */
export function unknownTimeZoneMessage(name: string): string {
  return `Unknown time zone "${name}": use an IANA name such as "Europe/Berlin", "America/New_York" or "UTC"`;
}
