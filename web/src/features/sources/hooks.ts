import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import type { ConfiguredBody } from '../configured/types';

export type Source = Schemas['Source'];

export function useSources() {
  return useQuery({ queryKey: ['sources'], queryFn: () => unwrap(api.GET('/api/v1/sources')) });
}

export function useSourceKinds() {
  return useQuery({ queryKey: ['source-kinds'], staleTime: 5 * 60_000, queryFn: () => unwrap(api.GET('/api/v1/source-kinds')) });
}

export function useSourceDatabases(id: string | undefined) {
  return useQuery({
    queryKey: ['sources', id, 'databases'],
    enabled: Boolean(id),
    retry: false,
    queryFn: () => unwrap(api.GET('/api/v1/sources/{id}/databases', { params: { path: { id: id! } } })),
  });
}

export function useSaveSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ConfiguredBody }) =>
      id ? unwrap(api.PATCH('/api/v1/sources/{id}', { params: { path: { id } }, body })) : unwrap(api.POST('/api/v1/sources', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sources'] }),
  });
}

export function useDeleteSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/sources/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sources'] }),
  });
}

/** Resolves to a sentence saying what answered, e.g. "Connected: postgres 15.8". */
export async function testSource(id: string): Promise<string> {
  const result = await unwrap(api.POST('/api/v1/sources/{id}/test', { params: { path: { id } } }));
  return `Connected: ${result.engine} ${result.serverVersion}`;
}
