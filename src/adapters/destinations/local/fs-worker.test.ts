import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFiles, statFiles } from './fs-worker.js';

describe('statFiles', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-stat-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers what fs.stat answers, in order, and undefined for a missing file or a folder', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `f${i}.bin`);
    names.forEach((name, i) => writeFileSync(path.join(dir, name), Buffer.alloc(i)));
    mkdirSync(path.join(dir, 'sub'));
    const asked = [...names, 'missing', 'sub'];
    const [many, again] = await Promise.all([statFiles(dir, asked), statFiles(dir, ['f7.bin'])]);
    expect(many).toHaveLength(asked.length);
    for (const [i, name] of names.entries()) {
      const expected = statSync(path.join(dir, name));
      expect(many[i]).toEqual({ size: i, modifiedAt: expected.mtime });
    }
    expect(many.slice(-2)).toEqual([undefined, undefined]);
    expect(again).toEqual([{ size: 7, modifiedAt: statSync(path.join(dir, 'f7.bin')).mtime }]);
    expect(await statFiles(dir, [])).toEqual([]);
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
