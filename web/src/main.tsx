import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { onUnauthorized } from './api/client';
import { queryClient } from './api/query-client';
import './index.css';
import { router } from './router';

// A session that ended (expired, signed out elsewhere) sends the user back to sign-in.
onUnauthorized(() => {
  queryClient.removeQueries({ queryKey: ['session'] });
  const here = router.state.location.href;
  if (!here.startsWith('/login')) void router.navigate({ to: '/login', search: { next: here } });
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
