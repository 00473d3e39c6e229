import { Readable } from 'node:stream';
import { z } from 'zod';
import type { SettingsRepo } from '../../db/repositories/settings.repo.js';
import { dueRun, scheduleSchema } from '../../domain/schedule.js';
import type { Clock } from '../../lib/clock.js';
import { firstLine } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import { createEncryptStage } from '../../pipeline/stages/encrypt.js';
import { CONFIG_EXPORT_PREFIX } from '../../domain/layout.js';
import { exportConfig, type ConfigServices } from './config-export.service.js';

export const CONFIG_BACKUP_SETTING = 'configBackup';
const STATE_SETTING = 'configBackupState';

export const configBackupSchema = z.object({
  enabled: z.boolean(),
  destinationId: z.string().min(1),
  schedule: scheduleSchema,
  /** age recipients: with at least one, secrets are included and the file is encrypted; without, secrets are left out. */
  recipients: z.array(z.string().regex(/^age1[0-9a-z]+$/, 'must be an age1... recipient')).max(10).default([]),
});

export type ConfigBackupSettings = z.infer<typeof configBackupSchema>;
export interface ConfigBackupState {
  lastRunAt: string | null;
  lastKey: string | null;
  lastError: string | null;
}

/**
 * The built-in system job that saves Lifeboat's own configuration to a destination on a schedule, so a
 * lost server can be rebuilt with `lifeboat config import`. Ticks like the scheduler; never throws.
 */
export class ConfigBackupTask {
  constructor(private readonly deps: ConfigServices & { settings: SettingsRepo; clock: Clock; logger: Logger }) {}

  async state(): Promise<ConfigBackupState> {
    return (await this.deps.settings.get<ConfigBackupState>(STATE_SETTING)) ?? { lastRunAt: null, lastKey: null, lastError: null };
  }

  async tick(): Promise<string | null> {
    const parsed = configBackupSchema.safeParse(await this.deps.settings.get(CONFIG_BACKUP_SETTING));
    if (!parsed.success || !parsed.data.enabled) return null;
    const state = await this.state();
    const now = this.deps.clock.now();
    const due = dueRun(parsed.data.schedule, { lastRunAt: state.lastRunAt ? new Date(state.lastRunAt) : now, now, catchUp: 'one' });
    if (!due) return null;
    return this.run(parsed.data, due.at);
  }

  /** Writes one export now; returns its key. */
  async run(settings: ConfigBackupSettings, at = this.deps.clock.now()): Promise<string | null> {
    const encrypted = settings.recipients.length > 0;
    const stamp = this.deps.clock.now().toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-');
    const key = `${CONFIG_EXPORT_PREFIX}${stamp}.json${encrypted ? '.age' : ''}`;
    try {
      const document = Buffer.from(`${JSON.stringify(await exportConfig(this.deps, encrypted), null, 2)}\n`);
      const body = encrypted ? Readable.from([document]).pipe(createEncryptStage({ recipients: settings.recipients }).transform()) : Readable.from([document]);
      const { destination } = await this.deps.destinations.open(settings.destinationId);
      try {
        await destination.put(key, body);
      } finally {
        await destination.close();
      }
      await this.deps.settings.set(STATE_SETTING, { lastRunAt: at.toISOString(), lastKey: key, lastError: null } satisfies ConfigBackupState);
      this.deps.logger.info({ key }, 'Configuration backed up');
      return key;
    } catch (error) {
      await this.deps.settings.set(STATE_SETTING, { lastRunAt: at.toISOString(), lastKey: null, lastError: firstLine(error) } satisfies ConfigBackupState);
      this.deps.logger.error({ err: firstLine(error) }, 'Configuration backup failed');
      return null;
    }
  }
}
