import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import type { ConfiguredBody } from '../configured/types';

export type Destination = Schemas['Destination'];

export function useDestinations() {
  return useQuery({ queryKey: ['destinations'], queryFn: () => unwrap(api.GET('/api/v1/destinations')) });
}

export function useDestinationKinds() {
  return useQuery({ queryKey: ['destination-kinds'], staleTime: 5 * 60_000, queryFn: () => unwrap(api.GET('/api/v1/destination-kinds')) });
}

export function useSaveDestination() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ConfiguredBody }) =>
      id ? unwrap(api.PATCH('/api/v1/destinations/{id}', { params: { path: { id } }, body })) : unwrap(api.POST('/api/v1/destinations', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['destinations'] }),
  });
}

export function useDeleteDestination() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/destinations/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['destinations'] }),
  });
}

export async function testDestination(id: string): Promise<string> {
  await unwrap(api.POST('/api/v1/destinations/{id}/test', { params: { path: { id } } }));
  return 'Reachable and writable';
}
