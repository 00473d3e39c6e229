import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';

export type Job = Schemas['Job'];
export type JobInput = Schemas['JobInput'];

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
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => unwrap(api.PATCH('/api/v1/jobs/{id}', { params: { path: { id } }, body: { enabled } as Schemas['JobPatch'] })), // the generated patch type marks defaulted fields required; the route takes a partial
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
