import { loadEnv, type Env } from '../config/env.js';
import { ensureDataDir } from '../config/data-dir.js';
import { SecretBox } from '../config/secret-box.js';
import { loadSystemKey } from '../config/system-key.js';
import { migrate, openAppDb, type AppDb } from '../db/database.js';
import { createLogger, type Logger } from '../lib/logger.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { adoptPendingKey, verifySystemKey } from '../services/system-key.service.js';

/** What every entry point shares: validated config, the app database, the system key, a logger, a clock. */
export interface Runtime {
  env: Env;
  appDb: AppDb;
  secretBox: SecretBox;
  logger: Logger;
  clock: Clock;
}

/**
 * Start-up order matters: the key is checked against the stored secrets before migrations run,
 * so a wrong key stops Lifeboat without touching data.
 */
export async function bootstrap(envSource: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const env = loadEnv(envSource);
  const logger = createLogger({ level: env.LOG_LEVEL });
  ensureDataDir(env.dataDir);
  const appDb = openAppDb({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
  try {
    const hasSchema = (await appDb.db.introspection.getTables()).some((t) => t.name === 'settings');
    if (hasSchema && !env.LIFEBOAT_ENCRYPTION_KEY) await adoptPendingKey(appDb.db, env.dataDir);
    const key = loadSystemKey(env.LIFEBOAT_ENCRYPTION_KEY, env.dataDir, (message) => logger.warn(message));
    const secretBox = SecretBox.fromKey(key);
    if (hasSchema) await verifySystemKey(appDb.db, secretBox);
    const applied = await migrate(appDb);
    if (applied.length) logger.info({ migrations: applied }, 'App database migrated');
    await verifySystemKey(appDb.db, secretBox);
    return { env, appDb, secretBox, logger, clock: systemClock };
  } catch (error) {
    await appDb.close();
    throw error;
  }
}
