import { describe, expect, it } from 'vitest';
import type { StoredBackup } from '../storage/hooks';
import { chosen, describeRestore, newRestoreDraft, restoreProblems, sameRun, toRequest } from './restore-draft';

const artifact = (database: string, startedAt: string, finishedAt: string, job = 'j1'): StoredBackup => ({
  key: `pg/${database}/${startedAt}.sql.zst`, database, kind: 'database', encrypted: false, storedSize: 2048, job: { id: job, name: 'Nightly' },
  source: { name: 'Main PG', engine: 'postgres', serverVersion: '15.8' }, startedAt, finishedAt,
} as StoredBackup);

const backup = artifact('app', '2026-01-02T03:04:00Z', '2026-01-02T03:04:05Z');
// One run dumped app, billing and crm in turn; the next night's run and another job's backup are apart.
const billing = artifact('billing', '2026-01-02T03:04:06Z', '2026-01-02T03:05:00Z');
const crm = artifact('crm', '2026-01-02T03:05:01Z', '2026-01-02T03:05:30Z');
const nextNight = artifact('app', '2026-01-03T03:04:00Z', '2026-01-03T03:04:05Z');
const otherJob = artifact('billing', '2026-01-02T03:04:06Z', '2026-01-02T03:04:30Z', 'j2');
const listed = [crm, nextNight, otherJob, billing, backup];

describe('restore draft', () => {
  it('says a new database is created and nothing else changes', () => {
    const lines = describeRestore({ backups: [{ backup, target: 'app_copy' }], sourceName: 'Main PG', exists: () => false, tables: null, clean: false });
    expect(lines.join(' ')).toMatch(/every table into the database “app_copy” on Main PG/);
    expect(lines.at(-1)).toMatch(/does not exist yet: it is created/);
  });

  it('says what is dropped when replacing objects in an existing database', () => {
    const lines = describeRestore({ backups: [{ backup, target: 'app' }], sourceName: 'Main PG', exists: () => true, tables: ['public.boats'], clean: true });
    expect(lines.join(' ')).toMatch(/1 table \(public.boats\)/);
    expect(lines.at(-1)).toMatch(/DROPPED and replaced/);
  });

  it('asks for a target before going on', () => {
    const draft = newRestoreDraft(backup);
    expect(restoreProblems(draft, 0, undefined)).toEqual(['Choose the backup to restore']);
    expect(restoreProblems(draft, 1, backup)).toEqual(['Choose the source (server) to restore into']);
  });

  it('builds the API request, tables only when chosen', () => {
    const draft = { ...newRestoreDraft(backup), targetSourceId: 's1', targets: { [backup.key]: ' app_copy ' } };
    expect(toRequest('d1', draft, listed)).toEqual({ destinationId: 'd1', keys: [backup.key], targetSourceId: 's1', database: 'app_copy', clean: false });
    expect(toRequest('d1', { ...draft, tables: ['public.boats'] }, listed).tables).toEqual(['public.boats']);
  });

  it('finds the other databases of the same run, in dump order', () => {
    expect(sameRun(backup, listed).map((b) => b.database)).toEqual(['app', 'billing', 'crm']);
    expect(sameRun(nextNight, listed)).toEqual([nextNight]);
    expect(sameRun(otherJob, listed)).toEqual([otherJob]);
  });

  it('maps several databases to their own names, and refuses two going into one', () => {
    const draft = { ...newRestoreDraft(backup), targetSourceId: 's1', keys: [crm.key, backup.key], targets: { [backup.key]: 'app_copy', [crm.key]: 'crm_copy' } };
    expect(chosen(draft, listed).map((c) => c.target)).toEqual(['crm_copy', 'app_copy']);
    expect(toRequest('d1', { ...draft, tables: ['public.boats'] }, listed)).toEqual({
      destinationId: 'd1', keys: [crm.key, backup.key], targetSourceId: 's1', mapping: { crm: 'crm_copy', app: 'app_copy' }, clean: false,
    });
    expect(restoreProblems(draft, 1, backup, listed)).toEqual([]);
    expect(restoreProblems({ ...draft, targets: { [backup.key]: 'same', [crm.key]: 'same' } }, 1, backup, listed)).toEqual(['Two databases would go into “same”: give each its own name']);
    expect(restoreProblems({ ...draft, targets: { [backup.key]: 'app_copy' } }, 1, backup, listed)).toEqual(['Name the database to restore crm into']);
    const lines = describeRestore({ backups: chosen(draft, listed), sourceName: 'Main PG', exists: (name) => name === 'app_copy', tables: null, clean: false });
    expect(lines.filter((l) => l.startsWith('Restores'))).toHaveLength(2);
    expect(lines.join(' ')).toMatch(/“crm_copy” does not exist yet.*“app_copy” exists: nothing is dropped/);
  });
});
