import { useQuery } from '@tanstack/react-query';

/**
 * Which API routes this server offers, read from its public OpenAPI document. Pages for features the
 * server does not have yet say so instead of failing, so the UI and server can grow independently.
 */
export function useCapabilities() {
  return useQuery({
    queryKey: ['openapi-paths'],
    staleTime: Infinity,
    queryFn: async () => {
      const response = await fetch('/api/openapi.json', { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`Cannot read the API description (${response.status})`);
      const document = (await response.json()) as { paths?: Record<string, unknown> };
      return new Set(Object.keys(document.paths ?? {}));
    },
  });
}

export function hasRoute(paths: Set<string> | undefined, path: string): boolean {
  return paths?.has(path) ?? false;
}
