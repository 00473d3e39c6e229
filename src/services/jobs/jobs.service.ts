import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppDatabase, JobsTable } from '../../db/schema.js';
import { JobsRepo, type JobRow } from '../../db/repositories/jobs.repo.js';
import { fromBool, parseJson, toBool } from '../../db/dialect.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { jobInputSchema, jobOptionsSchema, type JobInput, type JobOptions, type NotificationRule } from '../../domain/job.js';
import { describeSchedule, nextRuns, type Schedule } from '../../domain/schedule.js';
import type { RetentionPolicy } from '../../domain/retention.js';
import { parseCompression } from '../../pipeline/stages/compression.js';

export interface JobView extends JobInput {
  id: string;
  createdAt: string;
  updatedAt: string;
  lastScheduledAt: string | null;
  scheduleDescription: string | null;
  /** The next 5 run times (UTC), for the UI. */
  nextRuns: string[];
}

/** Jobs: validated against the sources and destinations they name; deleting one never touches its backups. */
export class JobsService {
  readonly repo: JobsRepo;

  constructor(private readonly db: Kysely<AppDatabase>, private readonly clock: Clock) {
    this.repo = new JobsRepo(db);
  }

  async list(): Promise<JobView[]> {
    return (await this.repo.list()).map((row) => this.view(row));
  }

  async get(id: string): Promise<JobView> {
    return this.view(await this.require(id));
  }

  async require(id: string): Promise<JobRow> {
    const row = await this.repo.find(id);
    if (!row) throw new NotFoundError(`No job with id ${id}`);
    return row;
  }

  async create(input: unknown): Promise<JobView> {
    const job = parse(input);
    await this.assertReferences(job);
    if (await this.repo.findByName(job.name)) throw new ConflictError(`A job named "${job.name}" already exists`);
    const now = this.clock.now().toISOString();
    // The first tick after creation counts as on time; earlier ones are not "missed".
    const row: JobsTable = { ...toRow(randomUUID(), job), created_at: now, updated_at: now, last_scheduled_at: now };
    await this.repo.save(row, job.destinationIds, true);
    return this.get(row.id);
  }

  async update(id: string, patch: Record<string, unknown>): Promise<JobView> {
    const current = this.view(await this.require(id));
    const job = parse({ ...stripView(current), ...patch });
    await this.assertReferences(job);
    const clash = await this.repo.findByName(job.name);
    if (clash && clash.id !== id) throw new ConflictError(`A job named "${job.name}" already exists`);
    const row: JobsTable = { ...toRow(id, job), created_at: current.createdAt, updated_at: this.clock.now().toISOString(), last_scheduled_at: current.lastScheduledAt };
    await this.repo.save(row, job.destinationIds, false);
    return this.get(id);
  }

  /** Forgets the job; its backups stay on storage and its executions stay in history. */
  async delete(id: string): Promise<void> {
    await this.require(id);
    await this.repo.delete(id);
  }

  view(row: JobRow): JobView {
    const schedule = parseJson<Schedule | null>(row.schedule, null);
    return {
      id: row.id,
      name: row.name,
      sourceId: row.source_id,
      databases: parseJson<string[]>(row.databases, []),
      destinationIds: row.destination_ids,
      schedule,
      enabled: toBool(row.enabled),
      compression: row.compression,
      encryptionProfileId: row.encryption_profile_id,
      retention: parseJson<RetentionPolicy>(row.retention, {}),
      notifications: parseJson<NotificationRule[]>(row.notifications, []),
      options: jobOptionsSchema.parse(parseJson<Partial<JobOptions>>(row.options, {})),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      lastScheduledAt: row.last_scheduled_at,
      scheduleDescription: schedule ? describeSchedule(schedule) : null,
      nextRuns: schedule ? nextRuns(schedule, this.clock.now(), 5).map((d) => d.toISOString()) : [],
    };
  }

  private async assertReferences(job: JobInput): Promise<void> {
    const source = await this.db.selectFrom('sources').select('id').where('id', '=', job.sourceId).executeTakeFirst();
    if (!source) throw new ValidationError(`No source with id ${job.sourceId}`, [{ path: 'sourceId', message: 'unknown source' }]);
    const missing = await this.unknownIds('destinations', job.destinationIds);
    if (missing.length) throw new ValidationError(`Unknown destination(s): ${missing.join(', ')}`, [{ path: 'destinationIds', message: 'unknown destination' }]);
    // A rule naming a channel that does not exist would drop the job's alerts without a word.
    const channels = await this.unknownIds('notification_channels', job.notifications.map((rule) => rule.channelId));
    if (channels.length) throw new ValidationError(`Unknown notification channel(s): ${channels.join(', ')}`, [{ path: 'notifications', message: 'unknown notification channel' }]);
    if (job.encryptionProfileId && !(await this.db.selectFrom('encryption_profiles').select('id').where('id', '=', job.encryptionProfileId).executeTakeFirst())) {
      throw new ValidationError(`No encryption profile with id ${job.encryptionProfileId}`, [{ path: 'encryptionProfileId', message: 'unknown encryption profile' }]);
    }
    const drillTarget = job.options.drill.targetSourceId;
    if (job.options.drill.enabled && !drillTarget) {
      throw new ValidationError('Restore drills need a target: choose the source whose server receives the scratch database', [{ path: 'options.drill.targetSourceId', message: 'required when drills are enabled' }]);
    }
    if (drillTarget && !(await this.db.selectFrom('sources').select('id').where('id', '=', drillTarget).executeTakeFirst())) {
      throw new ValidationError(`No source with id ${drillTarget}`, [{ path: 'options.drill.targetSourceId', message: 'unknown source' }]);
    }
    if (new Set(job.destinationIds).size !== job.destinationIds.length) {
      throw new ValidationError('A destination is listed twice', [{ path: 'destinationIds', message: 'duplicate' }]);
    }
  }

  /** The ids among `ids` that have no row in `table`, each once. */
  private async unknownIds(table: 'destinations' | 'notification_channels', ids: string[]): Promise<string[]> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return [];
    const found = new Set((await this.db.selectFrom(table).select('id').where('id', 'in', wanted).execute()).map((row) => row.id));
    return wanted.filter((id) => !found.has(id));
  }
}

function parse(input: unknown): JobInput {
  const parsed = jobInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new ValidationError(`Invalid job: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  try {
    parseCompression(parsed.data.compression);
  } catch (error) {
    throw new ValidationError((error as Error).message, [{ path: 'compression', message: (error as Error).message }]);
  }
  return parsed.data;
}

function toRow(id: string, job: JobInput): Omit<JobsTable, 'created_at' | 'updated_at' | 'last_scheduled_at'> {
  return {
    id,
    name: job.name,
    source_id: job.sourceId,
    databases: JSON.stringify(job.databases),
    schedule: job.schedule ? JSON.stringify(job.schedule) : null,
    timezone: job.schedule?.timeZone ?? null,
    enabled: fromBool(job.enabled),
    compression: job.compression,
    encryption_profile_id: job.encryptionProfileId,
    retention: JSON.stringify(job.retention),
    notifications: JSON.stringify(job.notifications),
    options: JSON.stringify(job.options),
  };
}

function stripView(view: JobView): JobInput {
  const { name, sourceId, databases, destinationIds, schedule, enabled, compression, encryptionProfileId, retention, notifications, options } = view;
  return { name, sourceId, databases, destinationIds, schedule, enabled, compression, encryptionProfileId, retention, notifications, options };
}
