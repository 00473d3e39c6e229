import { describe, expect, it } from 'vitest';
import { checkServerVersion, majorOf } from './version-guard.js';

describe('version guard', () => {
  it('reads majors per engine', () => {
    expect(majorOf('postgres', '15.4')).toEqual([15]);
    expect(majorOf('postgres', '9.6.24')).toEqual([9, 6]);
    expect(majorOf('mysql', '10.11.19-MariaDB')).toEqual([10, 11]);
    expect(majorOf('redis', 'unknown')).toBeNull();
  });

  it('allows same or newer targets and refuses older ones unless overridden', () => {
    expect(checkServerVersion({ engine: 'postgres', dumped: '15.2', target: '15.20', allowNewerDump: false }).note).toBeNull();
    expect(checkServerVersion({ engine: 'postgres', dumped: '14.1', target: '15.20', allowNewerDump: false }).note).toBeNull();
    expect(() => checkServerVersion({ engine: 'postgres', dumped: '17.0', target: '15.20', allowNewerDump: false })).toThrow(/newer than the target server 15\.20.*allowNewerDump/);
    expect(checkServerVersion({ engine: 'postgres', dumped: '17.0', target: '15.20', allowNewerDump: true }).note).toMatch(/allowNewerDump/);
    expect(() => checkServerVersion({ engine: 'mysql', dumped: '11.4.2-MariaDB', target: '10.11.19-MariaDB', allowNewerDump: false })).toThrow(/newer/);
  });

  it('does not compare MySQL with MariaDB numbers', () => {
    expect(checkServerVersion({ engine: 'mysql', dumped: '8.0.36', target: '10.11.19-MariaDB', allowNewerDump: false }).note).toMatch(/not comparable/);
  });
});
