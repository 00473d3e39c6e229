import { describe, expect, it } from 'vitest';
import { mysqlConfigSchema } from './mysql.config.js';
import { optionFileContent } from './mysql-option-file.js';
import { dumpArgs, restoreArgs } from './mysql-tools.js';

describe('MySQL tool arguments', () => {
  it('puts the option file first and the database after --, never the password', () => {
    const args = dumpArgs('/secret/client.cnf', '--help; $(rm -rf /)', 'full');
    expect(args[0]).toBe('--defaults-extra-file=/secret/client.cnf');
    expect(args.slice(-2)).toEqual(['--', '--help; $(rm -rf /)']);
    expect(args).toEqual(expect.arrayContaining(['--single-transaction', '--quick', '--routines', '--triggers', '--events', '--hex-blob', '--default-character-set=utf8mb4']));
    expect(args).not.toContain('--databases');
  });

  it('maps schema-only and data-only modes', () => {
    expect(dumpArgs('/f', 'db', 'schema')).toContain('--no-data');
    const data = dumpArgs('/f', 'db', 'data');
    expect(data).toEqual(expect.arrayContaining(['--no-create-info', '--skip-triggers']));
    expect(data).not.toContain('--routines');
    expect(restoreArgs('/f', 'a b')).toEqual(expect.arrayContaining(['--defaults-extra-file=/f', '--database=a b']));
    expect(restoreArgs('/f', 'db')).not.toContain('--force');
  });

  it('quotes option-file values so any password survives', () => {
    const config = mysqlConfigSchema.parse({ host: 'db', user: 'bob', password: 'p"a\\s#s\nword', ssl: 'verify-identity' });
    const text = optionFileContent(config, '/ca.pem');
    expect(text).toContain('password="p\\"a\\\\s#s\\nword"');
    expect(text).toContain('ssl-verify-server-cert');
    expect(text.startsWith('[client]\n')).toBe(true);
  });
});
