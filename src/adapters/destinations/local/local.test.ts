import { writeSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationContract } from '../../../../test/support/destination-contract.js';
import { NotFoundError, ValidationError } from '../../../lib/errors.js';
import { silentLogger } from '../../../lib/logger.js';
import { readSmall } from '../../../lib/streams.js';
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

describe('createFile: a partial file a tool writes through its descriptor', () => {
  const folderOf = async (key: string) => (await readdir(path.join(root, path.dirname(key)))).sort();

  it('publishes the bytes written through the descriptor only on commit', async () => {
    const destination = new LocalDestination(root);
    const upload = await destination.createFile('direct/a.bin');
    writeSync(upload.fd, 'written by a tool');
    upload.grew(17);
    expect(await folderOf('direct/a.bin')).toEqual([expect.stringMatching(/^a\.bin\.partial-/)]);
    await expect(destination.stat('direct/a.bin')).rejects.toThrow(NotFoundError);
    expect(await upload.commit()).toMatchObject({ key: 'direct/a.bin', size: 17 });
    expect(await folderOf('direct/a.bin')).toEqual(['a.bin']);
    expect((await readSmall(await destination.get('direct/a.bin'))).toString()).toBe('written by a tool');
  });

  it('leaves nothing on abort, however often it is called', async () => {
    const destination = new LocalDestination(root);
    const upload = await destination.createFile('aborted/b.bin');
    writeSync(upload.fd, 'half');
    await upload.abort();
    await upload.abort();
    expect(await folderOf('aborted/b.bin')).toEqual([]);
  });

  it('holds a slot of the concurrency limit until committed or aborted', async () => {
    const destination = await composeDestination(localDestinationPlugin, { path: root }, { logger: silentLogger }, { maxConcurrency: 1 });
    const upload = await destination.createFile!('limited/c.bin');
    let statted = false;
    const stat = destination.stat('limited').catch(() => undefined).then(() => { statted = true; });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statted).toBe(false);
    await upload.abort();
    await stat;
    expect(statted).toBe(true);
  });
});
