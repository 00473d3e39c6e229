import type { Redis } from 'ioredis';
import { CancelledError, LifeboatError } from '../../../lib/errors.js';
import type { RedisConfig } from './redis.config.js';
import { connectRedis } from './redis-connection.js';
import { NO_EXPIRY, decodeRecords, type KeyRecord } from './redis-records.js';

/** One pipelined round trip per batch; the next batch is read only once this one is acknowledged (backpressure). */
const BATCH_KEYS = 500;
const BATCH_BYTES = 8 * 1024 * 1024;

export interface RestoreTarget {
  /** Every record goes to this database; otherwise each to the database it came from. */
  db?: number;
  /** Empty each target database (FLUSHDB) before its first key is restored. */
  clean: boolean;
}

/** RESTORE key pttl payload REPLACE into the running server, in pipelined batches. Returns the key count. */
export async function restoreRecords(config: RedisConfig, input: AsyncIterable<unknown>, target: RestoreTarget, signal: AbortSignal): Promise<number> {
  const clients = new Map<number, Redis>();
  const client = async (db: number): Promise<Redis> => {
    let existing = clients.get(db);
    if (!existing) {
      existing = await connectRedis(config, db);
      clients.set(db, existing);
      if (target.clean) await existing.flushdb();
    }
    return existing;
  };
  let batch: KeyRecord[] = [];
  let bytes = 0;
  let restored = 0;
  try {
    for await (const record of decodeRecords(input)) {
      batch.push({ ...record, db: target.db ?? record.db });
      bytes += record.key.length + record.payload.length;
      if (batch.length >= BATCH_KEYS || bytes >= BATCH_BYTES) {
        restored += await flush(batch, client, signal);
        batch = [];
        bytes = 0;
      }
    }
    restored += await flush(batch, client, signal);
    return restored;
  } finally {
    for (const c of clients.values()) c.disconnect();
  }
}

async function flush(batch: KeyRecord[], client: (db: number) => Promise<Redis>, signal: AbortSignal): Promise<number> {
  if (signal.aborted) throw new CancelledError('Redis restore cancelled');
  const byDb = new Map<number, KeyRecord[]>();
  for (const record of batch) {
    const list = byDb.get(record.db);
    if (list) list.push(record);
    else byDb.set(record.db, [record]);
  }
  for (const [db, records] of byDb) {
    const pipe = (await client(db)).pipeline();
    for (const r of records) pipe.restore(r.key, r.pttl === NO_EXPIRY ? 0 : r.pttl, r.payload, 'REPLACE');
    const results = (await pipe.exec()) ?? [];
    results.forEach(([error], i) => {
      if (error) {
        const key = JSON.stringify(records[i]!.key.toString());
        throw new LifeboatError(`Restoring key ${key} into db ${db} failed: ${error.message}`, { cause: error });
      }
    });
  }
  return batch.length;
}
