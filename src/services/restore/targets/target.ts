import { PassThrough, type Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { IntegrityError } from '../../../pipeline/stages/verify.js';
import type { Source } from '../../../adapters/sources/types.js';
import type { StagingRecord } from './staging.js';

/** One-off privileged credentials to create a missing database. Held in memory for one restore, never stored. */
export interface AdminCredentials {
  user: string;
  password?: string;
}

export interface TargetContext {
  /** The adapter of the target source. */
  source: Source;
  /** Its full configuration (with secrets), for the engine's own connections. */
  config: Record<string, unknown>;
  database: string | undefined;
  clean: boolean;
  tables: string[] | undefined;
  admin: AdminCredentials | undefined;
  log(message: string): Promise<void>;
  /** Records a staging database on the execution before it is created, so recovery can drop it after a crash. */
  recordStaging?(record: StagingRecord): Promise<void>;
  signal: AbortSignal;
}

/**
 * Runs the streaming restore (`run`) into a database the strategy chooses, so that whatever fails, the target
 * is left as it was. `run` receives the Source to hand to the pipeline and the database to name in its options.
 */
export type RestoreStrategy = (context: TargetContext, run: (source: Source, database: string | undefined) => Promise<void>) => Promise<void>;

/** A Source that reads the stream through a transform before the real restore (e.g. a table filter). */
export function filteredSource(inner: Source, filter: () => Transform): Source {
  return {
    capabilities: inner.capabilities,
    test: (signal, database) => inner.test(signal, database),
    listDatabases: (signal) => inner.listDatabases(signal),
    dump: (options, signal) => inner.dump(options, signal),
    restore: (stream, options, signal) => {
      const transform = filter();
      stream.once('error', (error) => transform.destroy(error));
      return inner.restore(stream.pipe(transform), { ...options, tables: undefined }, signal);
    },
  };
}

/**
 * pg_restore with a selection exits as soon as it has read what it needs, before the end of its input. The rest is
 * still read (and discarded) here so the artifact's checksum is checked to the end and the pipeline can finish.
 */
export function drainingSource(inner: Source): Source {
  return {
    ...wrap(inner),
    restore: async (stream, options, signal) => {
      const feed = new PassThrough();
      let open = true;
      stream.on('data', (chunk: Buffer) => { if (open && !feed.write(chunk)) stream.pause(); });
      feed.on('drain', () => stream.resume());
      stream.once('end', () => feed.end());
      stream.once('error', (error) => feed.destroy(error));
      await inner.restore(feed, options, signal);
      open = false;
      stream.resume();
      await finished(stream).catch((error: unknown) => {
        throw new IntegrityError(`The selected tables were restored, but the rest of the artifact failed its check: ${(error as Error).message}`);
      });
    },
  };
}

function wrap(inner: Source): Source {
  return {
    capabilities: inner.capabilities,
    test: (signal, database) => inner.test(signal, database),
    listDatabases: (signal) => inner.listDatabases(signal),
    dump: (options, signal) => inner.dump(options, signal),
    restore: (stream, options, signal) => inner.restore(stream, options, signal),
  };
}
