import type { Redis } from 'ioredis';
import { LifeboatError } from '../../../lib/errors.js';
import type { RedisConfig } from './redis.config.js';
import { connectRedis } from './redis-connection.js';
import { NO_EXPIRY, RECORDS_HEADER, encodeEnd, encodeRecord } from './redis-records.js';

/** Keys per SCAN page: bounds memory to one page of values at a time. */
const SCAN_COUNT = 200;

/**
 * The dump as an async generator of byte chunks, one SCAN page each. `Readable.from` pulls the next page only
 * when the consumer wants more, so memory stays flat whatever the key count.
 *
 * SCAN is not a snapshot: keys changed during the dump are captured in either state, and a key may be seen twice
 * (restoring it twice with REPLACE is harmless).
 */
export async function* dumpRecords(config: RedisConfig, dbs: number[]): AsyncGenerator<Buffer> {
  yield RECORDS_HEADER;
  let count = 0;
  for (const db of dbs) {
    const client = await connectRedis(config, db);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await client.scanBuffer(cursor, 'COUNT', SCAN_COUNT);
        cursor = next.toString();
        const page = await dumpPage(client, db, keys);
        count += page.length;
        if (page.length > 0) yield Buffer.concat(page);
      } while (cursor !== '0');
    } finally {
      client.disconnect();
    }
  }
  yield encodeEnd(count);
}

async function dumpPage(client: Redis, db: number, keys: Buffer[]): Promise<Buffer[]> {
  if (keys.length === 0) return [];
  const pipe = client.pipeline();
  for (const key of keys) pipe.pttl(key).dumpBuffer(key);
  const results = (await pipe.exec()) ?? [];
  const records: Buffer[] = [];
  keys.forEach((key, i) => {
    const [ttlError, ttl] = results[2 * i] ?? [];
    const [dumpError, payload] = results[2 * i + 1] ?? [];
    const error = ttlError ?? dumpError;
    if (error) throw new LifeboatError(`Reading key ${JSON.stringify(key.toString())} of db ${db} failed: ${error.message}`, { cause: error });
    // Deleted or expired between SCAN and DUMP: nothing to keep.
    if (payload == null || ttl === -2) return;
    // RESTORE treats 0 as "no expiry": a key about to expire keeps 1 ms instead of living forever.
    const pttl = Number(ttl) === NO_EXPIRY ? NO_EXPIRY : Math.max(1, Number(ttl));
    records.push(encodeRecord({ db, key, pttl, payload: payload as Buffer }));
  });
  return records;
}
