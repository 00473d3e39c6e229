import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFiles, walkFiles } from './fs-worker.js';

describe('walkFiles', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-walk-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers every file under the prefix with what fs.stat answers, skipping folders and other prefixes', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `src-${i % 3}/db-${i % 5}/f${i}.bin`);
    for (const [i, key] of keys.entries()) {
      mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
      writeFileSync(path.join(dir, key), Buffer.alloc(i));
    }
    mkdirSync(path.join(dir, 'src-1/empty'));
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    const expected = (key: string) => ({ key, size: statSync(path.join(dir, key)).size, modifiedAt: statSync(path.join(dir, key)).mtime });
    expect((await walkFiles(dir, '', '')).sort(byKey)).toEqual(keys.map(expected).sort(byKey));
    const src1 = keys.filter((key) => key.startsWith('src-1/db-2/f1'));
    expect((await walkFiles(dir, 'src-1/db-2', 'src-1/db-2/f1')).sort(byKey)).toEqual(src1.map(expected).sort(byKey));
    expect(await walkFiles(dir, 'missing', 'missing/')).toEqual([]);
    expect(await walkFiles(path.join(dir, 'nowhere'), '', '')).toEqual([]);
  });
});

describe('readFiles', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers each file whole, in order, and an errno code for a missing, a folder or a too large one', async () => {
    const contents = Array.from({ length: 300 }, (_, i) => Buffer.from(`{"n":${i},"pad":"${'x'.repeat(i * 7)}"}`));
    const files = contents.map((bytes, i) => {
      const file = path.join(dir, `s${i}.meta.json`);
      writeFileSync(file, bytes);
      return file;
    });
    writeFileSync(path.join(dir, 'empty'), '');
    writeFileSync(path.join(dir, 'big'), Buffer.alloc(5000, 'b'));
    mkdirSync(path.join(dir, 'folder'));
    const asked = [...files, path.join(dir, 'missing'), path.join(dir, 'folder'), path.join(dir, 'empty'), path.join(dir, 'big')];
    const read = await readFiles(asked, 4096);
    expect(read).toHaveLength(asked.length);
    for (const [i, bytes] of contents.entries()) expect(read[i]).toEqual({ bytes });
    expect(read.slice(-4)).toEqual([
      { code: 'ENOENT', message: expect.stringContaining('missing') },
      { code: 'ENOENT', message: 'not a file' },
      { bytes: Buffer.alloc(0) },
      { code: 'ETOOBIG', message: 'Expected at most 4096 bytes' },
    ]);
    expect(await readFiles([], 10)).toEqual([]);
  });
});
