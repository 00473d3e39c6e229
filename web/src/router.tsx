import { createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { AppShell } from './components/layout/app-shell';
import { DashboardPage } from './features/dashboard/dashboard-page';
import { DestinationsPage } from './features/destinations/destinations-page';
import { ExecutionsPage } from './features/executions/executions-page';
import { JobsPage } from './features/jobs/jobs-page';
import { UnavailablePage } from './features/placeholder/unavailable-page';
import { SourcesPage } from './features/sources/sources-page';
import { NotFoundPage } from './not-found-page';

/**
 * Code-based routes: one line per page. A feature adds its page here and its entry in
 * components/layout/nav.ts.
 */
const rootRoute = createRootRoute({ notFoundComponent: NotFoundPage });
const shell = createRoute({ getParentRoute: () => rootRoute, id: 'shell', component: AppShell });

const page = <const P extends string>(path: P, component: () => React.ReactNode) => createRoute({ getParentRoute: () => shell, path, component });

const routeTree = rootRoute.addChildren([
  shell.addChildren([
    page('/', DashboardPage),
    page('/sources', SourcesPage),
    page('/destinations', DestinationsPage),
    page('/jobs', JobsPage),
    page('/executions', ExecutionsPage),
    page('/storage', () => <UnavailablePage title="Backups" description="The backups stored in each destination." />),
    page('/settings', () => <UnavailablePage title="Settings" description="Encryption, notifications, users and access." />),
  ]),
]);

export const router = createRouter({ routeTree, defaultPreload: 'intent' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
