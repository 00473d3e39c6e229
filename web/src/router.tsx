import { createRootRoute, createRoute, createRouter, redirect } from '@tanstack/react-router';
import { queryClient } from './api/query-client';
import { AppShell } from './components/layout/app-shell';
import { LoginPage } from './features/auth/login-page';
import { sessionQuery } from './features/auth/session';
import { SetupPage } from './features/auth/setup-page';
import { DashboardPage } from './features/dashboard/dashboard-page';
import { DestinationsPage } from './features/destinations/destinations-page';
import { ExecutionsPage } from './features/executions/executions-page';
import { JobsPage } from './features/jobs/jobs-page';
import { SettingsPage } from './features/settings/settings-page';
import { SourcesPage } from './features/sources/sources-page';
import { StoragePage } from './features/storage/storage-page';
import { NotFoundPage } from './not-found-page';

/**
 * Code-based routes: one line per page. A feature adds its page here and its entry in
 * components/layout/nav.ts. Pages inside the shell need a session: without one the guard sends the
 * browser to sign-in (or to first-run set-up while no account exists).
 */
const rootRoute = createRootRoute({ notFoundComponent: NotFoundPage });

const shell = createRoute({
  getParentRoute: () => rootRoute,
  id: 'shell',
  component: AppShell,
  beforeLoad: async ({ location }) => {
    const session = await queryClient.ensureQueryData(sessionQuery);
    if (session.needsSetup) throw redirect({ to: '/setup' });
    if (!session.me) throw redirect({ to: '/login', search: { next: location.href === '/' ? undefined : location.href } });
  },
});

const login = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  component: LoginPage,
  validateSearch: (search: Record<string, unknown>): { next?: string; manual?: boolean } => ({
    next: typeof search.next === 'string' ? search.next : undefined,
    manual: search.manual === true || search.manual === 'true' || search.manual === 1 ? true : undefined,
  }),
  beforeLoad: async () => {
    const session = await queryClient.ensureQueryData(sessionQuery);
    if (session.needsSetup) throw redirect({ to: '/setup' });
    if (session.me) throw redirect({ to: '/' });
  },
});

const setup = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  component: SetupPage,
  beforeLoad: async () => {
    const session = await queryClient.ensureQueryData(sessionQuery);
    if (!session.needsSetup) throw redirect({ to: session.me ? '/' : '/login' });
  },
});

const page = <const P extends string>(path: P, component: () => React.ReactNode) => createRoute({ getParentRoute: () => shell, path, component });

const routeTree = rootRoute.addChildren([
  login,
  setup,
  shell.addChildren([
    page('/', DashboardPage),
    page('/sources', SourcesPage),
    page('/destinations', DestinationsPage),
    page('/jobs', JobsPage),
    page('/executions', ExecutionsPage),
    page('/storage', StoragePage),
    page('/settings', SettingsPage),
  ]),
]);

export const router = createRouter({ routeTree, defaultPreload: 'intent' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
