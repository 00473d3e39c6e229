import { describe, expect, it } from 'vitest';
import { conninfoDatabase, pgDumpallGlobalsArgs, pgDumpArgs, pgRestoreArgs, psqlScriptArgs } from './postgres.args.js';
import { tolerateExistingRoles } from './globals-script.js';
import { parsePostgresUrl } from './postgres.config.js';
import { postgresPlugin } from './postgres.plugin.js';
import { toolEnv } from './postgres.connection.js';

describe('postgres tool arguments', () => {
  it('quotes the database name as a conninfo value', () => {
    expect(conninfoDatabase(`a b='c'\\d=$(x)`)).toBe(`dbname='a b=\\'c\\'\\\\d=$(x)'`);
  });

  it('dumps custom format without compression, by mode, excluding schemas literally', () => {
    expect(pgDumpArgs('db', 'full')).toEqual(['--format=custom', '--compress=0', '--no-password', "--dbname=dbname='db'"]);
    expect(pgDumpArgs('db', 'schema')).toContain('--schema-only');
    expect(pgDumpArgs('db', 'data')).toContain('--data-only');
    expect(pgDumpArgs('db', 'full', ['auth', 'We"ird'])).toEqual(expect.arrayContaining(['--exclude-schema="auth"', '--exclude-schema="We""ird"']));
  });

  it('dumps globals, optionally without role passwords', () => {
    expect(pgDumpallGlobalsArgs('postgres', false)).toEqual(['--globals-only', '--no-password', "--dbname=dbname='postgres'"]);
    expect(pgDumpallGlobalsArgs('postgres', true)).toContain('--no-role-passwords');
  });

  it('restores in one transaction, with clean and a selection', () => {
    const args = pgRestoreArgs('t', { clean: true, tables: ['public.orders', 'audit.*', 'plain'] });
    expect(args).toEqual(expect.arrayContaining(['--no-owner', '--exit-on-error', '--single-transaction', '--clean', '--if-exists']));
    expect(args).toEqual(expect.arrayContaining(['--schema=public', '--table=orders', '--schema=audit', '--table=plain']));
    expect(args).not.toContain('--table=*');
    expect(psqlScriptArgs('p')).toEqual(expect.arrayContaining(['--set=ON_ERROR_STOP=1', '--file=-', '--no-psqlrc']));
  });

  it('never puts the password in arguments; passes it through PGPASSWORD', () => {
    const { config } = parsePostgresUrl(new URL('postgres://u:s%40cret@db.example:6543/app'));
    expect(config).toMatchObject({ host: 'db.example', port: 6543, user: 'u', password: 's@cret' });
    expect(toolEnv(config)).toMatchObject({ PGPASSWORD: 's@cret', PGPASSFILE: '/dev/null/pgpass' });
    expect(JSON.stringify([pgDumpArgs('app', 'full'), pgRestoreArgs('app', {})])).not.toContain('s@cret');
    expect(postgresPlugin.redact(config)).toMatchObject({ password: '[redacted]', host: 'db.example' });
  });

  it('reads databases and sslmode from a URL', () => {
    expect(parsePostgresUrl(new URL('postgresql://h/some%20db?sslmode=require'))).toMatchObject({
      config: { host: 'h', port: 5432, user: 'postgres', sslmode: 'require' },
      databases: ['some db'],
    });
    expect(parsePostgresUrl(new URL('postgres://h')).databases).toEqual([]);
    expect(() => parsePostgresUrl(new URL('postgres://h?sslmode=bogus'))).toThrow(/sslmode/);
  });

  it('lets CREATE ROLE skip existing roles and leaves other lines alone', () => {
    expect(tolerateExistingRoles('CREATE ROLE "Odd name";')).toBe(
      'DO $lifeboat$ BEGIN CREATE ROLE "Odd name"; EXCEPTION WHEN duplicate_object THEN NULL; END $lifeboat$;',
    );
    expect(tolerateExistingRoles('ALTER ROLE x WITH LOGIN;')).toBe('ALTER ROLE x WITH LOGIN;');
  });
});
