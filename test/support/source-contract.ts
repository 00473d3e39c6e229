import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/adapters/sources/types.js';

/**
 * What every source adapter must pass against a real server. A fixture seeds data, builds sources and
 * fingerprints a database (per-table row counts + content checksum) so round trips compare data.
 */
export interface SourceFixture {
  engine: string;
  /** A source configured for the real server. */
  source(): Source;
  /** Creates and seeds a database with varied data; returns its name (undefined for single-database engines). */
  seed(): Promise<{ database: string | undefined; cleanup(): Promise<void> }>;
  /** A fresh, empty restore target; returns its name and a cleanup. */
  emptyTarget(): Promise<{ database: string | undefined; source?: Source; cleanup(): Promise<void> }>;
  /** Row counts and a content checksum per table, comparable across databases. */
  fingerprint(database: string | undefined, source?: Source): Promise<Record<string, { rows: number; checksum: string }>>;
  /** A source whose password is wrong (omit for engines without passwords). */
  wrongPassword?(): Source;
  /** A source pointed at a closed port. */
  unreachable(): Source;
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

export function sourceContract(name: string, fixture: SourceFixture): void {
  describe(`${name} source contract`, () => {
    it('reports engine and server version', async () => {
      const info = await fixture.source().test();
      expect(info.engine).toBe(fixture.engine);
      expect(info.serverVersion).toMatch(/\d/);
    });

    it('dumps and restores with identical data', async () => {
      const seeded = await fixture.seed();
      const target = await fixture.emptyTarget();
      try {
        const source = fixture.source();
        if (seeded.database && source.capabilities.multiDatabase) {
          expect(await source.listDatabases()).toContain(seeded.database);
        }
        const dump = await source.dump({ database: seeded.database, mode: 'full' }, new AbortController().signal);
        const bytes = await collect(dump.stream);
        await dump.done;
        expect(bytes.length).toBeGreaterThan(0);
        const restoreInto = target.source ?? source;
        const input = new PassThrough();
        input.end(bytes);
        await restoreInto.restore(input, { database: target.database, format: dump.format }, new AbortController().signal);
        const expected = await fixture.fingerprint(seeded.database);
        expect(Object.keys(expected).length).toBeGreaterThan(0);
        expect(await fixture.fingerprint(target.database, target.source)).toEqual(expected);
      } finally {
        await target.cleanup();
        await seeded.cleanup();
      }
    });

    it('fails clearly and quickly when the server is unreachable', async () => {
      const started = Date.now();
      await expect(fixture.unreachable().test()).rejects.toThrow(/.+/);
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it.runIf(Boolean(fixture.wrongPassword))('fails clearly on a wrong password, without echoing it', async () => {
      const error = await fixture.wrongPassword!().test().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error!.message).not.toContain('wrong-password-123');
    });

    it('kills the dump when aborted', async () => {
      const seeded = await fixture.seed();
      try {
        const controller = new AbortController();
        const dump = await fixture.source().dump({ database: seeded.database, mode: 'full' }, controller.signal);
        controller.abort();
        dump.stream.resume();
        await expect(dump.done).rejects.toThrow();
      } finally {
        await seeded.cleanup();
      }
    });
  });
}
