import type { Kysely } from 'kysely';
import type { AppDatabase, JobsTable } from '../schema.js';

export type JobRow = JobsTable & { destination_ids: string[] };

/** Jobs with their ordered destinations. */
export class JobsRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async list(): Promise<JobRow[]> {
    const jobs = await this.db.selectFrom('jobs').selectAll().orderBy('name').execute();
    const links = await this.db.selectFrom('job_destinations').selectAll().orderBy('position').execute();
    return jobs.map((job) => ({ ...job, destination_ids: links.filter((l) => l.job_id === job.id).map((l) => l.destination_id) }));
  }

  async find(id: string): Promise<JobRow | undefined> {
    const job = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!job) return undefined;
    const links = await this.db.selectFrom('job_destinations').select('destination_id').where('job_id', '=', id).orderBy('position').execute();
    return { ...job, destination_ids: links.map((l) => l.destination_id) };
  }

  async findByName(name: string): Promise<JobsTable | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('name', '=', name).executeTakeFirst();
  }

  /** Inserts or replaces a job and its destination list in one transaction. */
  async save(job: JobsTable, destinationIds: string[], isNew: boolean): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (isNew) await trx.insertInto('jobs').values(job).execute();
      else await trx.updateTable('jobs').set(job).where('id', '=', job.id).execute();
      await trx.deleteFrom('job_destinations').where('job_id', '=', job.id).execute();
      if (destinationIds.length > 0) {
        await trx
          .insertInto('job_destinations')
          .values(destinationIds.map((destination_id, position) => ({ job_id: job.id, destination_id, position })))
          .execute();
      }
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('job_destinations').where('job_id', '=', id).execute();
      await trx.deleteFrom('jobs').where('id', '=', id).execute();
    });
  }

  async setLastScheduled(id: string, at: string): Promise<void> {
    await this.db.updateTable('jobs').set({ last_scheduled_at: at }).where('id', '=', id).execute();
  }
}
