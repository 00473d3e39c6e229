import { REDACTED_MARKER } from '../../adapters/plugin.js';
import { firstLine, ValidationError } from '../../lib/errors.js';
import { configDocumentSchema, LOCAL_SETTINGS, type ConfigDocument } from './config-document.js';
import type { ConfigServices } from './config-export.service.js';

export interface ImportReport {
  created: string[];
  skipped: string[];
  failed: string[];
}

/**
 * Recreates what a configuration document describes, by name: objects that already exist are left as they
 * are (never overwritten), references are resolved by name, and one bad entry does not stop the others.
 */
export async function importConfig(services: ConfigServices, input: unknown): Promise<ImportReport> {
  const parsed = configDocumentSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(`Not a Lifeboat configuration export: ${parsed.error.issues[0]?.message ?? ''}`);
  const doc: ConfigDocument = parsed.data;
  const report: ImportReport = { created: [], skipped: [], failed: [] };
  const attempt = async (label: string, exists: boolean, create: () => Promise<unknown>) => {
    if (exists) return void report.skipped.push(`${label} (exists)`);
    try {
      await create();
      report.created.push(label);
    } catch (error) {
      report.failed.push(`${label}: ${firstLine(error)}`);
    }
  };
  const withoutMarkers = (config: Record<string, unknown>) => Object.fromEntries(Object.entries(config).filter(([, v]) => v !== REDACTED_MARKER));

  const sourceNames = new Set((await services.sources.list()).map((s) => s.name));
  for (const s of doc.sources) {
    await attempt(`source ${s.name}`, sourceNames.has(s.name), () => services.sources.create({ ...s, config: withoutMarkers(s.config) }));
  }
  const destinationNames = new Set((await services.destinations.list()).map((d) => d.name));
  for (const d of doc.destinations) {
    await attempt(`destination ${d.name}`, destinationNames.has(d.name), () => services.destinations.create({ ...d, config: withoutMarkers(d.config) }));
  }
  const channelNames = new Set((await services.notificationChannels.list()).map((c) => c.name));
  for (const c of doc.notificationChannels) {
    await attempt(`notification channel ${c.name}`, channelNames.has(c.name), () => services.notificationChannels.create({ ...c, config: withoutMarkers(c.config) }));
  }
  await importJobs(services, doc, attempt);
  for (const [key, value] of Object.entries(doc.settings)) if (!LOCAL_SETTINGS.includes(key)) await services.settings.set(key, value);
  return report;
}

async function importJobs(services: ConfigServices, doc: ConfigDocument, attempt: (label: string, exists: boolean, create: () => Promise<unknown>) => Promise<void>) {
  const [sources, destinations, channels, profiles, jobs] = await Promise.all([
    services.sources.list(), services.destinations.list(), services.notificationChannels.list(), services.encryption.list(), services.jobs.list(),
  ]);
  const idOf = (list: { id: string; name: string }[], name: string, what: string) => {
    const found = list.find((x) => x.name === name);
    if (!found) throw new ValidationError(`${what} "${name}" is not in this Lifeboat`);
    return found.id;
  };
  for (const job of doc.jobs) {
    const { name, source, destinations: destinationNames, encryptionProfile, notificationChannels, ...rest } = job;
    await attempt(`job ${name}`, jobs.some((j) => j.name === name), () =>
      services.jobs.create({
        ...rest,
        name,
        sourceId: idOf(sources, source, 'Source'),
        destinationIds: destinationNames.map((d) => idOf(destinations, d, 'Destination')),
        encryptionProfileId: encryptionProfile ? idOf(profiles, encryptionProfile, 'Encryption profile') : null,
        notifications: notificationChannels.map((rule) => ({ channelId: idOf(channels, rule.channel, 'Notification channel'), on: rule.on })),
      }),
    );
  }
}
