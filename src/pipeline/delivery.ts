import type { Duplex, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Destination, FileUpload } from '../adapters/destinations/types.js';
import { hasFileDescriptor } from '../lib/streams.js';
import { freeKey } from './publish.js';
import type { CompressionSpec } from './stages/compression.js';
import { compressesWithTool, compressIntoFile, compressStage } from './stages/compress.js';
import { fanOut, type FanOutResult, type FanOutTarget } from './stages/fan-out.js';
import { MeasureStage, type Measurement } from './stages/measure.js';
import { measureGrowingFile } from './stages/measure-file.js';

export interface DeliveryRequest {
  destinations: { name: string; destination: Destination; prefix?: string }[];
  /** The artifact's key on a destination with this prefix. */
  keyFor: (prefix?: string) => string;
  compression: CompressionSpec;
  encrypt?: Duplex;
  /** The dump tool's output. */
  input: Readable;
  /** Resolves when the dump tool and the connection test succeeded: nothing is published before. */
  upstreamDone: () => Promise<void>;
  signal: AbortSignal;
}

/** The bytes of one artifact on their way from the compressor to every destination. */
export interface Delivery {
  targets: FanOutTarget[];
  /** The stored bytes' size and sha256, once all went through and upstream succeeded; rejects with the flow's error. */
  flowing: Promise<Measurement>;
  /** Each destination's outcome, settled after `flowing`; never rejects. */
  results: Promise<FanOutResult[]>;
  /** Bytes the destinations have taken so far, for progress. */
  taken: () => number;
}

/** A file made ready before the dump starts, for the compressor to write into (see deliverIntoFile). */
export interface PreparedFile {
  only: DeliveryRequest['destinations'][number];
  upload: FileUpload;
}

/**
 * Before the dump starts (the compressor must take the dump tool's output before any of it is read here): a
 * partial file on the only destination, when it can hand one out and the run neither encrypts nor compresses
 * in-process. `nearKey` places it in the artifact's folder; its final name is decided once the dump is known.
 */
export async function prepareFile(
  request: Pick<DeliveryRequest, 'destinations' | 'compression' | 'signal'> & { encrypting: boolean; nearKey: (prefix?: string) => string },
): Promise<PreparedFile | null> {
  const [only, ...others] = request.destinations;
  if (!only?.destination.createFile || others.length > 0 || request.encrypting || !compressesWithTool(request.compression)) return null;
  return { only, upload: await only.destination.createFile(request.nearKey(only.prefix), request.signal) };
}

/**
 * Starts the compressor and the flow: straight into the prepared file when the dump's output is a tool's, else
 * through streams (the prepared file, if any, is then removed). Call it as soon as the dump started.
 */
export async function startDelivery(request: DeliveryRequest, file: PreparedFile | null): Promise<Delivery> {
  if (file && hasFileDescriptor(request.input)) return deliverIntoFile(request, file);
  void file?.upload.abort(); // not awaited: the compressor below must take the dump's output before it is read here
  return deliverThroughStreams(request);
}

/**
 * compress -> [encrypt] -> measure -> fan-out to every destination. The compressor starts before the keys are
 * looked up, so it is ready when the dump's first bytes come.
 */
async function deliverThroughStreams(request: DeliveryRequest): Promise<Delivery> {
  const { signal } = request;
  const compressed = compressStage(request.compression, request.input, signal);
  // Until the flow below takes it, an abort (a failed connection test) must not crash on an unheard error:
  // the cause is reported from the test, the tools or the flow.
  compressed.output.on('error', () => undefined);
  const targets = await Promise.all(
    request.destinations.map(async (d) => ({ ...d, key: await freeKey(d.destination, request.keyFor(d.prefix)) })),
  );
  const measure = new MeasureStage();
  const upstreamDone = () => Promise.all([request.upstreamDone(), compressed.done]).then(() => undefined);
  const { sink, results, taken } = fanOut(targets, signal, upstreamDone);
  const stages = request.encrypt ? [request.encrypt, measure] : [measure];
  const flowing = pipeline([compressed.output, ...stages, sink], { signal }).then(() => measure.result());
  flowing.catch(() => undefined);
  return { targets, flowing, results, taken };
}

/**
 * The compressed bytes never pass through this process when they have one place to go: a single destination
 * that hands out a file (a local folder), no encryption, and a compressor that runs as a tool reading the dump
 * tool's output. The compressor writes the file itself; the file is measured as stored (read back from the
 * page cache), named once it is complete, and published only when the dump succeeded.
 */
function deliverIntoFile(request: DeliveryRequest, { only, upload }: PreparedFile): Delivery {
  const { signal } = request;
  const compressed = compressIntoFile(request.compression, request.input, upload.fd, signal)!;
  const measuring = measureGrowingFile(upload.fd, compressed.done, signal, (bytes) => upload.grew(bytes));
  const flowing = (async () => {
    const measured = await measuring.result;
    await request.upstreamDone();
    return measured;
  })();
  flowing.catch(() => undefined);
  const planned = request.keyFor(only.prefix);
  const results = flowing.then(
    async (): Promise<FanOutResult[]> => {
      let key = planned;
      try {
        key = await freeKey(only.destination, planned);
        return [{ name: only.name, key, ok: true, stored: await upload.commit(key) }];
      } catch (error) {
        await upload.abort();
        return [{ name: only.name, key, ok: false, error: error as Error }];
      }
    },
    async (error: Error): Promise<FanOutResult[]> => {
      await upload.abort();
      return [{ name: only.name, key: planned, ok: false, error }];
    },
  );
  return { targets: [{ name: only.name, destination: only.destination, key: planned }], flowing, results, taken: measuring.measured };
}
