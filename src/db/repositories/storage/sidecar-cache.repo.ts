import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../schema.js';
import { toNumber } from '../../dialect.js';

export interface CachedSidecar {
  sidecarKey: string;
  size: number;
  etag: string | null;
  modifiedAt: string;
  /** Parsed sidecar as JSON text. */
  sidecar: string;
}

/** Batches keep statements under SQLite's and PostgreSQL's bound-parameter limits. */
const BATCH = 200;

/** Parsed sidecars per destination, valid only while storage reports the same size/etag/mtime. */
export class SidecarCacheRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async all(destinationId: string): Promise<Map<string, CachedSidecar>> {
    const rows = await this.db
      .selectFrom('storage_sidecar_cache')
      .select(['sidecar_key', 'size', 'etag', 'modified_at', 'sidecar'])
      .where('destination_id', '=', destinationId)
      .execute();
    return new Map(rows.map((r) => [r.sidecar_key, { sidecarKey: r.sidecar_key, size: toNumber(r.size), etag: r.etag, modifiedAt: r.modified_at, sidecar: r.sidecar }]));
  }

  /** Inserts or replaces entries, in one transaction. */
  async save(destinationId: string, entries: CachedSidecar[], readAt: string): Promise<void> {
    if (entries.length === 0) return;
    await this.db.transaction().execute(async (tx) => {
      for (let i = 0; i < entries.length; i += BATCH) {
        const values = entries.slice(i, i + BATCH).map((e) => ({
          destination_id: destinationId, sidecar_key: e.sidecarKey, size: e.size, etag: e.etag, modified_at: e.modifiedAt, sidecar: e.sidecar, read_at: readAt,
        }));
        await tx
          .insertInto('storage_sidecar_cache')
          .values(values)
          .onConflict((oc) =>
            oc.columns(['destination_id', 'sidecar_key']).doUpdateSet((eb) => ({
              size: eb.ref('excluded.size'), etag: eb.ref('excluded.etag'), modified_at: eb.ref('excluded.modified_at'),
              sidecar: eb.ref('excluded.sidecar'), read_at: eb.ref('excluded.read_at'),
            })),
          )
          .execute();
      }
    });
  }

  async remove(destinationId: string, sidecarKeys: string[]): Promise<void> {
    for (let i = 0; i < sidecarKeys.length; i += BATCH) {
      await this.db
        .deleteFrom('storage_sidecar_cache')
        .where('destination_id', '=', destinationId)
        .where('sidecar_key', 'in', sidecarKeys.slice(i, i + BATCH))
        .execute();
    }
  }

  /** Forgets a whole destination (its configuration was deleted). */
  async clear(destinationId: string): Promise<void> {
    await this.db.deleteFrom('storage_sidecar_cache').where('destination_id', '=', destinationId).execute();
  }
}
