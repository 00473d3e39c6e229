import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SecretBox } from '../config/secret-box.js';
import type { AppDatabase } from '../db/schema.js';
import type { Logger } from '../lib/logger.js';
import type { ConfiguredRepo, ConfiguredRow } from '../db/repositories/configured.repo.js';
import type { Clock } from '../lib/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors.js';
import { mergeSecrets, openConfig, publicConfig, sealConfig, validateConfig, type ConfigurablePlugin } from './adapter-config.js';

export interface ConfiguredView {
  id: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface AdapterServiceDeps<Plugin> {
  db: Kysely<AppDatabase>;
  plugins: ReadonlyMap<string, Plugin>;
  box: SecretBox;
  clock: Clock;
  logger: Logger;
}

export interface ConfiguredInput {
  name: string;
  kind: string;
  config: Record<string, unknown>;
}

/**
 * What sources and destinations share: named adapter configurations validated by the adapter's schema,
 * secrets sealed with the system key, redacted on the way out.
 */
export abstract class ConfiguredAdapterService<Row extends ConfiguredRow, Plugin extends ConfigurablePlugin> {
  constructor(
    protected readonly repo: ConfiguredRepo<Row>,
    readonly plugins: ReadonlyMap<string, Plugin>,
    protected readonly box: SecretBox,
    protected readonly clock: Clock,
    private readonly noun: string,
  ) {}

  plugin(kind: string): Plugin {
    const plugin = this.plugins.get(kind);
    if (!plugin) {
      throw new ValidationError(`Unknown ${this.noun} kind "${kind}": use one of ${[...this.plugins.keys()].join(', ')}`, [
        { path: 'kind', message: 'unknown kind' },
      ]);
    }
    return plugin;
  }

  async require(id: string): Promise<Row> {
    const row = await this.repo.find(id);
    if (!row) throw new NotFoundError(`No ${this.noun} with id ${id}`);
    return row;
  }

  /** The complete configuration with secrets, for building an adapter. Never leaves the server. */
  async fullConfig(id: string): Promise<{ row: Row; plugin: Plugin; config: Record<string, unknown> }> {
    const row = await this.require(id);
    return { row, plugin: this.plugin(row.kind), config: openConfig(row, this.box) };
  }

  protected view(row: Row): ConfiguredView {
    const plugin = this.plugin(row.kind);
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      config: publicConfig(plugin, openConfig(row, this.box)),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  protected async buildRow(input: ConfiguredInput): Promise<ConfiguredRow> {
    await this.assertNameFree(input.name);
    const plugin = this.plugin(input.kind);
    const sealed = sealConfig(plugin, validateConfig(plugin, input.config), this.box);
    const now = this.clock.now().toISOString();
    return { id: randomUUID(), name: input.name, kind: input.kind, ...sealed, created_at: now, updated_at: now };
  }

  protected async buildChanges(row: Row, patch: Partial<ConfiguredInput>): Promise<Partial<ConfiguredRow>> {
    if (patch.kind && patch.kind !== row.kind) throw new ValidationError('The kind of an existing entry cannot change', [{ path: 'kind', message: 'immutable' }]);
    const changes: Partial<ConfiguredRow> = { updated_at: this.clock.now().toISOString() };
    if (patch.name !== undefined && patch.name !== row.name) {
      await this.assertNameFree(patch.name);
      changes.name = patch.name;
    }
    if (patch.config) {
      const plugin = this.plugin(row.kind);
      const merged = mergeSecrets(plugin, patch.config, openConfig(row, this.box));
      Object.assign(changes, sealConfig(plugin, validateConfig(plugin, merged), this.box));
    }
    return changes;
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.repo.findByName(name)) throw new ConflictError(`A ${this.noun} named "${name}" already exists`);
  }
}
