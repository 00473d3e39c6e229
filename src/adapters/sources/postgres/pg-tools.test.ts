import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSmall } from '../../../lib/streams.js';
import { spawnTool } from '../../../lib/spawn.js';
import { spawnPgTool } from './pg-tools.js';

const onPath = (tool: string) => process.env.PATH!.split(':').map((dir) => path.join(dir, tool)).find((file) => existsSync(file));
const wrapped = /postgresql-common\/pg_wrapper$/.test(realpathSync(onPath('pg_dump') ?? '/'));
const withHost = { PGHOST: '127.0.0.1' };

async function output(tool: ReturnType<typeof spawnTool>): Promise<string> {
  const [bytes] = await Promise.all([readSmall(tool.child.stdout!, 1024 * 1024), tool.done]);
  return bytes.toString('utf8').trim();
}

describe.runIf(wrapped)('PostgreSQL tools behind Debian\'s pg_wrapper', () => {
  it.each(['pg_dump', 'pg_dumpall', 'pg_restore', 'psql'] as const)('runs the version the wrapper would run for %s, without the wrapper', async (name) => {
    const direct = spawnPgTool(name, ['--version'], { env: withHost, stdout: 'pipe' });
    expect(direct.child.spawnfile).toMatch(new RegExp(`^/usr/lib/postgresql/[0-9.]+/bin/${name}$`));
    const viaWrapper = spawnTool(name, ['--version'], { env: withHost, stdout: 'pipe' });
    expect(viaWrapper.child.spawnfile).toBe(name);
    expect(await output(direct)).toBe(await output(viaWrapper));
  });

  it('leaves the choice to the wrapper when no host is given (it then follows the local cluster)', () => {
    const tool = spawnPgTool('pg_dump', ['--version'], { env: {}, stdout: 'pipe' });
    expect(tool.child.spawnfile).toBe('pg_dump');
    return tool.done;
  });
});

describe('PostgreSQL tools found on PATH', () => {
  let dir: string;
  const path0 = process.env.PATH;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-pgtools-'));
  });
  afterAll(async () => {
    process.env.PATH = path0;
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a pg_dump that is not the wrapper as PATH finds it', async () => {
    const real = spawnPgTool('pg_dump', ['--version'], { env: withHost, stdout: 'pipe' });
    const file = real.child.spawnfile.startsWith('/') ? real.child.spawnfile : realpathSync(onPath('pg_dump')!);
    await real.done;
    await symlink(file, path.join(dir, 'pg_dump'));
    process.env.PATH = `${dir}:${path0}`;
    const tool = spawnPgTool('pg_dump', ['--version'], { env: withHost, stdout: 'pipe' });
    expect(tool.child.spawnfile).toBe('pg_dump');
    expect(await output(tool)).toMatch(/^pg_dump \(PostgreSQL\) \d+/);
  });

  it('names the missing package when no tool is on PATH', async () => {
    process.env.PATH = dir;
    const tool = spawnPgTool('pg_restore', ['--version'], { env: withHost, stdout: 'pipe', packageHint: 'postgresql-client' });
    await expect(tool.done).rejects.toThrow('pg_restore is not installed or not on PATH (install the Debian package postgresql-client)');
  });
});
