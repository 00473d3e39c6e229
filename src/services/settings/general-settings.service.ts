import { z } from 'zod';
import type { SettingsRepo } from '../../db/repositories/settings.repo.js';
import { retentionPolicySchema } from '../../domain/retention.js';
import { timeZoneSchema } from '../../domain/schedule.js';
import { isValidTimeZone } from '../../domain/schedule-time-zone.js';

/**
 * Install-wide settings an administrator changes from the UI or API. Each is stored under its own key in
 * the settings table (the keys the queue and workers already read), so a value never set keeps its
 * default and a configuration export carries only what someone chose.
 */
export const generalSettingsSchema = z.object({
  maxConcurrentJobs: z.number().int().min(1).max(64).describe('Executions that run at once across every worker; takes effect at once'),
  workerLeaseSeconds: z.number().int().min(15).max(3600)
    .describe('With several workers: a worker silent this long is dead and its executions are failed or retried; read when a worker starts'),
  defaultTimeZone: timeZoneSchema.describe('Time zone new jobs start with'),
  defaultRetention: retentionPolicySchema.describe('Retention policy new jobs start with'),
});

/** No defaults: a PATCH changes only what it names. */
export const generalSettingsPatchSchema = generalSettingsSchema.partial();

export type GeneralSettings = z.infer<typeof generalSettingsSchema>;
export type GeneralSettingsPatch = z.infer<typeof generalSettingsPatchSchema>;

export const DEFAULT_MAX_CONCURRENT_JOBS = 2;
export const DEFAULT_WORKER_LEASE_SECONDS = 120;
const DEFAULT_RETENTION: GeneralSettings['defaultRetention'] = { keepLast: 7 };

const KEYS = ['maxConcurrentJobs', 'workerLeaseSeconds', 'defaultTimeZone', 'defaultRetention'] as const satisfies readonly (keyof GeneralSettings)[];

export class GeneralSettingsService {
  /** `serverTimeZone`: the TZ environment variable, the default zone until an administrator picks one. */
  private readonly fallbackTimeZone: string;

  constructor(private readonly repo: SettingsRepo, serverTimeZone?: string) {
    this.fallbackTimeZone = serverTimeZone && isValidTimeZone(serverTimeZone) ? serverTimeZone : 'UTC';
  }

  async get(): Promise<GeneralSettings> {
    const defaults: GeneralSettings = {
      maxConcurrentJobs: DEFAULT_MAX_CONCURRENT_JOBS,
      workerLeaseSeconds: DEFAULT_WORKER_LEASE_SECONDS,
      defaultTimeZone: this.fallbackTimeZone,
      defaultRetention: DEFAULT_RETENTION,
    };
    const stored = Object.fromEntries(await Promise.all(KEYS.map(async (key) => [key, await this.repo.get(key)] as const)));
    // A stored value that no longer validates (edited by hand, older version) reads as its default.
    const settings = { ...defaults };
    for (const key of KEYS) {
      const parsed = generalSettingsSchema.shape[key].safeParse(stored[key]);
      if (stored[key] !== undefined && parsed.success) Object.assign(settings, { [key]: parsed.data });
    }
    return settings;
  }

  /** Validates the whole patch first, then stores each named value: bad input changes nothing. */
  async update(input: unknown): Promise<GeneralSettings> {
    const patch = generalSettingsPatchSchema.parse(input);
    for (const key of KEYS) if (patch[key] !== undefined) await this.repo.set(key, patch[key]);
    return this.get();
  }
}
