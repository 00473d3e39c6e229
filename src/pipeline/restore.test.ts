import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Source } from '../adapters/sources/types.js';
import { handOverInput } from '../lib/direct-feed.js';
import { spawnTool } from '../lib/spawn.js';
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

async function backedUp(compression: string, source = new ToolSource('seq', ['1', '300000'])) {
  const destination = new MemoryDestination();
  const outcome = await runBackup({
    source,
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

const tampering: [string, (data: Buffer) => Buffer][] = [
  ['a flipped byte', (d) => { d[Math.floor(d.length / 2)]! ^= 0x01; return d; }],
  ['a truncated file', (d) => d.subarray(0, d.length - 100)],
  ['an appended tail', (d) => Buffer.concat([d, Buffer.from('DROP TABLE users;')])],
];

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

/**
 * A restore tool in a real process that, like pg_restore, completes once it has read what it needs, without
 * waiting for the end of its input: writes the first `needs` bytes of its stdin to `out`, then `marker`.
 */
function toolTarget(dir: string, needs = DUMP_BYTES) {
  const out = path.join(dir, 'out');
  const marker = path.join(dir, 'complete');
  const state = { direct: false, out, marker };
  const target: Source = Object.assign(new ToolSource('true', []), {
    restore: async (stream: Readable, _options: unknown, signal: AbortSignal) => {
      const tool = spawnTool('sh', ['-c', 'head -c "$3" > "$1" && touch "$2"', 'sh', out, marker, String(needs)], { stdin: 'pipe', signal });
      const direct = handOverInput(stream, tool.child);
      state.direct = direct !== undefined;
      if (!direct) stream.pipe(tool.child.stdin!);
      stream.once('error', () => tool.child.kill('SIGTERM'));
      await tool.done;
    },
  });
  return { target, state };
}

const DUMP_BYTES = 3_000_000;
/** Incompressible, so the artifact is larger than what the checksum stage holds back. */
const randomDump = () => new ToolSource('head', ['-c', String(DUMP_BYTES), '/dev/urandom']);

describe('runRestore into a restore tool (the decompressor writes into its stdin)', async () => {
  const work = await mkdtemp(path.join(tmpdir(), 'lifeboat-restore-'));
  afterAll(() => rm(work, { recursive: true, force: true }));
  const dumped = await backedUp('zstd', randomDump());
  let n = 0;

  it('hands the decompressed dump to the tool as an OS pipe, byte for byte', async () => {
    const { target, state } = toolTarget(await mkdtemp(path.join(work, `${n++}-`)));
    await runRestore({ destination: dumped.destination, sidecarKey: sidecarKey(dumped.key), sidecar: dumped.sidecar, target, options: {}, signal: new AbortController().signal });
    expect(state.direct).toBe(true);
    expect(existsSync(state.marker)).toBe(true);
    expect((await readFile(state.out)).length).toBe(DUMP_BYTES);
  });

  for (const [name, edit] of tampering) {
    it(`refuses ${name}: the tool is stopped before its input ends`, async () => {
      const { destination, key, sidecar } = await backedUp('zstd', randomDump());
      await replace(destination, key, edit);
      const { target, state } = toolTarget(await mkdtemp(path.join(work, `${n++}-`)));
      const restoring = runRestore({ destination, sidecarKey: sidecarKey(key), sidecar, target, options: {}, signal: new AbortController().signal });
      await expect(restoring).rejects.toBeInstanceOf(IntegrityError);
      expect(state.direct).toBe(true);
      expect(existsSync(state.marker)).toBe(false);
    });
  }

  it('holds back a tail until the checksum matched, for a tool that completes before its input ends', async () => {
    const { destination, key, sidecar } = await backedUp('zstd', randomDump());
    await replace(destination, key, tampering[0]![1]);
    const whole = await readSmall(await destination.get(key), 1 << 30);
    // Small chunks, and the frame's last 4 bytes late: without the held tail, the tool would have the whole dump.
    const slow = Object.create(destination, {
      get: { value: async () => Readable.from((async function* () {
        for (let at = 0; at < whole.length - 4; at += 64 * 1024) yield whole.subarray(at, Math.min(at + 64 * 1024, whole.length - 4));
        await new Promise((resolve) => setTimeout(resolve, 500));
        yield whole.subarray(whole.length - 4);
      })()) },
    }) as MemoryDestination;
    const { target, state } = toolTarget(await mkdtemp(path.join(work, `${n++}-`)), DUMP_BYTES - 300_000);
    const restoring = runRestore({ destination: slow, sidecarKey: sidecarKey(key), sidecar, target, options: {}, signal: new AbortController().signal });
    await expect(restoring).rejects.toBeInstanceOf(IntegrityError);
    expect(existsSync(state.marker)).toBe(false);
  });

  it('stops the tool before its input ends when the decompressor fails', async () => {
    const { destination, key, sidecar } = await backedUp('none', randomDump());
    const { target, state } = toolTarget(await mkdtemp(path.join(work, `${n++}-`)));
    const mislabelled = { ...sidecar, compression: { algorithm: 'zstd' as const, level: 3 } };
    const restoring = runRestore({ destination, sidecarKey: sidecarKey(key), sidecar: mislabelled, target, options: {}, signal: new AbortController().signal });
    await expect(restoring).rejects.toThrow(/zstd/);
    expect(state.direct).toBe(true);
    expect(existsSync(state.marker)).toBe(false);
  });

  it('stops the tool before its input ends when cancelled mid-stream', async () => {
    const { target, state } = toolTarget(await mkdtemp(path.join(work, `${n++}-`)));
    const controller = new AbortController();
    const whole = await readSmall(await dumped.destination.get(dumped.key), 1 << 30);
    const stalling = Object.create(dumped.destination, {
      get: { value: async () => {
        let sent = false; // the first 2 MiB, then nothing until cancelled
        return new Readable({ read() { if (!sent) { sent = true; this.push(whole.subarray(0, 2 << 20)); setTimeout(() => controller.abort(), 200); } } });
      } },
    }) as MemoryDestination;
    const restoring = runRestore({ destination: stalling, sidecarKey: sidecarKey(dumped.key), sidecar: dumped.sidecar, target, options: {}, signal: controller.signal });
    await expect(restoring).rejects.toThrow(/cancel/i);
    expect(state.direct).toBe(true);
    expect(existsSync(state.marker)).toBe(false);
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
