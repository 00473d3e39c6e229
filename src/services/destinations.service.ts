import type { Kysely } from 'kysely';
import type { AppDatabase, DestinationsTable } from '../db/schema.js';
import { ConfiguredRepo } from '../db/repositories/configured.repo.js';
import type { Destination, DestinationPlugin } from '../adapters/destinations/types.js';
import type { Logger } from '../lib/logger.js';
import { ConflictError } from '../lib/errors.js';
import { composeDestination } from '../adapters/destinations/compose.js';
import { ConfiguredAdapterService, type AdapterServiceDeps, type ConfiguredInput, type ConfiguredView } from './configured-adapters.service.js';

export type DestinationView = ConfiguredView;
export type DestinationInput = ConfiguredInput;

/** Registered storage: CRUD, connection test, and adapters for the pipeline and the storage explorer. */
export class DestinationsService extends ConfiguredAdapterService<DestinationsTable, DestinationPlugin> {
  private readonly db: Kysely<AppDatabase>;
  private readonly logger: Logger;

  constructor(deps: AdapterServiceDeps<DestinationPlugin>) {
    super(new ConfiguredRepo<DestinationsTable>(deps.db, 'destinations'), deps.plugins, deps.box, deps.clock, 'destination');
    this.db = deps.db;
    this.logger = deps.logger;
  }

  async list(): Promise<DestinationView[]> {
    return (await this.repo.list()).map((row) => this.view(row));
  }

  async get(id: string): Promise<DestinationView> {
    return this.view(await this.require(id));
  }

  async create(input: DestinationInput): Promise<DestinationView> {
    const row = await this.buildRow(input);
    await this.repo.insert(row);
    return this.view(row);
  }

  async update(id: string, patch: Partial<DestinationInput>): Promise<DestinationView> {
    const row = await this.require(id);
    await this.repo.update(id, await this.buildChanges(row, patch));
    return this.get(id);
  }

  /** Deleting a destination forgets its configuration; the backups stored there are left alone. */
  async delete(id: string): Promise<void> {
    await this.require(id);
    const used = await this.db
      .selectFrom('job_destinations')
      .innerJoin('jobs', 'jobs.id', 'job_destinations.job_id')
      .select('jobs.name')
      .where('job_destinations.destination_id', '=', id)
      .executeTakeFirst();
    if (used) throw new ConflictError(`Destination is used by job "${used.name}": remove it from the job first`);
    await this.repo.delete(id);
  }

  /** A live adapter; the caller closes it. */
  async open(id: string): Promise<{ destination: Destination; view: DestinationView }> {
    const { row, plugin, config } = await this.fullConfig(id);
    return { destination: await composeDestination(plugin, config, { logger: this.logger }), view: this.view(row) };
  }

  async test(id: string): Promise<void> {
    const { destination } = await this.open(id);
    try {
      await destination.test();
    } finally {
      await destination.close();
    }
  }
}
