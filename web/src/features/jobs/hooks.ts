import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useDebouncedValue } from '../../lib/use-debounced-value';

// The job schemas are unnamed in the OpenAPI document, so their types come from the routes.
export type Job = paths['/api/v1/jobs']['get']['responses'][200]['content']['application/json'][number];
/** The full input (defaults filled in), as the editor keeps it; the route accepts it as is. */
export type JobInput = Omit<Job, 'id' | 'createdAt' | 'updatedAt' | 'lastScheduledAt' | 'scheduleDescription' | 'nextRuns'>;
type JobPatch = paths['/api/v1/jobs/{id}']['patch']['requestBody']['content']['application/json'];

export function useJobs() {
  return useQuery({ queryKey: ['jobs'], queryFn: () => unwrap(api.GET('/api/v1/jobs')) });
}

export function useSaveJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: JobInput }) =>
      id ? unwrap(api.PATCH('/api/v1/jobs/{id}', { params: { path: { id } }, body })) : unwrap(api.POST('/api/v1/jobs', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['jobs'] }),
  });
}

export function useToggleJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => unwrap(api.PATCH('/api/v1/jobs/{id}', { params: { path: { id } }, body: { enabled } as JobPatch })), // the generated patch type marks defaulted fields required; the route takes a partial
    onSuccess: () => client.invalidateQueries({ queryKey: ['jobs'] }),
  });
}

export function useDeleteJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/jobs/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['jobs'] }),
  });
}

export function useRunJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/jobs/{id}/run', { params: { path: { id }, query: {} } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['executions'] }),
  });
}

/** A restore drill or a verification of the job's newest backups, now (queued like any execution). */
export function useRunProof() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, kind }: { id: string; kind: 'drill' | 'verify' }) =>
      unwrap(kind === 'drill'
        ? api.POST('/api/v1/jobs/{id}/drill', { params: { path: { id }, query: {} } })
        : api.POST('/api/v1/jobs/{id}/verify', { params: { path: { id }, query: {} } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['executions'] }),
  });
}

/**
 * Dry run of a retention policy against the job's stored backups; nothing is deleted. Asked once the
 * policy has rested for 400 ms (not per keystroke); the previous preview stays shown meanwhile.
 */
export function useRetentionPreview(jobId: string | undefined, policy: JobInput['retention']) {
  // As JSON: the editor builds a new policy object on every render, equal ones must not restart the wait.
  const settled = useDebouncedValue(JSON.stringify(policy), 400);
  return useQuery({
    queryKey: ['retention-preview', jobId, settled],
    enabled: jobId !== undefined,
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.POST('/api/v1/jobs/{id}/retention/preview', { params: { path: { id: jobId! } }, body: { policy: JSON.parse(settled) as JobInput['retention'] } })),
  });
}

/** The same lists the settings page keeps: what a job can be encrypted with and notify through. */
export function useEncryptionProfiles() {
  return useQuery({ queryKey: ['encryption-profiles'], queryFn: () => unwrap(api.GET('/api/v1/encryption-profiles')) });
}

/** Fetched again each time the step opens: the user may just have added a channel in another tab. */
export function useNotificationChannels() {
  return useQuery({ queryKey: ['notification-channels'], refetchOnMount: 'always', queryFn: () => unwrap(api.GET('/api/v1/notification-channels')) });
}
