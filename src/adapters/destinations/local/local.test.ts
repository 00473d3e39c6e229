import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { destinationContract } from '../../../../test/support/destination-contract.js';
import { localDestinationPlugin } from './local.plugin.js';
import { LocalDestination } from './local.destination.js';

let parent: string;
let root: string;

beforeAll(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'lifeboat-local-'));
  root = path.join(parent, 'root');
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

destinationContract('local', {
  create: () => new LocalDestination(root),
  rawNames: async () => (await readdir(root, { recursive: true })).map(String),
});

it('never writes outside its root for traversal keys', async () => {
  const destination = new LocalDestination(root);
  await writeFile(path.join(parent, 'sentinel.txt'), 'keep');
  await expect(destination.put('../sentinel.txt', (await import('node:stream')).Readable.from(['x']))).rejects.toThrow();
  expect((await readdir(parent)).sort()).toEqual(['root', 'sentinel.txt']);
});

it('requires an absolute path in its config', () => {
  expect(localDestinationPlugin.configSchema.safeParse({ path: 'relative/dir' }).success).toBe(false);
  expect(localDestinationPlugin.configSchema.safeParse({ path: '/srv/backups' }).success).toBe(true);
});
