import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Destination } from '../adapters/destinations/types.js';
import type { DumpOptions, Source, SourceInfo } from '../adapters/sources/types.js';
import type { Clock } from '../lib/clock.js';
import { z } from 'zod';
import { CancelledError, ValidationError, firstLine } from '../lib/errors.js';
import { artifactKey } from '../domain/layout.js';
import { freeKey, publishAll, type DestinationOutcome } from './publish.js';
import { buildSidecar, type EncryptionInfo } from './sidecar.js';
import { dumpTableStats } from './table-stats.js';
import { compressionExtension, type CompressionSpec } from './stages/compression.js';
import { compressStage } from './stages/compress.js';
import { fanOut } from './stages/fan-out.js';
import { MeasureStage } from './stages/measure.js';
import { reportProgress, type ProgressSink } from './stages/progress.js';

export interface EncryptionSlot {
  transform(): Duplex;
  info: EncryptionInfo;
}

/** What to dump, checked where a run starts: a missing mode means a full dump, an unknown one is refused. */
const dumpRequestSchema = z.object({
  database: z.string().optional(),
  mode: z.enum(['full', 'schema', 'data']).default('full'),
  globals: z.boolean().optional(),
  tableStats: z.enum(['estimates', 'exact']).optional(),
});

export interface BackupRequest {
  source: Source;
  sourceName: string;
  dump: Omit<DumpOptions, 'mode'> & { mode?: DumpOptions['mode'] };
  destinations: { name: string; destination: Destination; prefix?: string }[];
  compression: CompressionSpec;
  encryption?: EncryptionSlot;
  job?: { id: string; name: string } | null;
  clock: Clock;
  signal: AbortSignal;
  /** Bytes the destinations took, and bytes the dump read from the source when it can tell (a few times a second). */
  onProgress?: ProgressSink;
  onLog?: (message: string) => void;
}

export interface BackupOutcome {
  status: 'succeeded' | 'partial' | 'failed';
  backupId: string | null;
  size: number;
  sha256: string | null;
  startedAt: string;
  finishedAt: string;
  destinations: DestinationOutcome[];
  error?: string;
}

/**
 * One artifact: dump -> compress -> [encrypt] -> measure -> fan-out to every destination -> sidecars last.
 * Never throws for a failed run: the outcome says what happened, per destination.
 */
export async function runBackup(request: BackupRequest): Promise<BackupOutcome> {
  const startedAt = request.clock.now();
  const fail = (error: unknown, destinations: DestinationOutcome[] = []): BackupOutcome => ({
    status: 'failed', backupId: null, size: 0, sha256: null, destinations,
    startedAt: startedAt.toISOString(), finishedAt: request.clock.now().toISOString(),
    error: firstLine(request.signal.aborted ? new CancelledError('Backup cancelled') : error),
  });
  const stop = new AbortController();
  const signal = AbortSignal.any([request.signal, stop.signal]);
  let options: DumpOptions;
  try {
    options = dumpOptions(request.dump);
  } catch (error) {
    return fail(error);
  }
  const { source, onLog = () => undefined } = request;
  // The connection test runs beside the dump rather than before it: it gives the server version for the
  // sidecar and, when it fails, the clearest error (and stops the run); no upload completes before it passed.
  // It starts once the dump and its compressor run: loading a database driver holds this thread for tens of
  // milliseconds (50 for pg, 70 for mysql2), which would otherwise delay both tools' start.
  let testing: Promise<SourceInfo> | undefined;
  const testSource = (): Promise<SourceInfo> => {
    testing = source.test(signal, options.database);
    testing.then(
      (info) => onLog(`Dumping ${options.database ?? 'server'} from ${request.sourceName} (${info.engine} ${info.serverVersion})`),
      (error: Error) => stop.abort(error),
    );
    return testing;
  };
  // A dump that could not even start is its own clearest error: the test has not begun then.
  const testFailure = async () => testing?.then(() => undefined, (error: Error) => (error instanceof CancelledError ? undefined : error));
  try {
    const dump = await source.dump(options, signal);
    const compressed = compressStage(request.compression, dump.stream, signal);
    // Until the flow below takes it, an abort (a failed connection test) must not crash on an unheard error:
    // the cause is reported from the test, the tools or the flow.
    compressed.output.on('error', () => undefined);
    const tested = testSource();
    // Estimates are one catalog query; exact fingerprints are read beside the dump, in its snapshot where possible.
    const counting = dumpTableStats(source, options, dump, signal, onLog);
    const encrypt = request.encryption?.transform();
    const extension = [dump.extension, compressionExtension(request.compression.algorithm), encrypt ? 'age' : ''].filter(Boolean).join('.');
    const name = { source: request.sourceName, database: options.globals ? 'globals' : options.database, startedAt, extension };
    const targets = await Promise.all(
      request.destinations.map(async (d) => ({ ...d, key: await freeKey(d.destination, artifactKey(name, d.prefix)) })),
    );

    const measure = new MeasureStage();
    const upstreamDone = () => Promise.all([dump.done, compressed.done, tested]).then(() => undefined);
    // Progress is what the destinations took, sampled until every upload settled (the last figure is the size),
    // beside what the dump read from the database, which moves while a dump tool still gathers a large row.
    const { sink, results, taken } = fanOut(targets, signal, upstreamDone);
    void results.then(reportProgress(request.onProgress, taken, dump.bytesRead));
    const flowing = encrypt
      ? pipeline(compressed.output, encrypt, measure, sink, { signal })
      : pipeline(compressed.output, measure, sink, { signal });
    const flowError = await flowing.then(() => undefined, (error: Error) => error);
    if (flowError) {
      stop.abort(flowError); // kills every tool still running
      const dumpError = await dump.done.then(() => undefined, (error: Error) => error);
      const cause = (await testFailure()) ?? (dumpError && !(dumpError instanceof CancelledError) ? dumpError : flowError);
      await Promise.all([results, counting]);
      return fail(cause, targets.map((t) => ({ name: t.name, key: t.key, ok: false, error: firstLine(cause) })));
    }

    const measured = measure.result();
    const info = await tested;
    const tables = await counting;
    const sidecar = buildSidecar({ request: { ...request, dump: options }, info, tables, format: dump.format, measured, startedAt, finishedAt: request.clock.now() });
    const outcomes = await publishAll(await results, targets, measured, sidecar, request.signal);
    const okCount = outcomes.filter((o) => o.ok).length;
    const status = okCount === outcomes.length ? 'succeeded' : okCount > 0 ? 'partial' : 'failed';
    onLog(`Stored ${measured.bytes} bytes on ${okCount}/${outcomes.length} destination(s)`);
    const error = status === 'succeeded' ? undefined : outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.error}`).join('; ');
    return {
      status, backupId: sidecar.backupId, size: measured.bytes, sha256: measured.sha256, destinations: outcomes,
      startedAt: sidecar.startedAt, finishedAt: sidecar.finishedAt, ...(error ? { error } : {}),
    };
  } catch (error) {
    stop.abort(error);
    return fail((await testFailure()) ?? error);
  }
}

function dumpOptions(requested: BackupRequest['dump']): DumpOptions {
  const parsed = dumpRequestSchema.safeParse(requested);
  if (!parsed.success) throw new ValidationError(`Invalid dump options: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'dump'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
