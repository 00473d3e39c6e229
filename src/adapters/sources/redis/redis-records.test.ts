import { describe, expect, it } from 'vitest';
import { RECORDS_HEADER, decodeRecords, encodeEnd, encodeRecord, type KeyRecord } from './redis-records.js';

const records: KeyRecord[] = [
  { db: 0, key: Buffer.from('plain'), pttl: -1, payload: Buffer.from([0, 5, 104, 101, 108, 108, 111]) },
  { db: 15, key: Buffer.from([0, 255, 10]), pttl: 3_600_000, payload: Buffer.alloc(5_000, 7) },
  { db: 4_000_000, key: Buffer.from('键 🔑'), pttl: 1, payload: Buffer.alloc(0) },
];
const encoded = Buffer.concat([RECORDS_HEADER, ...records.map(encodeRecord), encodeEnd(records.length)]);

async function decode(chunks: Buffer[]): Promise<KeyRecord[]> {
  const out: KeyRecord[] = [];
  const source = (async function* () {
    yield* chunks;
  })();
  for await (const record of decodeRecords(source)) out.push({ ...record, key: Buffer.from(record.key), payload: Buffer.from(record.payload) });
  return out;
}

describe('redis-records format', () => {
  it('round-trips records whatever the chunk boundaries', async () => {
    for (const size of [1, 2, 3, 7, 64, 4096, encoded.length]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < encoded.length; i += size) chunks.push(encoded.subarray(i, i + size));
      expect(await decode(chunks)).toEqual(records);
    }
  });

  it('detects truncation, a wrong count, trailing data and a foreign header', async () => {
    await expect(decode([encoded.subarray(0, encoded.length - 3)])).rejects.toThrow(/truncated/);
    await expect(decode([encoded.subarray(0, encoded.length - 9)])).rejects.toThrow(/end record is missing/);
    const wrongCount = Buffer.concat([encoded.subarray(0, encoded.length - 9), encodeEnd(5)]);
    await expect(decode([wrongCount])).rejects.toThrow(/3 records read, 5 announced/);
    await expect(decode([encoded, Buffer.from('x')])).rejects.toThrow(/after its end record/);
    await expect(decode([Buffer.from('PGDMP')])).rejects.toThrow(/Not a Lifeboat Redis backup/);
  });
});
