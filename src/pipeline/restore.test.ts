import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MemoryDestination } from '../adapters/destinations/memory/memory.destination.js';
import { FakeClock } from '../lib/clock.js';
import { readSmall } from '../lib/streams.js';
import { sidecarKey } from '../domain/layout.js';
import { ToolSource, seqOutput } from '../../test/support/fake-source.js';
import { runBackup } from './backup.js';
import { runRestore } from './restore.js';
import { parseSidecar } from './sidecar.js';
import { parseCompression } from './stages/compression.js';
import { IntegrityError } from './stages/verify.js';

async function backedUp(compression: string) {
  const destination = new MemoryDestination();
  const outcome = await runBackup({
    source: new ToolSource('seq', ['1', '300000']),
    sourceName: 'src',
    dump: { database: 'db', mode: 'full' },
    destinations: [{ name: 'd', destination }],
    compression: parseCompression(compression),
    clock: new FakeClock(),
    signal: new AbortController().signal,
  });
  const key = outcome.destinations[0]!.key;
  const sidecar = parseSidecar((await readSmall(await destination.get(sidecarKey(key)))).toString());
  return { destination, key, sidecar };
}

async function replace(destination: MemoryDestination, key: string, edit: (data: Buffer) => Buffer) {
  const data = await readSmall(await destination.get(key), 1 << 30);
  await destination.put(key, Readable.from([edit(Buffer.from(data))]));
}

describe('runRestore', () => {
  for (const compression of ['none', 'gzip', 'zstd', 'brotli', 'bzip2']) {
    it(`restores exactly what was dumped (${compression})`, async () => {
      const { destination, key, sidecar } = await backedUp(compression);
      const target = new ToolSource('true', []);
      await runRestore({ destination, sidecarKey: sidecarKey(key), sidecar, target, options: {}, signal: new AbortController().signal });
      expect(Buffer.concat(target.restored).equals(seqOutput(300000))).toBe(true);
      expect(target.restoreEnded).toBe(true);
    });
  }

  const tampering: [string, (data: Buffer) => Buffer][] = [
    ['a flipped byte', (d) => { d[Math.floor(d.length / 2)]! ^= 0x01; return d; }],
    ['a truncated file', (d) => d.subarray(0, d.length - 100)],
    ['an appended tail', (d) => Buffer.concat([d, Buffer.from('DROP TABLE users;')])],
  ];
  for (const [name, edit] of tampering) {
    it(`refuses ${name} and never lets the target see the end of the input`, async () => {
      const { destination, key, sidecar } = await backedUp('none');
      await replace(destination, key, edit);
      const target = new ToolSource('true', []);
      const restoring = runRestore({ destination, sidecarKey: sidecarKey(key), sidecar, target, options: {}, signal: new AbortController().signal });
      await expect(restoring).rejects.toBeInstanceOf(IntegrityError);
      expect(target.restoreEnded).toBe(false);
    });
  }

  it('refuses an encrypted backup without a key', async () => {
    const { destination, key, sidecar } = await backedUp('none');
    const encrypted = { ...sidecar, encryption: { algorithm: 'age' as const, profileId: null, recipients: ['abc'], passphrase: false } };
    await expect(
      runRestore({ destination, sidecarKey: sidecarKey(key), sidecar: encrypted, target: new ToolSource('true', []), options: {}, signal: new AbortController().signal }),
    ).rejects.toThrow(/encrypted/);
  });
});

describe('parseSidecar', () => {
  it('refuses an unknown major version with a clear message', async () => {
    const { sidecar } = await backedUp('none');
    expect(() => parseSidecar(JSON.stringify({ ...sidecar, formatVersion: 2 }))).toThrow(/format version 2; this Lifeboat reads version 1/);
    expect(() => parseSidecar('{"formatVersion":1}')).toThrow(/not a valid Lifeboat sidecar/);
    expect(parseSidecar(JSON.stringify({ ...sidecar, futureField: true })).backupId).toBe(sidecar.backupId);
  });
});
