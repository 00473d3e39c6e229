import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';

/** One client for the app; the router reads the session through it before a page loads. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // Retrying a 4xx only delays the message that says what to fix.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});
