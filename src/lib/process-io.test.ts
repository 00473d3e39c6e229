import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processReadBytes } from './process-io.js';
import { spawnTool } from './spawn.js';

describe.runIf(existsSync('/proc/self/io'))('bytes a tool read', () => {
  it('count what a running tool read from a pipe, and keep its last figure once it exited', async () => {
    // head reads its first 64 KiB and waits for more: the count is taken while it runs.
    const tool = spawnTool('head', ['-c', String(2 * 65536)], { stdin: 'pipe', stdout: 'ignore' });
    const before = tool.bytesRead() ?? -1;
    tool.child.stdin!.write(Buffer.alloc(65536));
    let read = before;
    for (let i = 0; i < 500 && read < before + 65536; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10)); // polling a real process
      read = tool.bytesRead() ?? -1;
    }
    expect(read - before).toBeGreaterThanOrEqual(65536);
    tool.child.stdin!.end(Buffer.alloc(65536));
    await tool.done;
    expect(processReadBytes(tool.child.pid)).toBeUndefined();
    expect(tool.bytesRead()).toBe(read);
  });

  it('is undefined for no process', () => {
    expect(processReadBytes(undefined)).toBeUndefined();
    expect(processReadBytes(2 ** 30)).toBeUndefined();
  });
});
