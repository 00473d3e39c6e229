import type { Kysely } from 'kysely';
import type { NotifierPlugin } from '../../adapters/notifiers/types.js';
import type { SecretBox } from '../../config/secret-box.js';
import { NotificationAttemptsRepo } from '../../db/repositories/notifications/attempts.repo.js';
import { SettingsRepo } from '../../db/repositories/settings.repo.js';
import type { AppDatabase } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { ExecutionsService } from '../executions/executions.service.js';
import { NotificationChannelsService } from './channels.service.js';
import { NotificationsService } from './notifications.service.js';

export interface NotificationsWiring {
  db: Kysely<AppDatabase>;
  box: SecretBox;
  clock: Clock;
  logger: Logger;
  plugins: ReadonlyMap<string, NotifierPlugin>;
  /** LIFEBOAT_BASE_URL is read when a message is built, so links follow the current configuration. */
  env: { LIFEBOAT_BASE_URL?: string };
  executions: Pick<ExecutionsService, 'log'>;
}

/** The channels service and the delivery service, wired together. */
export function buildNotifications(wiring: NotificationsWiring) {
  const { db, box, clock, logger, plugins, env, executions } = wiring;
  const settings = new SettingsRepo(db);
  const notificationChannels = new NotificationChannelsService({ db, box, clock, logger, plugins, settings, publicUrl: () => env.LIFEBOAT_BASE_URL });
  const notifications = new NotificationsService({
    channels: notificationChannels,
    attempts: new NotificationAttemptsRepo(db),
    settings,
    clock,
    logger,
    existingDestinations: async (ids) => {
      if (ids.length === 0) return [];
      return (await db.selectFrom('destinations').select('id').where('id', 'in', ids).execute()).map((row) => row.id);
    },
    logToExecution: (id, message, level) => executions.log(id, message, level),
  });
  return { notificationChannels, notifications };
}
