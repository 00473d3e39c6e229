import { serve, type ServerType } from '@hono/node-server';
import { createHttpApp, mountOpenApi, type HttpApp } from '../http/app.js';
import { registerHealthRoutes } from '../http/routes/health.routes.js';
import { pingAppDb } from '../db/database.js';
import { ConfigError } from '../lib/errors.js';
import { VERSION } from '../lib/version.js';
import { registerStaticUi } from '../http/static.js';
import type { Runtime } from './bootstrap.js';
import { registerBackupsRoutes } from '../http/routes/backups.routes.js';
import { registerRetentionRoutes } from '../http/routes/retention.routes.js';
import { buildServices, type Services } from './services.js';
import type { Authenticate } from '../http/principal.js';
import { registerSourcesRoutes } from '../http/routes/sources.routes.js';
import { registerDestinationsRoutes } from '../http/routes/destinations.routes.js';
import { registerJobsRoutes } from '../http/routes/jobs.routes.js';
import { registerExecutionsRoutes } from '../http/routes/executions.routes.js';
import { registerNotificationsRoutes } from '../http/routes/notifications.routes.js';
import { registerRestoreRoutes } from '../http/routes/restore.routes.js';
import { registerJobProofRoutes } from '../http/routes/job-proofs.routes.js';
import { registerEncryptionRoutes } from '../http/routes/encryption.routes.js';
import { createAccess, registerAccess } from '../http/auth/register-access.js';
import { registerMetricsRoutes } from '../http/routes/metrics.routes.js';
import { registerDocsRoutes } from '../http/routes/docs.routes.js';
import { registerConfigBackupRoutes } from '../http/routes/config-backup.routes.js';
import { registerSettingsRoutes } from '../http/routes/settings.routes.js';
import { GeneralSettingsService } from '../services/settings/general-settings.service.js';
import { createMetricsRegistry } from '../services/metrics/registry.js';

/** Wires services into routes. Each capability adds its routes here, explicitly. */
export function buildHttpApp(runtime: Runtime, services: Services = buildServices(runtime), authenticate?: Authenticate): HttpApp {
  const access = createAccess(runtime);
  const app = createHttpApp(runtime.logger, authenticate ?? access.authenticate);
  registerAccess(app, access, authenticate ?? access.authenticate);
  registerHealthRoutes(app, {
    version: VERSION,
    startedAt: runtime.clock.now().getTime(),
    dialect: runtime.appDb.dialect,
    ping: () => pingAppDb(runtime.appDb),
    now: () => runtime.clock.now().getTime(),
  });
  registerSourcesRoutes(app, services.sources);
  registerDestinationsRoutes(app, services.destinations);
  registerJobsRoutes(app, services.jobs, services.jobRuns);
  registerExecutionsRoutes(app, services.executions);
  registerNotificationsRoutes(app, services.notificationChannels, services.notifications);
  registerRestoreRoutes(app, { restore: services.restore, verify: services.verify, waitFor: (id, signal) => services.jobRuns.waitFor(id, signal) });
  registerJobProofRoutes(app, { drills: services.drills, verify: services.verify, waitFor: (id, signal) => services.jobRuns.waitFor(id, signal) });
  registerEncryptionRoutes(app, services.encryption);
  registerBackupsRoutes(app, services.storage);
  registerRetentionRoutes(app, services.retention);
  registerMetricsRoutes(app, createMetricsRegistry({ db: runtime.appDb.db, version: VERSION }));
  registerSettingsRoutes(app, new GeneralSettingsService(services.settings, runtime.env.TZ));
  mountOpenApi(app);
  registerConfigBackupRoutes(app, { task: services.configBackup, settings: services.settings, destinations: services.destinations });
  registerDocsRoutes(app);
  registerStaticUi(app);
  return app;
}

/** Listens on HOST:PORT; a busy port becomes one clear ConfigError. */
export function listen(app: HttpApp, runtime: Runtime): Promise<ServerType> {
  const { HOST: hostname, PORT: port } = runtime.env;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port }, (info) => {
      runtime.logger.info(`Lifeboat ${VERSION} listening on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${info.port}`);
      resolve(server);
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new ConfigError(`Port ${port} on ${hostname} is already in use: stop the other process or set PORT to a free port`)
          : error,
      );
    });
  });
}
