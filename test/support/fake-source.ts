import { Readable } from 'node:stream';
import type { Dump, Source } from '../../src/adapters/sources/types.js';
import { spawnTool } from '../../src/lib/spawn.js';

/**
 * A source whose "database" is a real tool's output (`seq`, or `sh` for failures): exercises the pipeline's
 * process wiring without a database server. Restores are captured in memory.
 */
export class ToolSource implements Source {
  readonly capabilities = { multiDatabase: false, schemaOnly: false, dataOnly: false, selectiveRestore: false, globals: false };
  restored: Buffer[] = [];
  restoreEnded = false;

  constructor(private readonly command: string, private readonly args: string[]) {}

  async test() {
    return { engine: 'tool', serverVersion: '1.0' };
  }

  async listDatabases() {
    return [];
  }

  async dump(_options: unknown, signal: AbortSignal): Promise<Dump> {
    const tool = spawnTool(this.command, this.args, { signal });
    return { stream: tool.child.stdout!, format: 'text', extension: 'txt', done: tool.done, bytesRead: tool.bytesRead };
  }

  async restore(stream: Readable, _options: unknown, signal: AbortSignal): Promise<void> {
    this.restored = [];
    for await (const chunk of stream) {
      if (signal.aborted) throw new Error('aborted');
      this.restored.push(chunk as Buffer);
    }
    if (signal.aborted) throw new Error('aborted');
    this.restoreEnded = true;
  }
}

/** The bytes `seq 1 n` prints, for comparison. */
export function seqOutput(n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, (_, i) => `${i + 1}\n`).join(''));
}
