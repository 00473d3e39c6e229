import { describe, expect, it } from 'vitest';
import { isStagingName, manualDrop, NAME_LIMITS, stagingName } from './staging.js';

describe('staging database names', () => {
  it('keep the target readable and mark the name as a restore staging database', () => {
    const name = stagingName('shop', NAME_LIMITS.postgres);
    expect(name).toMatch(/^shop__lifeboat_restore_[0-9a-f]{8}$/);
    expect(isStagingName(name)).toBe(true);
    expect(stagingName('shop', NAME_LIMITS.postgres)).not.toBe(name);
  });

  it('shorten a long target by whole characters to fit PostgreSQL bytes and MariaDB characters', () => {
    const long = 'ü'.repeat(60);
    const pg = stagingName(long, NAME_LIMITS.postgres);
    expect(Buffer.byteLength(pg)).toBeLessThanOrEqual(63);
    expect(pg).toMatch(/^(ü)+__lifeboat_restore_[0-9a-f]{8}$/);
    const my = stagingName(long, NAME_LIMITS.mysql);
    expect([...my].length).toBe(64);
    expect(my.startsWith('ü'.repeat(37))).toBe(true);
  });

  it('recognise only the staging shape', () => {
    for (const name of ['shop', 'shop__lifeboat_restore_', 'shop__lifeboat_restore_abc', 'shop__lifeboat_restore_0123456789', 'x__lifeboat_restore_ABCDEF12']) {
      expect(isStagingName(name), name).toBe(false);
    }
  });

  it('quote the statement to run by hand for each engine', () => {
    expect(manualDrop('postgres', 'a"b')).toBe('DROP DATABASE "a""b";');
    expect(manualDrop('mysql', 'a`b')).toBe('DROP DATABASE `a``b`;');
  });
});
