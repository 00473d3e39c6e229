import { destinationRegistry } from '../adapters/destinations/registry.js';
import { notifierRegistry } from '../adapters/notifiers/registry.js';
import type { NotifierPlugin } from '../adapters/notifiers/types.js';
import { sourceRegistry } from '../adapters/sources/registry.js';
import type { DestinationPlugin } from '../adapters/destinations/types.js';
import type { SourcePlugin } from '../adapters/sources/types.js';
import { SettingsRepo } from '../db/repositories/settings.repo.js';
import { DestinationsService } from '../services/destinations.service.js';
import { ExecutionsService } from '../services/executions/executions.service.js';
import { JobRunsService } from '../services/jobs/job-runs.service.js';
import { JobsService } from '../services/jobs/jobs.service.js';
import { SourcesService } from '../services/sources.service.js';
import { EncryptionProfilesService } from '../services/encryption/index.js';
import { buildNotifications } from '../services/notifications/build-notifications.js';
import type { NotificationChannelsService } from '../services/notifications/channels.service.js';
import type { NotificationsService } from '../services/notifications/notifications.service.js';
import { RestoreService } from '../services/restore/restore.service.js';
import { VerifyService } from '../services/verify/verify.service.js';
import { DrillService } from '../services/drills/drill.service.js';
import { StorageExplorerService } from '../services/storage/storage-explorer.service.js';
import { RetentionService } from '../services/retention/retention.service.js';
import { ConfigBackupTask } from '../services/config-backup/config-backup.task.js';
import { oneOffDecryptionFor, type DecryptionFor } from '../services/restore/decryption.js';
import type { CatalogReader } from '../services/restore/job-backups.js';
import type { Runtime } from './bootstrap.js';

/** Every service, built once from the runtime with plain constructor arguments. */
export interface Services {
  settings: SettingsRepo;
  sources: SourcesService;
  destinations: DestinationsService;
  jobs: JobsService;
  executions: ExecutionsService;
  jobRuns: JobRunsService;
  encryption: EncryptionProfilesService;
  notificationChannels: NotificationChannelsService;
  notifications: NotificationsService;
  restore: RestoreService;
  verify: VerifyService;
  drills: DrillService;
  storage: StorageExplorerService;
  retention: RetentionService;
  configBackup: ConfigBackupTask;
  /** Set when this process runs the queue; other processes' workers poll instead. */
  wakeQueue: () => void;
}

export function buildServices(runtime: Runtime): Services {
  const { db } = runtime.appDb;
  const common = { db, box: runtime.secretBox, clock: runtime.clock, logger: runtime.logger };
  const jobs = new JobsService(db, runtime.clock);
  const executions = new ExecutionsService(db, runtime.clock);
  const sources = new SourcesService({ ...common, plugins: sourceRegistry as ReadonlyMap<string, SourcePlugin> });
  const destinations = new DestinationsService({ ...common, plugins: destinationRegistry as ReadonlyMap<string, DestinationPlugin> });
  const storage = new StorageExplorerService(db, destinations, runtime.clock);
  // Keys for encrypted backups: the profile that wrote them when Lifeboat holds its key, else the one given now.
  const decryptionFor: DecryptionFor = (sidecar, request) => services.encryption.decryptionFor(sidecar, request.decryption);
  // Verify checks a given key as given (a wrong one is a failed verification); without one it authenticates
  // with the stored key when Lifeboat holds it, and otherwise still checks size and sha256.
  const verifyDecryptionFor: DecryptionFor = (sidecar, request) =>
    request.decryption ? oneOffDecryptionFor(sidecar, request) : decryptionFor(sidecar, request).catch(() => undefined);
  // Scheduled drills and verifications find a job's newest backups through the explorer's cached scan.
  const catalog: CatalogReader = (destinationId, options) => storage.catalog(destinationId, options);
  const services: Services = {
    settings: new SettingsRepo(db),
    sources,
    destinations,
    jobs,
    executions,
    jobRuns: new JobRunsService(jobs, executions, () => services.wakeQueue()),
    encryption: new EncryptionProfilesService(common),
    ...buildNotifications({ ...common, plugins: notifierRegistry as ReadonlyMap<string, NotifierPlugin>, env: runtime.env, executions }),
    restore: new RestoreService({ sources, destinations, executions, clock: runtime.clock, wakeQueue: () => services.wakeQueue(), decryptionFor }),
    verify: new VerifyService({ db, jobs, destinations, executions, catalog, clock: runtime.clock, wakeQueue: () => services.wakeQueue(), decryptionFor: verifyDecryptionFor }),
    drills: new DrillService({ jobs, destinations, executions, catalog, restore: { openTarget: (id) => services.restore.openTarget(id) }, clock: runtime.clock, wakeQueue: () => services.wakeQueue(), decryptionFor }),
    storage,
    retention: new RetentionService({ jobs, destinations, explorer: storage, clock: runtime.clock }),
    configBackup: undefined as unknown as ConfigBackupTask,
    wakeQueue: () => undefined,
  };
  services.configBackup = new ConfigBackupTask({ ...services, clock: runtime.clock, logger: runtime.logger });
  return services;
}
