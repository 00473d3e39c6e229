import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { BIN } from '../../support/cli.js';

it('a reader that leaves early (lifeboat ls | head) ends the command quietly, not with a stack trace', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-closed-output-'));
  try {
    // Enough lines that ls is still writing after its reader has gone.
    for (let i = 0; i < 200; i++) await writeFile(path.join(dir, `stray-${i}.sql`), 'not a backup');
    const child = spawn(process.execPath, [BIN, 'ls', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader leaves before the first line
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
