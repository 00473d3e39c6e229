import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { useCan } from '../auth/session';

export type GeneralSettings = Schemas['GeneralSettings'];
export type GeneralSettingsPatch = Schemas['GeneralSettingsPatch'];

/** Install-wide settings; also what new jobs start with (time zone, retention). Needs settings:read. */
export function useGeneralSettings() {
  const allowed = useCan()('settings:read');
  return useQuery({ queryKey: ['settings', 'general'], enabled: allowed, staleTime: 60_000, queryFn: () => unwrap(api.GET('/api/v1/settings')) });
}

export function useSaveGeneralSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: GeneralSettingsPatch) => unwrap(api.PATCH('/api/v1/settings', { body })),
    onSuccess: (saved) => client.setQueryData(['settings', 'general'], saved),
  });
}
