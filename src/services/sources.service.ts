import type { Kysely } from 'kysely';
import type { AppDatabase, SourcesTable } from '../db/schema.js';
import { ConfiguredRepo } from '../db/repositories/configured.repo.js';
import type { Source, SourceInfo, SourcePlugin } from '../adapters/sources/types.js';
import type { Logger } from '../lib/logger.js';
import { ConflictError } from '../lib/errors.js';
import { fromBool, toBool } from '../db/dialect.js';
import { ConfiguredAdapterService, type AdapterServiceDeps, type ConfiguredInput, type ConfiguredView } from './configured-adapters.service.js';

export type SourceView = ConfiguredView & { engine: string; environment: string | null; active: boolean };
export type SourceInput = ConfiguredInput & { environment?: string | null; active?: boolean };

/** Registered databases: CRUD, connection test, database listing, and adapters for the pipeline. */
export class SourcesService extends ConfiguredAdapterService<SourcesTable, SourcePlugin> {
  private readonly db: Kysely<AppDatabase>;
  private readonly logger: Logger;

  constructor(deps: AdapterServiceDeps<SourcePlugin>) {
    super(new ConfiguredRepo<SourcesTable>(deps.db, 'sources'), deps.plugins, deps.box, deps.clock, 'source');
    this.db = deps.db;
    this.logger = deps.logger;
  }

  async list(): Promise<SourceView[]> {
    return (await this.repo.list()).map((row) => this.sourceView(row));
  }

  async get(id: string): Promise<SourceView> {
    return this.sourceView(await this.require(id));
  }

  async create(input: SourceInput): Promise<SourceView> {
    const row: SourcesTable = { ...(await this.buildRow(input)), environment: input.environment ?? null, active: fromBool(input.active ?? true) };
    await this.repo.insert(row);
    return this.sourceView(row);
  }

  async update(id: string, patch: Partial<SourceInput>): Promise<SourceView> {
    const row = await this.require(id);
    const changes: Partial<SourcesTable> = { ...(await this.buildChanges(row, patch)) };
    if (patch.environment !== undefined) changes.environment = patch.environment;
    if (patch.active !== undefined) changes.active = fromBool(patch.active);
    await this.repo.update(id, changes);
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    await this.require(id);
    const job = await this.db.selectFrom('jobs').select('name').where('source_id', '=', id).executeTakeFirst();
    if (job) throw new ConflictError(`Source is used by job "${job.name}": delete or change the job first`);
    await this.repo.delete(id);
  }

  /** A live adapter for this source. */
  async open(id: string): Promise<{ source: Source; view: SourceView; plugin: SourcePlugin }> {
    const { row, plugin, config } = await this.fullConfig(id);
    return { source: await plugin.create(config as never, { logger: this.logger }), view: this.sourceView(row), plugin };
  }

  async test(id: string, signal?: AbortSignal): Promise<SourceInfo> {
    return (await this.open(id)).source.test(signal);
  }

  async listDatabases(id: string, signal?: AbortSignal): Promise<string[]> {
    return (await this.open(id)).source.listDatabases(signal);
  }

  private sourceView(row: SourcesTable): SourceView {
    return { ...this.view(row), engine: this.plugin(row.kind).engine, environment: row.environment, active: toBool(row.active) };
  }
}
