import { describe, expect, it } from 'vitest';
import type { StoredBackup } from '../storage/hooks';
import { describeRestore, newRestoreDraft, restoreProblems, toRequest } from './restore-draft';

const backup = {
  key: 'pg/app/2026/app.sql.zst', database: 'app', kind: 'database', encrypted: false, storedSize: 2048,
  source: { name: 'Main PG', engine: 'postgres', serverVersion: '15.8' }, finishedAt: '2026-01-02T03:04:05Z',
} as StoredBackup;

describe('restore draft', () => {
  it('says a new database is created and nothing else changes', () => {
    const lines = describeRestore({ backup, sourceName: 'Main PG', database: 'app_copy', exists: false, tables: null, clean: false });
    expect(lines.join(' ')).toMatch(/every table into the database “app_copy” on Main PG/);
    expect(lines.at(-1)).toMatch(/does not exist yet: it is created/);
  });

  it('says what is dropped when replacing objects in an existing database', () => {
    const lines = describeRestore({ backup, sourceName: 'Main PG', database: 'app', exists: true, tables: ['public.boats'], clean: true });
    expect(lines.join(' ')).toMatch(/1 table \(public.boats\)/);
    expect(lines.at(-1)).toMatch(/DROPPED and replaced/);
  });

  it('asks for a target before going on', () => {
    const draft = newRestoreDraft(backup);
    expect(restoreProblems(draft, 0, undefined)).toEqual(['Choose the backup to restore']);
    expect(restoreProblems(draft, 1, backup)).toEqual(['Choose the source (server) to restore into']);
  });

  it('builds the API request, tables only when chosen', () => {
    const draft = { ...newRestoreDraft(backup), targetSourceId: 's1', database: ' app_copy ' };
    expect(toRequest('d1', draft, backup)).toEqual({ destinationId: 'd1', keys: [backup.key], targetSourceId: 's1', database: 'app_copy', clean: false });
    expect(toRequest('d1', { ...draft, tables: ['public.boats'] }, backup).tables).toEqual(['public.boats']);
  });
});
