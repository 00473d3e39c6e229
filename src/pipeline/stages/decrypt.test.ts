import { randomBytes } from 'node:crypto';
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/errors.js';
import { serializeHeaderBody, serializeMacLine } from './age/header.js';
import { BATCH_CHUNKS } from './age/chunk-batches.js';
import { CHUNK_SIZE, SEALED_CHUNK_SIZE } from './age/payload.js';
import { createDecryptStage, IntegrityError, WrongKeyError, type DecryptOptions } from './decrypt.js';
import { createEncryptStage, generateIdentity, type EncryptOptions } from './encrypt.js';

const alice = generateIdentity();
const bob = generateIdentity();
const FAST_SCRYPT = 10; // age's default (18) costs ~1 s per file; the format is the same
/** Plaintext bytes per batch of chunks handed to a worker. */
const BATCH = BATCH_CHUNKS * CHUNK_SIZE;

function pieces(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size) out.push(data.subarray(offset, offset + size));
  return out;
}

async function run(transform: Transform, data: Buffer, split: number): Promise<{ output: Buffer; error?: Error }> {
  const received: Buffer[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _e, callback) => (received.push(chunk), callback()) });
  const error = await pipeline(Readable.from(pieces(data, split)), transform, sink).then(
    () => undefined,
    (failure: Error) => failure,
  );
  return { output: Buffer.concat(received), error };
}

async function encrypt(data: Buffer, options: EncryptOptions = { recipients: [alice.recipient] }, split = 7919): Promise<Buffer> {
  const { output, error } = await run(createEncryptStage(options).transform(), data, split);
  if (error) throw error;
  return output;
}

function decrypt(file: Buffer, options: DecryptOptions = { identities: [alice.identity] }, split = 5003) {
  return run(createDecryptStage(options), file, split);
}

/** Offset of the first payload chunk: after the header's MAC line and the 16-byte nonce. */
function payloadStart(file: Buffer): number {
  return file.indexOf('\n', file.indexOf('\n--- ') + 1) + 1 + 16;
}

describe('encrypt and decrypt stages', () => {
  const sizes = [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 3 * CHUNK_SIZE + 5];
  const batchEdges = [BATCH - CHUNK_SIZE, BATCH - 1, BATCH, BATCH + 1, BATCH + CHUNK_SIZE, 2 * BATCH + 1];
  it.each([...sizes, ...batchEdges])('round-trip %i bytes', async (size) => {
    const data = randomBytes(size);
    for (const [inSplit, outSplit] of [[7919, 5003], [CHUNK_SIZE, SEALED_CHUNK_SIZE], [1 << 20, 1 << 20]] as const) {
      const file = await encrypt(data, undefined, inSplit);
      expect(file.length).toBe(payloadStart(file) + size + 16 * Math.max(1, Math.ceil(size / CHUNK_SIZE)));
      const { output, error } = await decrypt(file, undefined, outSplit);
      expect(error).toBeUndefined();
      expect(output.equals(data)).toBe(true);
    }
  });

  it('runs several streams at once on the shared workers, each in its own order', async () => {
    const inputs = [3, 2, 2, 1].map((batches) => randomBytes(batches * BATCH + batches * 1111));
    const files = await Promise.all(inputs.map((data, i) => encrypt(data, undefined, 4093 * (i + 1))));
    const outputs = await Promise.all(files.map((file, i) => decrypt(file, undefined, 60_000 * (i + 1))));
    outputs.forEach(({ output, error }, i) => {
      expect(error).toBeUndefined();
      expect(output.equals(inputs[i]!)).toBe(true);
    });
  });

  it('takes no more input while its output is not being read (bounded memory)', async () => {
    let produced = 0;
    const source = new Readable({
      read() {
        produced += 1 << 20;
        this.push(produced <= 256 << 20 ? Buffer.alloc(1 << 20) : null);
      },
    });
    const transform = createEncryptStage({ recipients: [alice.recipient] }).transform();
    source.pipe(transform); // nobody reads the encrypted side
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(produced).toBeGreaterThan(2 * BATCH);
    expect(produced).toBeLessThan(8 * BATCH); // about 5 batches: those running and the one being gathered
    source.destroy();
    transform.destroy();
  });

  it('encrypts to several recipients, any of whom can decrypt', async () => {
    const data = randomBytes(1000);
    const file = await encrypt(data, { recipients: [alice.recipient, bob.recipient] });
    expect((await decrypt(file, { identities: [bob.identity] })).output).toEqual(data);
    expect((await decrypt(file, { identities: [generateIdentity().identity, alice.identity] })).output).toEqual(data);
  });

  it('round-trips with a passphrase and reports only fingerprints', async () => {
    const data = randomBytes(70_000);
    const file = await encrypt(data, { passphrase: 'correct horse', scryptWorkFactor: FAST_SCRYPT });
    expect(file.toString('latin1', 0, 60)).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S{22} 10\n/);
    expect((await decrypt(file, { passphrase: 'correct horse' })).output).toEqual(data);
    const stage = createEncryptStage({ recipients: [alice.recipient, bob.recipient] });
    expect(stage.info).toEqual({ algorithm: 'age', mode: 'recipients', recipientFingerprints: [expect.stringMatching(/^[0-9a-f]{16}$/), expect.stringMatching(/^[0-9a-f]{16}$/)] });
    expect(JSON.stringify(stage.info)).not.toContain(alice.recipient);
  });

  it('validates its options up front', () => {
    expect(() => createEncryptStage({})).toThrow(ValidationError);
    expect(() => createEncryptStage({ recipients: [alice.recipient], passphrase: 'x' })).toThrow(/not both/);
    expect(() => createEncryptStage({ recipients: ['age1nope'] })).toThrow(ValidationError);
    expect(() => createDecryptStage({})).toThrow(ValidationError);
    expect(() => createDecryptStage({ identities: ['AGE-SECRET-KEY-1NOPE'] })).toThrow(ValidationError);
  });
});

