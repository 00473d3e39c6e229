import type { Duplex } from 'node:stream';
import type { Destination } from '../adapters/destinations/types.js';
import type { DumpOptions, Source, SourceInfo } from '../adapters/sources/types.js';
import type { Clock } from '../lib/clock.js';
import { z } from 'zod';
import { CancelledError, ValidationError, firstLine } from '../lib/errors.js';
import { artifactKey } from '../domain/layout.js';
import { prepareFile, startDelivery } from './delivery.js';
import { publishAll, type DestinationOutcome } from './publish.js';
import { buildSidecar, type EncryptionInfo } from './sidecar.js';
import { dumpTableStats } from './table-stats.js';
import { compressionExtension, type CompressionSpec } from './stages/compression.js';
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
 * One artifact: dump -> compress -> [encrypt] -> measure -> fan-out to every destination -> sidecars last
 * (delivery.ts; with one local folder and a compressor tool, the compressor writes the file itself and it is
 * measured as stored). Never throws for a failed run: the outcome says what happened, per destination.
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
    const encrypt = request.encryption?.transform();
    const name = (extension: string) => ({ source: request.sourceName, database: options.globals ? 'globals' : options.database, startedAt, extension });
    const compressedExtension = compressionExtension(request.compression.algorithm);
    const file = await prepareFile({
      destinations: request.destinations, compression: request.compression, encrypting: Boolean(encrypt), signal,
      nearKey: (prefix) => artifactKey(name(compressedExtension), prefix),
    });
    const dump = await source.dump(options, signal).catch(async (error: unknown) => {
      await file?.upload.abort();
      throw error;
    });
    const extension = [dump.extension, compressedExtension, encrypt ? 'age' : ''].filter(Boolean).join('.');
    // Nothing is published before the test passed; it starts once the compressor runs (see above).
    let startTest!: () => void;
    const tested = new Promise<SourceInfo>((resolve) => { startTest = () => resolve(testSource()); });
    tested.catch(() => undefined);
    const delivery = await startDelivery({
      destinations: request.destinations, keyFor: (prefix) => artifactKey(name(extension), prefix), compression: request.compression, encrypt,
      input: dump.stream, signal, upstreamDone: () => bothSucceeded(tested, dump.done),
    }, file);
    startTest();
    // Estimates are one catalog query; exact fingerprints are read beside the dump, in its snapshot where possible.
    const counting = dumpTableStats(source, options, dump, signal, onLog);
    const { targets, results } = delivery;
    // Progress is what the destinations took, sampled until every upload settled (the last figure is the size),
    // beside what the dump read from the database, which moves while a dump tool still gathers a large row.
    void results.then(reportProgress(request.onProgress, delivery.taken, dump.bytesRead));
    const flowError = await delivery.flowing.then(() => undefined, (error: Error) => error);
    if (flowError) {
      stop.abort(flowError); // kills every tool still running
      const dumpError = await dump.done.then(() => undefined, (error: Error) => error);
      const cause = (await testFailure()) ?? (dumpError && !(dumpError instanceof CancelledError) ? dumpError : flowError);
      await Promise.all([results, counting]);
      return fail(cause, targets.map((t) => ({ name: t.name, key: t.key, ok: false, error: firstLine(cause) })));
    }

    const measured = await delivery.flowing;
    const info = await tested;
    const tables = await counting;
    const sidecar = buildSidecar({ request: { ...request, dump: options }, info, tables, format: dump.format, measured, startedAt, finishedAt: request.clock.now() });
    const outcomes = await publishAll(await results, targets, measured, sidecar, request.signal);
    const okCount = outcomes.filter((o) => o.ok).length;
    const status = okCount === outcomes.length ? 'succeeded' : okCount > 0 ? 'partial' : 'failed';
    onLog(`Stored ${measured.bytes} bytes on ${okCount}/${outcomes.length} destination(s)`);
    // One destination: its error alone, as when the flow itself failed (which of the two comes first is a race).
    const failures = outcomes.filter((o) => !o.ok);
    const error = status === 'succeeded' ? undefined : outcomes.length === 1 ? failures[0]!.error : failures.map((o) => `${o.name}: ${o.error}`).join('; ');
    return {
      status, backupId: sidecar.backupId, size: measured.bytes, sha256: measured.sha256, destinations: outcomes,
      startedAt: sidecar.startedAt, finishedAt: sidecar.finishedAt, ...(error ? { error } : {}),
    };
  } catch (error) {
    stop.abort(error);
    return fail((await testFailure()) ?? error);
  }
}

/**
 * Resolves when the connection test and the dump both succeeded. Waits for both to settle, so that when both
 * fail (an unreachable server fails them at once) the test's error, which names the host, is the one reported.
 */
async function bothSucceeded(tested: Promise<SourceInfo>, dumped: Promise<void>): Promise<void> {
  const [test, dump] = await Promise.allSettled([tested, dumped]);
  if (test.status === 'rejected') throw test.reason;
  if (dump.status === 'rejected') throw dump.reason;
}

function dumpOptions(requested: BackupRequest['dump']): DumpOptions {
  const parsed = dumpRequestSchema.safeParse(requested);
  if (!parsed.success) throw new ValidationError(`Invalid dump options: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'dump'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
