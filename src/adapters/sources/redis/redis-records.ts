import { ValidationError } from '../../../lib/errors.js';

/**
 * The `redis-records` format (version 1), documented in README.md: an ASCII header line, then tagged records,
 * big-endian, length-prefixed, and an end record carrying the count so truncation is always detected.
 */
export const RECORDS_FORMAT = 'redis-records';
export const RECORDS_HEADER = Buffer.from('LIFEBOAT-REDIS-RECORDS 1\n', 'ascii');
const TAG_KEY = 0x4b; // 'K'
const TAG_END = 0x45; // 'E'
/** `pttl` value for a key without expiry. */
export const NO_EXPIRY = -1;

export interface KeyRecord {
  db: number;
  key: Buffer;
  /** Milliseconds left at dump time, or NO_EXPIRY. */
  pttl: number;
  /** The server's DUMP output (value, RDB version, CRC64), restored as is. */
  payload: Buffer;
}

export function encodeRecord(record: KeyRecord): Buffer {
  const head = Buffer.allocUnsafe(1 + 4 + 4);
  head.writeUInt8(TAG_KEY, 0);
  head.writeUInt32BE(record.db, 1);
  head.writeUInt32BE(record.key.length, 5);
  const middle = Buffer.allocUnsafe(8 + 4);
  middle.writeBigInt64BE(BigInt(record.pttl), 0);
  middle.writeUInt32BE(record.payload.length, 8);
  return Buffer.concat([head, record.key, middle, record.payload]);
}

export function encodeEnd(count: number): Buffer {
  const end = Buffer.allocUnsafe(1 + 8);
  end.writeUInt8(TAG_END, 0);
  end.writeBigUInt64BE(BigInt(count), 1);
  return end;
}

/** Pulls exact byte counts out of a chunked stream, holding only what the current record needs. */
class ByteReader {
  private chunks: Buffer[] = [];
  /** Index of the first unread chunk: shifting a long array per byte would be quadratic. */
  private head = 0;
  private available = 0;
  private ended = false;

  constructor(private readonly source: AsyncIterator<unknown>) {}

  private async fill(n: number): Promise<void> {
    while (this.available < n && !this.ended) {
      const next = await this.source.next();
      if (next.done) this.ended = true;
      else {
        const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
        this.chunks.push(chunk);
        this.available += chunk.length;
      }
    }
  }

  async atEnd(): Promise<boolean> {
    await this.fill(1);
    return this.available === 0;
  }

  async read(n: number): Promise<Buffer> {
    if (n === 0) return Buffer.alloc(0); // the empty key "" is a valid Redis key
    await this.fill(n);
    if (this.available < n) throw new ValidationError('The Redis backup is truncated: it ends in the middle of a record');
    this.available -= n;
    const first = this.chunks[this.head]!;
    const out = first.length >= n ? first.subarray(0, n) : Buffer.allocUnsafe(n);
    let copied = first.length >= n ? n : 0;
    if (copied === n) this.consume(first, n);
    while (copied < n) {
      const chunk = this.chunks[this.head]!;
      const take = Math.min(chunk.length, n - copied);
      chunk.copy(out, copied, 0, take);
      copied += take;
      this.consume(chunk, take);
    }
    return out;
  }

  private consume(chunk: Buffer, bytes: number): void {
    if (bytes < chunk.length) this.chunks[this.head] = chunk.subarray(bytes);
    else this.head += 1;
    if (this.head > 1024) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }
}

/** Yields the key records of a `redis-records` stream; throws on a wrong header, truncation or a bad count. */
export async function* decodeRecords(input: AsyncIterable<unknown>): AsyncGenerator<KeyRecord> {
  const reader = new ByteReader(input[Symbol.asyncIterator]());
  const header = await reader.read(RECORDS_HEADER.length).catch(() => Buffer.alloc(0));
  if (!header.equals(RECORDS_HEADER)) throw new ValidationError('Not a Lifeboat Redis backup (redis-records version 1 header missing)');
  let count = 0;
  for (;;) {
    if (await reader.atEnd()) throw new ValidationError('The Redis backup is truncated: the end record is missing');
    const tag = (await reader.read(1))[0];
    if (tag === TAG_END) {
      const expected = Number((await reader.read(8)).readBigUInt64BE(0));
      if (expected !== count) throw new ValidationError(`The Redis backup is damaged: ${count} records read, ${expected} announced`);
      if (!(await reader.atEnd())) throw new ValidationError('The Redis backup has data after its end record');
      return;
    }
    if (tag !== TAG_KEY) throw new ValidationError(`The Redis backup is damaged: unknown record tag ${tag}`);
    const db = (await reader.read(4)).readUInt32BE(0);
    const key = await reader.read((await reader.read(4)).readUInt32BE(0));
    const middle = await reader.read(12);
    const payload = await reader.read(middle.readUInt32BE(8));
    count += 1;
    yield { db, key, pttl: Number(middle.readBigInt64BE(0)), payload };
  }
}
