import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../lib/logger.js';
import { createHttpApp } from './app.js';
import { registerStaticUi } from './static.js';

const root = mkdtempSync(path.join(tmpdir(), 'lifeboat-web-'));
mkdirSync(path.join(root, 'assets'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
writeFileSync(path.join(tmpdir(), 'lifeboat-outside.txt'), 'secret');

const app = createHttpApp(silentLogger);
app.get('/api/health', (c) => c.json({ status: 'ok' }));
registerStaticUi(app, root + path.sep);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(path.join(tmpdir(), 'lifeboat-outside.txt'), { force: true });
});

describe('static web UI', () => {
  it('serves hashed assets with a long immutable cache', async () => {
    const response = await app.request('/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers client routes with index.html, always revalidated', async () => {
    for (const route of ['/', '/sources', '/jobs/123/edit']) {
      const response = await app.request(route);
      expect(response.status, route).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('never shadows the API, including unknown API paths', async () => {
    expect(await (await app.request('/api/health')).json()).toEqual({ status: 'ok' });
    const missing = await app.request('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('gives 404 for missing files and never leaves its folder', async () => {
    expect((await app.request('/assets/gone-123.js')).status).toBe(404);
    expect((await app.request('/favicon.ico')).status).toBe(404);
    for (const sneaky of ['/../lifeboat-outside.txt', '/%2e%2e/lifeboat-outside.txt', '/assets/..%2f..%2flifeboat-outside.txt']) {
      const response = await app.request(sneaky);
      expect(await response.text(), sneaky).not.toContain('secret');
    }
  });

  it('says how to build the UI when it is missing', async () => {
    const bare = createHttpApp(silentLogger);
    registerStaticUi(bare, path.join(root, 'nowhere'));
    const response = await bare.request('/');
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/npm run setup/);
  });
});
