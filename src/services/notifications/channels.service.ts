import type { Kysely } from 'kysely';
import type { Notifier, NotifierPlugin } from '../../adapters/notifiers/types.js';
import { ConfiguredRepo } from '../../db/repositories/configured.repo.js';
import type { NotificationChannelsTable } from '../../db/repositories/notifications/notifications-schema.js';
import type { SettingsRepo } from '../../db/repositories/settings.repo.js';
import type { AppDatabase } from '../../db/schema.js';
import { parseJson } from '../../db/dialect.js';
import type { NotificationRule } from '../../domain/job.js';
import { ConflictError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import { ConfiguredAdapterService, type AdapterServiceDeps, type ConfiguredInput, type ConfiguredView } from '../configured-adapters.service.js';
import { SYSTEM_CHANNELS_KEY } from './notification-settings.js';

export type ChannelView = ConfiguredView;
export type ChannelInput = ConfiguredInput;

export interface ChannelsServiceDeps extends AdapterServiceDeps<NotifierPlugin> {
  settings: SettingsRepo;
  /** Public base URL of the UI (LIFEBOAT_BASE_URL), read when a notifier is built so messages link to executions. */
  publicUrl: () => string | undefined;
}

/** Configured notification channels: CRUD with sealed secrets, and live notifiers for delivery. */
export class NotificationChannelsService extends ConfiguredAdapterService<NotificationChannelsTable, NotifierPlugin> {
  private readonly db: Kysely<AppDatabase>;
  private readonly logger: Logger;
  private readonly settings: SettingsRepo;
  private readonly publicUrl: () => string | undefined;

  constructor(deps: ChannelsServiceDeps) {
    super(new ConfiguredRepo<NotificationChannelsTable>(deps.db, 'notification_channels'), deps.plugins, deps.box, deps.clock, 'notification channel');
    this.db = deps.db;
    this.logger = deps.logger;
    this.settings = deps.settings;
    this.publicUrl = deps.publicUrl;
  }

  async list(): Promise<ChannelView[]> {
    return (await this.repo.list()).map((row) => this.view(row));
  }

  async get(id: string): Promise<ChannelView> {
    return this.view(await this.require(id));
  }

  async create(input: ChannelInput): Promise<ChannelView> {
    const row = await this.buildRow(input);
    await this.repo.insert(row);
    return this.view(row);
  }

  async update(id: string, patch: Partial<ChannelInput>): Promise<ChannelView> {
    const row = await this.require(id);
    await this.repo.update(id, await this.buildChanges(row, patch));
    return this.get(id);
  }

  /** Refused while a job rule or the system events still send to the channel: silently losing alerts is worse. */
  async delete(id: string): Promise<void> {
    const row = await this.require(id);
    const jobs = await this.db.selectFrom('jobs').select(['name', 'notifications']).execute();
    const user = jobs.find((job) => parseJson<NotificationRule[]>(job.notifications, []).some((rule) => rule.channelId === id));
    if (user) throw new ConflictError(`Notification channel "${row.name}" is used by job "${user.name}": remove it from the job first`);
    if (((await this.settings.get<string[]>(SYSTEM_CHANNELS_KEY)) ?? []).includes(id)) {
      throw new ConflictError(`Notification channel "${row.name}" receives system events: remove it in the notification settings first`);
    }
    await this.repo.delete(id);
  }

  /** A live notifier and the channel's public view (its name labels log lines). */
  async open(id: string): Promise<{ notifier: Notifier; view: ChannelView }> {
    const { row, plugin, config } = await this.fullConfig(id);
    const notifier = await plugin.create(config as never, { logger: this.logger, publicUrl: this.publicUrl()?.replace(/\/+$/, ''), clock: this.clock });
    return { notifier, view: this.view(row) };
  }

  /** Ids of channels that exist, in the order given (rules may name a channel deleted behind their back). */
  async existing(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = new Set((await this.db.selectFrom('notification_channels').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
    return ids.filter((id) => found.has(id));
  }
}
