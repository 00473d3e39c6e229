import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PG_CONFIG } from '../../test/support/postgres-fixture.js';
import { spawnTool } from './spawn.js';
import { receivedBy } from './tool-reads.js';

const ROW = 2_000_000;

describe('bytes a tool read', () => {
  it('sums bytes_received of the given sockets only', () => {
    const output = [
      'ESTAB 0 0 127.0.0.1:5432 127.0.0.1:40000 ino:11 sk:1 <-> bytes_sent:5 bytes_received:700 segs_out:2',
      'ESTAB 0 0 127.0.0.1:40000 127.0.0.1:5432 ino:12 sk:2 <-> bytes_sent:700 bytes_received:5 segs_out:2',
      'ESTAB 0 0 127.0.0.1:40001 127.0.0.1:5432 ino:13 sk:3 <-> bytes_sent:1 bytes_received:40 segs_out:2',
    ].join('\n');
    expect(receivedBy(output, new Set(['12', '13']))).toBe(45);
    expect(receivedBy(output, new Set(['99']))).toBeUndefined();
  });

  // libpq takes its socket's bytes with recv(2), which the process's rchar does not count: the figure must come
  // from the connection itself.
  it.runIf(existsSync('/proc/self/io'))('counts what a libpq client received over TCP while it waits for more input', async () => {
    const psql = spawnTool('psql', ['-X', '-q', '-h', PG_CONFIG.host, '-p', String(PG_CONFIG.port), '-U', PG_CONFIG.user, '-d', 'postgres', '-o', '/dev/null', '-f', '-'], {
      stdin: 'pipe', stdout: 'ignore', env: { PGPASSWORD: PG_CONFIG.password },
    });
    psql.child.stdin!.write(`SELECT repeat('x', ${ROW});\n`);
    let read = 0;
    for (let i = 0; i < 1000 && read < ROW; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20)); // polling a real process
      read = psql.bytesRead() ?? 0;
    }
    psql.child.stdin!.end();
    await psql.done;
    expect(read).toBeGreaterThanOrEqual(ROW);
    expect(psql.bytesRead()).toBe(read);
  });
});
