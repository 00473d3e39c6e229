import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermissionError } from '../../../src/lib/errors.js';
import { pgSource } from '../../support/postgres-fixture.js';

const run = promisify(execFile);
// The server binaries of the newest installed major version (Debian keeps them off PATH).
const BIN = (() => {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  return versions[0] ? `/usr/lib/postgresql/${versions[0]}/bin` : '';
})();
const PASSWORD = 'right-password-456';
const WRONG = 'wrong-password-123';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The machine's server trusts every local login, so a private one with scram auth checks passwords. */
async function startPrivateServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-pg-auth-'));
  const asPostgres = process.getuid?.() === 0;
  const exec = (cmd: string, args: string[]) => (asPostgres ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args));
  if (asPostgres) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    await chown(dir, Number(stdout.trim()), 0);
  }
  await chmod(dir, 0o755);
  await writeFile(path.join(dir, 'pw'), PASSWORD, { mode: 0o644 });
  const data = path.join(dir, 'data');
  await exec(`${BIN}/initdb`, ['-D', data, '-A', 'scram-sha-256', `--pwfile=${path.join(dir, 'pw')}`, '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  await exec(`${BIN}/pg_ctl`, ['-D', data, '-o', options, '-w', '-l', path.join(dir, 'log'), 'start']);
  return {
    port,
    stop: async () => {
      await exec(`${BIN}/pg_ctl`, ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe.skipIf(!existsSync(`${BIN}/initdb`))('postgres source: passwords (needs the postgresql server package for initdb)', () => {
  let server: Awaited<ReturnType<typeof startPrivateServer>>;

  beforeAll(async () => {
    server = await startPrivateServer();
  });
  afterAll(async () => server?.stop());

  it('connects and dumps with the right password passed through the environment', async () => {
    const source = pgSource({ port: server.port, password: PASSWORD });
    expect((await source.test()).serverVersion).toMatch(/^\d+\.\d+/);
    const dump = await source.dump({ database: 'postgres', mode: 'schema' }, new AbortController().signal);
    dump.stream.resume();
    await dump.done;
  });

  it('rejects a wrong password clearly, without echoing it, from the driver and from pg_dump', async () => {
    const source = pgSource({ port: server.port, password: WRONG });
    const error = await source.test().catch((e: Error) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).toMatch(/Authentication failed for PostgreSQL at 127\.0\.0\.1:\d+/);
    expect((error as Error).message).not.toContain(WRONG);
    const dump = await source.dump({ database: 'postgres', mode: 'full' }, new AbortController().signal);
    dump.stream.resume();
    const toolError = await dump.done.catch((e: Error) => e);
    expect((toolError as Error).message).toMatch(/pg_dump failed.*password authentication failed/);
    expect((toolError as Error).message).not.toContain(WRONG);
  });
});
