import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnTool } from '../lib/spawn.js';
import { readSmall } from '../lib/streams.js';

const LOADER = path.resolve('src/main/code-cache.cts');

/** A bundle that shows what the CommonJS wrapper gave it, and leaves a function for V8 to cache. */
const bundle = (word: string) => `
const path = require('node:path');
function greet(name) { return '${word}, ' + name; }
module.exports = greet;
process.stdout.write(JSON.stringify({ said: greet('lifeboat'), file: path.basename(__filename), dir: __dirname, exported: typeof module.exports }));
`;

/** Runs `file` through runWithCodeCache in a fresh Node, as bin/lifeboat.cjs does; also reports whether V8 took the cache. */
async function start(file: string, cacheFile?: string): Promise<{ said: string; file: string; dir: string; exported: string; cacheUsed: boolean }> {
  const script = `
    const { runWithCodeCache } = await import(${JSON.stringify(LOADER)});
    const used = runWithCodeCache(...${JSON.stringify([file, cacheFile].filter(Boolean))});
    process.stdout.write(JSON.stringify({ cacheUsed: used }));`;
  const node = spawnTool(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { stdout: 'pipe' });
  const [output] = await Promise.all([readSmall(node.child.stdout!), node.done]);
  const stdout = output.toString('utf8');
  const [program, loader] = stdout.split('}{').map((part, i) => JSON.parse(i === 0 ? `${part}}` : `{${part}`));
  return { ...program, ...loader };
}

describe('runWithCodeCache', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-code-cache-'));
    file = path.join(dir, 'bundle.cjs');
    await writeFile(file, bundle('hello'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the bundle as CommonJS, writes the cache on the first start and uses it on the next', async () => {
    const first = await start(file);
    expect(first).toEqual({ said: 'hello, lifeboat', file: 'bundle.cjs', dir, exported: 'function', cacheUsed: false });
    expect((await stat(`${file}.v8cache`)).size).toBeGreaterThan(16);

    const second = await start(file);
    expect(second).toMatchObject({ said: 'hello, lifeboat', cacheUsed: true });
    expect(await readdir(dir)).toEqual(['bundle.cjs', 'bundle.cjs.v8cache']);
  });

  it('ignores a cache made from another build of the bundle, even one of the same length', async () => {
    await start(file);
    await writeFile(file, bundle('howdy')); // as long as 'hello': V8 alone would take the old cache
    await utimes(file, new Date(), new Date(Date.now() + 5000));

    expect(await start(file)).toMatchObject({ said: 'howdy, lifeboat', cacheUsed: false });
    expect(await start(file)).toMatchObject({ said: 'howdy, lifeboat', cacheUsed: true });
  });

  it('writes no cache after a failed run', async () => {
    await writeFile(file, `${bundle('hello')}\nprocess.exitCode = 1;`);
    await expect(start(file)).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['bundle.cjs']);
  });

  it('still runs, and leaves nothing behind, where the cache cannot be written', async () => {
    // A path under a regular file cannot be created, even by root (read-only folders do not stop root).
    const result = await start(file, path.join(file, 'bundle.cjs.v8cache'));
    expect(result).toMatchObject({ said: 'hello, lifeboat', cacheUsed: false });
    expect(await readdir(dir)).toEqual(['bundle.cjs']);
  });
});
