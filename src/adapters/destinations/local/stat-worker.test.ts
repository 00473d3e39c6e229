import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { statFiles } from './stat-worker.js';

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
