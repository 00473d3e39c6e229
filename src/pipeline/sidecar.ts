import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../lib/errors.js';
import { VERSION } from '../lib/version.js';
import type { TableStats } from '../adapters/sources/types.js';

/**
 * The sidecar `<artifact>.meta.json`: what makes a backup self-describing (docs/format.md).
 * Major version 1; readers refuse an unknown major version, and ignore unknown fields within a major.
 */
export const SIDECAR_FORMAT_VERSION = 1;

/**
 * Built on first use: a backup reads no sidecar, and building these schemas (zod compiles each one) would hold
 * the thread while the dump tool starts.
 */
function buildSchemas() {
  const compressionSchema = z.object({
    algorithm: z.enum(['none', 'gzip', 'brotli', 'zstd', 'bzip2']),
    level: z.number().int().nullable(),
  });

  const encryptionSchema = z.object({
    algorithm: z.literal('age'),
    /** Encryption profile id in the Lifeboat that wrote it, when one was used. */
    profileId: z.string().nullable(),
    /** Fingerprints of the X25519 recipients (never keys). */
    recipients: z.array(z.string()),
    passphrase: z.boolean(),
  });

  const sidecar = z.looseObject({
    formatVersion: z.number().int(),
    lifeboatVersion: z.string(),
    backupId: z.string(),
    /** The artifact's file name, in the same folder as the sidecar. */
    artifact: z.object({ name: z.string(), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    source: z.object({ name: z.string(), engine: z.string(), serverVersion: z.string() }),
    database: z.string().nullable(),
    kind: z.enum(['database', 'globals']),
    dump: z.object({ format: z.string(), mode: z.enum(['full', 'schema', 'data']) }),
    job: z.object({ id: z.string(), name: z.string() }).nullable(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    compression: compressionSchema,
    encryption: encryptionSchema.nullable(),
    /** Per-table row counts (and checksums at the exact level) captured at dump time; null when none were taken. */
    tables: z.array(z.object({ table: z.string(), rows: z.number().int().nonnegative(), checksum: z.string().optional() })).nullable(),
    /**
     * What `tables` holds. Absent in sidecars written before it existed: their counts were exact (count(*) per table,
     * beside the dump, without checksums). 'estimates' are never compared by drills; 'exact' ones are.
     */
    tableStats: z.object({ level: z.enum(['estimates', 'exact']), checksum: z.string().nullable() }).optional(),
  });
  return { sidecar, compression: compressionSchema, encryption: encryptionSchema };
}

type Schemas = ReturnType<typeof buildSchemas>;
let schemas: Schemas | undefined;
const sidecarSchema = () => (schemas ??= buildSchemas()).sidecar;

export type Sidecar = z.infer<Schemas['sidecar']>;
export type CompressionInfo = z.infer<Schemas['compression']>;
export type EncryptionInfo = z.infer<Schemas['encryption']>;

export function serializeSidecar(sidecar: Sidecar): Buffer {
  return Buffer.from(`${JSON.stringify(sidecar, null, 2)}\n`, 'utf8');
}

/** Parses a sidecar; refuses an unknown major version and malformed content with a clear message. */
export function parseSidecar(text: string, key = 'sidecar'): Sidecar {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${key} is not valid JSON`, [], { cause: error });
  }
  const version = (raw as { formatVersion?: unknown })?.formatVersion;
  if (typeof version === 'number' && Math.trunc(version) !== SIDECAR_FORMAT_VERSION) {
    throw new ValidationError(
      `${key} has format version ${version}; this Lifeboat reads version ${SIDECAR_FORMAT_VERSION}: upgrade Lifeboat to restore it`,
    );
  }
  const parsed = sidecarSchema().safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new ValidationError(`${key} is not a valid Lifeboat sidecar: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

/** Everything the backup pipeline knows at the end of a run, frozen into the sidecar. */
export function buildSidecar(input: {
  request: {
    sourceName: string;
    dump: { database?: string; mode: 'full' | 'schema' | 'data'; globals?: boolean };
    job?: { id: string; name: string } | null;
    compression: { algorithm: CompressionInfo['algorithm']; level: number | null };
    encryption?: { info: EncryptionInfo };
  };
  info: { engine: string; serverVersion: string };
  tables: TableStats | null;
  format: string;
  measured: { bytes: number; sha256: string };
  startedAt: Date;
  finishedAt: Date;
}): Sidecar {
  const { request, info, measured } = input;
  return {
    formatVersion: SIDECAR_FORMAT_VERSION,
    lifeboatVersion: VERSION,
    backupId: randomUUID(),
    artifact: { name: '', size: measured.bytes, sha256: measured.sha256 },
    source: { name: request.sourceName, engine: info.engine, serverVersion: info.serverVersion },
    database: request.dump.database ?? null,
    kind: request.dump.globals ? 'globals' : 'database',
    dump: { format: input.format, mode: request.dump.mode },
    job: request.job ?? null,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    compression: { algorithm: request.compression.algorithm, level: request.compression.level },
    encryption: request.encryption?.info ?? null,
    tables: input.tables?.tables ?? null,
    ...(input.tables ? { tableStats: { level: input.tables.level, checksum: input.tables.checksum } } : {}),
  };
}
