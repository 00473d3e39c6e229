import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Archive, Database, HardDrive, HeartPulse, ListChecks, type LucideIcon } from 'lucide-react';
import { api, unwrap } from '../../api/client';
import { PageHeader } from '../../components/layout/page-header';
import { Badge } from '../../components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Skeleton } from '../../components/ui/skeleton';
import { useCan } from '../auth/session';
import { useDestinations } from '../destinations/hooks';
import { useJobs } from '../jobs/hooks';
import { useSources } from '../sources/hooks';
import { GettingStarted } from './getting-started';
import { JobHealthCard } from './job-health';
import { RunsChart } from './runs-chart';
import { SizeChart } from './size-chart';
import { jobHealth } from './stats';
import { StorageChart, useStorageUse } from './storage-chart';

export function DashboardPage() {
  const can = useCan();
  const sources = useSources();
  const destinations = useDestinations();
  const jobs = useJobs();
  const recent = useQuery({
    queryKey: ['executions', 'dashboard'],
    enabled: can('executions:read'),
    refetchInterval: 30_000,
    queryFn: () => unwrap(api.GET('/api/v1/executions', { params: { query: { type: 'backup', limit: 500 } as never } })),
  });
  const storage = useStorageUse(destinations.data, can('backups:read'));
  const executions = recent.data?.items ?? [];
  const backups = storage.reduce((n, r) => n + r.count, 0);
  return (
    <>
      <PageHeader title="Dashboard" description="What Lifeboat protects and how it is doing." />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <CountCard title="Sources" icon={Database} count={sources.data?.length} loading={sources.isPending} to="/sources" hint="databases to back up" />
        <CountCard title="Destinations" icon={HardDrive} count={destinations.data?.length} loading={destinations.isPending} to="/destinations" hint="places backups are stored" />
        <CountCard title="Jobs" icon={ListChecks} count={jobs.data?.length} loading={jobs.isPending} to="/jobs" hint="scheduled backups" />
        <CountCard title="Backups" icon={Archive} count={backups} loading={destinations.isPending} to="/storage" hint="stored right now" />
        <HealthCard />
      </div>
      {(jobs.data?.length ?? 0) === 0 && (
        <div className="mt-6">
          <GettingStarted sources={sources.data?.length ?? 0} destinations={destinations.data?.length ?? 0} />
        </div>
      )}
      <div className="mt-6 grid gap-4 lg:grid-cols-2">
        {can('executions:read') && <RunsChart executions={executions} />}
        {can('backups:read') && <StorageChart rows={storage} />}
        {can('executions:read') && <SizeChart executions={executions} />}
        {can('jobs:read') && <JobHealthCard rows={jobHealth(jobs.data ?? [], executions)} />}
      </div>
    </>
  );
}

function CountCard({ title, icon: Icon, count, loading, to, hint }: { title: string; icon: LucideIcon; count?: number; loading: boolean; to: '/sources' | '/destinations' | '/jobs' | '/storage'; hint: string }) {
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle className="text-sm font-medium text-muted-foreground">{title}</CardTitle>
        <Icon className="size-4 text-muted-foreground" aria-hidden />
      </CardHeader>
      <CardContent>
        {loading ? <Skeleton className="h-8 w-12" /> : <p className="text-3xl font-semibold" aria-label={`${count ?? 0} ${title.toLowerCase()}`}>{count ?? '—'}</p>}
        <CardDescription>
          <Link to={to} className="hover:underline">
            {hint} →
          </Link>
        </CardDescription>
      </CardContent>
    </Card>
  );
}

function HealthCard() {
  const health = useQuery({ queryKey: ['health'], refetchInterval: 30_000, queryFn: () => unwrap(api.GET('/api/health')) });
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle className="text-sm font-medium text-muted-foreground">Server</CardTitle>
        <HeartPulse className="size-4 text-muted-foreground" aria-hidden />
      </CardHeader>
      <CardContent className="space-y-1">
        {health.data ? (
          <>
            <Badge variant={health.data.status === 'ok' ? 'success' : 'destructive'}>{health.data.status === 'ok' ? 'Healthy' : 'App database unreachable'}</Badge>
            <CardDescription>
              Version {health.data.version} · {health.data.database.dialect} app database
            </CardDescription>
          </>
        ) : health.isError ? (
          <Badge variant="destructive">Unreachable</Badge>
        ) : (
          <Skeleton className="h-6 w-24" />
        )}
      </CardContent>
    </Card>
  );
}
