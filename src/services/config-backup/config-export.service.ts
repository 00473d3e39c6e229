import { REDACTED_MARKER } from '../../adapters/plugin.js';
import type { SettingsRepo } from '../../db/repositories/settings.repo.js';
import type { Clock } from '../../lib/clock.js';
import { VERSION } from '../../lib/version.js';
import type { DestinationsService } from '../destinations.service.js';
import type { EncryptionProfilesService } from '../encryption/index.js';
import type { JobsService } from '../jobs/jobs.service.js';
import type { NotificationChannelsService } from '../notifications/channels.service.js';
import type { SourcesService } from '../sources.service.js';
import { CONFIG_FORMAT_VERSION, LOCAL_SETTINGS, type ConfigDocument } from './config-document.js';

export interface ConfigServices {
  sources: SourcesService;
  destinations: DestinationsService;
  notificationChannels: NotificationChannelsService;
  encryption: EncryptionProfilesService;
  jobs: JobsService;
  settings: SettingsRepo;
  clock: Clock;
}

/** Builds the configuration document; with `withSecrets` the caller must encrypt it before it leaves. */
export async function exportConfig(services: ConfigServices, withSecrets: boolean): Promise<ConfigDocument> {
  const { sources, destinations, notificationChannels, jobs } = services;
  const reveal = async <T extends { id: string; config: Record<string, unknown> }>(
    items: T[],
    full: (id: string) => Promise<{ config: Record<string, unknown> }>,
  ) => Promise.all(items.map(async (item) => ({ ...item, config: withSecrets ? (await full(item.id)).config : item.config })));
  const sourceList = await reveal(await sources.list(), (id) => sources.fullConfig(id));
  const destinationList = await reveal(await destinations.list(), (id) => destinations.fullConfig(id));
  const channelList = await reveal(await notificationChannels.list(), (id) => notificationChannels.fullConfig(id));
  const profiles = await services.encryption.list();
  const nameOf = (list: { id: string; name: string }[], id: string | null) => (id ? (list.find((x) => x.id === id)?.name ?? null) : null);
  const settings = Object.fromEntries(Object.entries(await services.settings.all()).filter(([key]) => !LOCAL_SETTINGS.includes(key)));
  return {
    lifeboatConfig: CONFIG_FORMAT_VERSION,
    lifeboatVersion: VERSION,
    exportedAt: services.clock.now().toISOString(),
    withSecrets,
    sources: sourceList.map((s) => ({ name: s.name, kind: s.kind, config: s.config, environment: s.environment, active: s.active })),
    destinations: destinationList.map((d) => ({ name: d.name, kind: d.kind, config: d.config })),
    notificationChannels: channelList.map((c) => ({ name: c.name, kind: c.kind, config: c.config })),
    jobs: (await jobs.list()).map((job) => ({
      name: job.name,
      source: nameOf(sourceList, job.sourceId) ?? '',
      destinations: job.destinationIds.map((id) => nameOf(destinationList, id) ?? ''),
      databases: job.databases,
      schedule: job.schedule,
      enabled: job.enabled,
      compression: job.compression,
      encryptionProfile: nameOf(profiles, job.encryptionProfileId),
      retention: job.retention,
      notificationChannels: job.notifications.map((rule) => ({ channel: nameOf(channelList, rule.channelId) ?? '', on: rule.on })),
      options: job.options,
    })),
    settings,
  };
}

export function hasRedactedSecrets(config: Record<string, unknown>): boolean {
  return Object.values(config).includes(REDACTED_MARKER);
}