describe('decrypt refuses damaged input and emits only authenticated chunks', () => {
  const data = randomBytes(3 * CHUNK_SIZE + 1000);
  const filePromise = encrypt(data);

  async function expectRefused(file: Buffer, pattern: RegExp, verifiedChunks: number, errorClass: typeof ValidationError = IntegrityError) {
    const { output, error } = await decrypt(file);
    expect(error).toBeInstanceOf(errorClass);
    expect(error?.message).toMatch(pattern);
    expect(output.equals(data.subarray(0, verifiedChunks * CHUNK_SIZE))).toBe(true);
  }

  function flip(file: Buffer, offset: number): Buffer {
    const copy = Buffer.from(file);
    copy[offset]! ^= 0x01;
    return copy;
  }

  it('a flipped payload byte', async () => {
    const file = await filePromise;
    const start = payloadStart(file);
    await expectRefused(flip(file, start + SEALED_CHUNK_SIZE + 10), /chunk 2 failed authentication/, 1);
    await expectRefused(flip(file, start + 3 * SEALED_CHUNK_SIZE + 5), /chunk 4 failed authentication/, 3);
    await expectRefused(flip(file, start - 1), /chunk 1 failed authentication/, 0); // the nonce
  });

  /** Swaps one base64 character for another valid one (mid-string), so only authentication can notice. */
  function alterChar(file: Buffer, offset: number): Buffer {
    const copy = Buffer.from(file);
    copy[offset] = copy[offset] === 0x41 ? 0x42 : 0x41;
    return copy;
  }

  it('an altered header byte', async () => {
    const file = await filePromise;
    const macLine = file.indexOf('\n--- ') + 6;
    await expectRefused(alterChar(file, macLine), /header failed authentication/, 0);
    await expectRefused(alterChar(file, macLine - 20), /header was altered/, 0, WrongKeyError); // the wrapped file key
    await expectRefused(flip(file, macLine), /malformed age header|header failed authentication/, 0);
    await expectRefused(flip(file, 3), /Not an age-encrypted file/, 0, ValidationError);
  });

  it('truncation at a chunk boundary, inside a chunk, inside the header', async () => {
    const file = await filePromise;
    const start = payloadStart(file);
    await expectRefused(file.subarray(0, start + 2 * SEALED_CHUNK_SIZE), /ends after chunk 2 without its final chunk/, 1);
    await expectRefused(file.subarray(0, start + SEALED_CHUNK_SIZE + 100), /chunk 2 failed authentication/, 1);
    await expectRefused(file.subarray(0, start + 2 * SEALED_CHUNK_SIZE + 8), /cut off inside chunk 3/, 2);
    await expectRefused(file.subarray(0, start), /cut off inside chunk 1/, 0);
    await expectRefused(file.subarray(0, start - 4), /ends right after its header/, 0);
    await expectRefused(file.subarray(0, 40), /ends inside its age header/, 0);
  });

  it('reordered chunks and trailing bytes', async () => {
    const file = await filePromise;
    const start = payloadStart(file);
    const chunk = (i: number) => file.subarray(start + i * SEALED_CHUNK_SIZE, start + (i + 1) * SEALED_CHUNK_SIZE);
    const swapped = Buffer.concat([file.subarray(0, start), chunk(1), chunk(0), file.subarray(start + 2 * SEALED_CHUNK_SIZE)]);
    await expectRefused(swapped, /chunk 1 failed authentication/, 0);
    await expectRefused(Buffer.concat([file, Buffer.from('extra')]), /chunk 4 failed authentication/, 3);
    const twice = Buffer.concat([file, file.subarray(start + 3 * SEALED_CHUNK_SIZE)]); // final chunk repeated
    await expectRefused(twice, /chunk 4 failed authentication/, 3);
    const aligned = data.subarray(0, 2 * CHUNK_SIZE);
    const full = await encrypt(aligned); // its final chunk is full-size, so extra bytes make it look like a middle one
    const extra = await decrypt(Buffer.concat([full, Buffer.from('extra')]));
    expect(extra.error?.message).toMatch(/unexpected data after the final chunk \(2\)/);
    expect(extra.output.equals(aligned.subarray(0, CHUNK_SIZE))).toBe(true);
  });

  it('damage at the edge between two batches of chunks', async () => {
    const wide = randomBytes(2 * BATCH + 1000);
    const file = await encrypt(wide);
    const start = payloadStart(file);
    const chunk = (i: number) => file.subarray(start + i * SEALED_CHUNK_SIZE, start + (i + 1) * SEALED_CHUNK_SIZE);
    const refused = async (damaged: Buffer, pattern: RegExp, verifiedChunks: number, plaintext = wide) => {
      const { output, error } = await decrypt(damaged, undefined, 300_000);
      expect(error).toBeInstanceOf(IntegrityError);
      expect(error?.message).toMatch(pattern);
      expect(output.equals(plaintext.subarray(0, verifiedChunks * CHUNK_SIZE))).toBe(true);
    };
    const edge = BATCH_CHUNKS; // chunk numbers in messages count from 1: chunk `edge` ends the first batch
    await refused(flip(file, start + edge * SEALED_CHUNK_SIZE + 3), new RegExp(`chunk ${edge + 1} failed authentication`), edge);
    await refused(flip(file, start + (edge - 1) * SEALED_CHUNK_SIZE + 3), new RegExp(`chunk ${edge} failed authentication`), edge - 1);
    await refused(file.subarray(0, start + edge * SEALED_CHUNK_SIZE), new RegExp(`ends after chunk ${edge} without its final chunk`), edge - 1);
    const swapped = Buffer.concat([file.subarray(0, start + (edge - 1) * SEALED_CHUNK_SIZE), chunk(edge), chunk(edge - 1), file.subarray(start + (edge + 1) * SEALED_CHUNK_SIZE)]);
    await refused(swapped, new RegExp(`chunk ${edge} failed authentication`), edge - 1);
    const aligned = wide.subarray(0, 2 * BATCH); // its last chunk is full-size and ends a batch
    const full = await encrypt(aligned);
    await refused(Buffer.concat([full, Buffer.from('extra')]), new RegExp(`unexpected data after the final chunk \\(${2 * edge}\\)`), 2 * edge - 1, aligned);
  });

  it('a wrong identity or passphrase', async () => {
    const file = await filePromise;
    const wrong = await decrypt(file, { identities: [bob.identity] });
    expect(wrong.error).toBeInstanceOf(WrongKeyError);
    expect(wrong.output.length).toBe(0);
    const needsKey = await decrypt(file, { passphrase: 'guess' });
    expect(needsKey.error?.message).toMatch(/encrypted to public keys/);
    const secret = await encrypt(data.subarray(0, 100), { passphrase: 'right', scryptWorkFactor: FAST_SCRYPT });
    const badPass = await decrypt(secret, { passphrase: 'wrong' });
    expect(badPass.error?.message).toMatch(/Wrong passphrase/);
    expect(badPass.output.length).toBe(0);
    expect((await decrypt(secret)).error?.message).toMatch(/encrypted with a passphrase/);
  });

  it('scrypt mixed with other stanzas, and excessive work factors', async () => {
    const mac = serializeMacLine(Buffer.alloc(32));
    const salt = 'AAAAAAAAAAAAAAAAAAAAAA';
    const mixed = serializeHeaderBody([
      { type: 'scrypt', args: [salt, '10'], body: Buffer.alloc(32) },
      { type: 'X25519', args: ['AAAA'], body: Buffer.alloc(32) },
    ]);
    const { error } = await decrypt(Buffer.from(mixed + mac + 'x'.repeat(40)), { passphrase: 'p' });
    expect(error?.message).toMatch(/must be the only one/);
    const costly = serializeHeaderBody([{ type: 'scrypt', args: [salt, '23'], body: Buffer.alloc(32) }]);
    const tooCostly = await decrypt(Buffer.from(costly + mac + 'x'.repeat(40)), { passphrase: 'p' });
    expect(tooCostly.error?.message).toMatch(/work factor of 23 .* limit is 22/);
  });
});
