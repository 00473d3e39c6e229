import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';

export type StoredBackup = Schemas['StoredBackup'];
export type OrphanArtifact = Schemas['OrphanArtifact'];
export type BackupFilters = { engine: string[]; source: string[]; job: string[]; database: string[] };
export const NO_FILTERS: BackupFilters = { engine: [], source: [], job: [], database: [] };

/** Backups as storage holds them (read from sidecars; the server caches what it read). */
export function useStoredBackups(destinationId: string | undefined, filters: BackupFilters, refreshToken: number) {
  return useQuery({
    queryKey: ['backups', destinationId, filters, refreshToken],
    enabled: Boolean(destinationId),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/destinations/{id}/backups', {
          params: { path: { id: destinationId! }, query: { ...filters, refresh: refreshToken > 0 ? 'true' : undefined, limit: 500 } as never },
        }),
      ),
  });
}

export function useStorageTotals(destinationId: string | undefined) {
  return useQuery({
    queryKey: ['backups', destinationId, 'totals'],
    enabled: Boolean(destinationId),
    queryFn: () => unwrap(api.GET('/api/v1/destinations/{id}/backups/totals', { params: { path: { id: destinationId! }, query: {} } })),
  });
}

export function downloadUrl(destinationId: string, key: string): string {
  return `/api/v1/destinations/${encodeURIComponent(destinationId)}/backups/download?key=${encodeURIComponent(key)}`;
}

export function useBackupActions(destinationId: string) {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ['backups', destinationId] });
  const path = { id: destinationId };
  return {
    remove: useMutation({ mutationFn: (key: string) => unwrap(api.DELETE('/api/v1/destinations/{id}/backups', { params: { path, query: { key } } })), onSuccess: done }),
    lock: useMutation({ mutationFn: (key: string) => unwrap(api.PUT('/api/v1/destinations/{id}/backups/lock', { params: { path, query: { key } }, body: {} })), onSuccess: done }),
    /** Re-reads the artifact and checks size and sha256, as an execution of type verify. */
    verify: useMutation({ mutationFn: (key: string) => unwrap(api.POST('/api/v1/destinations/{id}/backups/verify', { params: { path, query: {} }, body: { key } })), onSuccess: done }),
    unlock: useMutation({ mutationFn: (key: string) => unwrap(api.DELETE('/api/v1/destinations/{id}/backups/lock', { params: { path, query: { key } } })), onSuccess: done }),
  };
}
