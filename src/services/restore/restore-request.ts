import { z } from 'zod';

const secretText = z.string().min(1).max(64 * 1024);

/** One restore, as the API and the UI's wizard send it. Secrets (createWith, decryption) never reach storage. */
export const restoreRequestSchema = z.object({
  destinationId: z.string().min(1),
  /** Artifacts (or their .meta.json sidecars) as the storage explorer lists them; several for a multi-database backup. */
  keys: z.array(z.string().min(1).max(1024)).min(1).max(100),
  targetSourceId: z.string().min(1),
  /** Target database for a single artifact (rename); for several, use `mapping`. */
  database: z.string().min(1).max(200).optional(),
  /** Dumped database name -> target database name, for multi-database backups; unmapped ones keep their names. */
  mapping: z.record(z.string(), z.string().min(1).max(200)).optional(),
  /** Replace objects that already exist in the target. Off by default: existing objects make the restore fail. */
  clean: z.boolean().default(false),
  /** Selective restore: `schema.table`, `schema.*` or `table` (PostgreSQL); table names (MySQL/MariaDB). */
  tables: z.array(z.string().min(1).max(300)).max(1000).optional(),
  /** Restore a dump from a newer server major version into an older server anyway. */
  allowNewerDump: z.boolean().default(false),
  /** One-off privileged credentials to create a missing target database. Used once, never stored or logged. */
  createWith: z.object({ user: z.string().min(1).max(200), password: secretText.optional() }).optional(),
  /** One-off keys for an encrypted backup. Used once, never stored or logged. */
  decryption: z.object({ identity: secretText.optional(), passphrase: secretText.optional() }).optional(),
});

export type RestoreRequest = z.infer<typeof restoreRequestSchema>;
export type RestoreSecrets = Pick<RestoreRequest, 'createWith' | 'decryption'>;

/** What the execution records: the request without its secrets, and whether secrets were given. */
export type RestorePayload = Omit<RestoreRequest, 'createWith' | 'decryption'> & { secrets: { createWith: boolean; decryption: boolean } };

export function toPayload(request: RestoreRequest): { payload: RestorePayload; secrets: RestoreSecrets } {
  const { createWith, decryption, ...rest } = request;
  return { payload: { ...rest, secrets: { createWith: Boolean(createWith), decryption: Boolean(decryption) } }, secrets: { createWith, decryption } };
}

/** The database each artifact goes to: `database` for one artifact, `mapping` or the dumped name otherwise. */
export function targetDatabase(request: Pick<RestoreRequest, 'database' | 'mapping' | 'keys'>, dumped: string | null): string | undefined {
  if (request.database !== undefined) return request.database;
  if (dumped !== null && request.mapping?.[dumped] !== undefined) return request.mapping[dumped];
  return dumped ?? undefined;
}
