import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { destinationContract } from '../../../../test/support/destination-contract.js';
import { NotFoundError, ValidationError } from '../../../lib/errors.js';
import { silentLogger } from '../../../lib/logger.js';
import { composeDestination } from '../compose.js';
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
  await expect(destination.put('../sentinel.txt', Readable.from(['x']))).rejects.toThrow();
  expect((await readdir(parent)).sort()).toEqual(['root', 'sentinel.txt']);
});

it('requires an absolute path in its config', () => {
  expect(localDestinationPlugin.configSchema.safeParse({ path: 'relative/dir' }).success).toBe(false);
  expect(localDestinationPlugin.configSchema.safeParse({ path: '/srv/backups' }).success).toBe(true);
});

it('reads many small objects in one call, each as get() would, one missing or too large failing alone', async () => {
  const destination = await composeDestination(localDestinationPlugin, { path: root }, { logger: silentLogger });
  const keys = Array.from({ length: 40 }, (_, i) => `many/${i % 3}/s${i}.meta.json`);
  for (const [i, key] of keys.entries()) await destination.put(key, Readable.from([Buffer.from(`sidecar ${i}`)]));
  await destination.put('many/big.meta.json', Readable.from([Buffer.alloc(2000)]));
  const read = await destination.readMany!([...keys, 'many/absent.meta.json', 'many/big.meta.json'], 1000);
  expect(read.slice(0, keys.length)).toEqual(keys.map((_, i) => ({ bytes: Buffer.from(`sidecar ${i}`) })));
  const [absent, big] = read.slice(keys.length) as { error: Error }[];
  expect(absent!.error).toBeInstanceOf(NotFoundError);
  expect(big!.error.message).toMatch(/many\/big\.meta\.json.*at most 1000 bytes/);
  await expect(destination.readMany!(['../escape.txt'], 1000)).rejects.toBeInstanceOf(ValidationError);
});
