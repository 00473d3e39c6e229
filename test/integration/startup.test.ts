import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createScratchPostgres } from '../support/databases.js';
import { freePort, runLifeboat, startServer } from '../support/cli.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-data-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('lifeboat serve', () => {
  it('serves /api/health and generates a 0600 system key on first start', async () => {
    const dir = dataDir();
    const server = await startServer({ LIFEBOAT_DATA_DIR: dir });
    try {
      const response = await fetch(`${server.url}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', database: { dialect: 'sqlite', reachable: true } });
      expect(statSync(path.join(dir, 'system.key')).mode & 0o777).toBe(0o600);
      expect(server.output()).toMatch(/Generated a new system key/);
      const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(spec.paths['/api/health']).toBeDefined();
    } finally {
      await server.stop();
    }
  });

  it('runs on PostgreSQL when DATABASE_URL is set', async () => {
    const scratch = await createScratchPostgres();
    const server = await startServer({ LIFEBOAT_DATA_DIR: dataDir(), DATABASE_URL: scratch.url });
    try {
      const body = await (await fetch(`${server.url}/api/health`)).json();
      expect(body).toMatchObject({ database: { dialect: 'postgres', reachable: true } });
    } finally {
      await server.stop();
      await scratch.drop();
    }
  });

  it('refuses a malformed environment value in one line', async () => {
    const result = await runLifeboat(['serve'], { LIFEBOAT_DATA_DIR: dataDir(), PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^lifeboat: Invalid environment: PORT:/)]);
  });

  it('stops on a wrong system key without touching the database', async () => {
    const dir = dataDir();
    expect((await runLifeboat(['migrate'], { LIFEBOAT_DATA_DIR: dir })).code).toBe(0);
    const before = readFileSync(path.join(dir, 'lifeboat.db'));
    const wrongKey = Buffer.alloc(32, 7).toString('base64');
    const result = await runLifeboat(['serve'], { LIFEBOAT_DATA_DIR: dir, LIFEBOAT_ENCRYPTION_KEY: wrongKey });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lifeboat: The system key cannot decrypt the stored secrets/);
    expect(readFileSync(path.join(dir, 'lifeboat.db')).equals(before)).toBe(true);
  });

  it('names a busy port', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const result = await runLifeboat(['serve'], { LIFEBOAT_DATA_DIR: dataDir(), PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^lifeboat: Port ${port} .* already in use`));
    } finally {
      blocker.close();
    }
  });

  it.skipIf(process.getuid?.() === 0)('names an unusable data directory', async () => {
    const dir = dataDir();
    chmodSync(dir, 0o500);
    const result = await runLifeboat(['serve'], { LIFEBOAT_DATA_DIR: path.join(dir, 'sub') });
    expect(result.stderr).toMatch(/^lifeboat: Data directory .* is not usable/);
  });

  it('names a data directory that is a file', async () => {
    const dir = dataDir();
    const file = path.join(dir, 'file');
    await import('node:fs').then((fs) => fs.writeFileSync(file, 'x'));
    const result = await runLifeboat(['serve'], { LIFEBOAT_DATA_DIR: file });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lifeboat: Data directory .* is not usable \(EEXIST\)/);
  });
});

describe('lifeboat key rotate', () => {
  it('re-seals under a new key file that the next start accepts', async () => {
    const dir = dataDir();
    await runLifeboat(['migrate'], { LIFEBOAT_DATA_DIR: dir });
    const oldKey = readFileSync(path.join(dir, 'system.key'), 'utf8');
    const result = await runLifeboat(['key', 'rotate'], { LIFEBOAT_DATA_DIR: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'system.key'), 'utf8')).not.toBe(oldKey);
    expect((await runLifeboat(['migrate'], { LIFEBOAT_DATA_DIR: dir })).code).toBe(0);
  });
});

describe('lifeboat --help / --version', () => {
  it('prints usage and version', async () => {
    expect((await runLifeboat(['--help'])).stdout).toMatch(/serve/);
    expect((await runLifeboat(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
