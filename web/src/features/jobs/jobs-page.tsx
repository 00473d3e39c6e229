import { Link } from '@tanstack/react-router';
import { FlaskConical, ListChecks, MoreHorizontal, Pencil, Play, Plus, ShieldCheck, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { describeError } from '../../api/client';
import { EmptyState } from '../../components/layout/empty-state';
import { PageHeader } from '../../components/layout/page-header';
import { QueryState } from '../../components/layout/query-state';
import { Button } from '../../components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '../../components/ui/dropdown-menu';
import { Switch } from '../../components/ui/switch';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { useCan } from '../auth/session';
import { ConfirmDialog } from '../configured/confirm-dialog';
import { useGeneralSettings } from '../settings/general-settings';
import { useSources } from '../sources/hooks';
import { useDeleteJob, useJobs, useRunJob, useRunProof, useToggleJob, type Job } from './hooks';
import { JobEditor } from './job-editor';
import { formatInZone } from '../schedule/schedule-preview';

type Dialogs = { type: 'edit'; job?: Job } | { type: 'delete'; job: Job };

export function JobsPage() {
  const jobs = useJobs();
  const sources = useSources();
  const toggle = useToggleJob();
  const remove = useDeleteJob();
  const run = useRunJob();
  const [runs, setRuns] = useState<Record<string, string>>({});
  const [dialog, setDialog] = useState<Dialogs>();
  const can = useCan();
  useGeneralSettings(); // loaded ahead, so a new job starts with the install's time zone and retention
  const sourceName = (id: string) => sources.data?.find((s) => s.id === id)?.name ?? 'deleted source';
  const proof = useRunProof();
  const runProof = async (job: Job, kind: 'drill' | 'verify') => {
    const what = kind === 'drill' ? 'Restore drill' : 'Verification';
    try {
      await proof.mutateAsync({ id: job.id, kind });
      setRuns((r) => ({ ...r, [job.id]: `${what} started` }));
    } catch (error) {
      setRuns((r) => ({ ...r, [job.id]: `${what} not started: ${describeError(error)}` }));
    }
  };
  const runNow = async (job: Job) => {
    try {
      const result = await run.mutateAsync(job.id);
      setRuns((r) => ({ ...r, [job.id]: result.alreadyQueued ? 'Already queued' : 'Started' }));
    } catch (error) {
      setRuns((r) => ({ ...r, [job.id]: `Could not start: ${describeError(error)}` }));
    }
  };
  const add = can('jobs:write') && (
    <Button onClick={() => setDialog({ type: 'edit' })}>
      <Plus aria-hidden /> Create job
    </Button>
  );
  return (
    <>
      <PageHeader title="Jobs" description="What to back up, where, and when." actions={jobs.data?.length && add ? add : undefined} />
      <QueryState query={jobs} what="jobs">
        {(items) =>
          items.length === 0 ? (
            <EmptyState icon={ListChecks} title="No jobs yet" action={add || undefined}>
              A job backs up a source into one or more destinations on a schedule. Add a source and a destination first, then create a job.
            </EmptyState>
          ) : (
            <div className="rounded-lg border bg-card">
              <Table aria-label="Jobs">
                <TableHeader>
                  <TableRow>
                    <TableHead>Name</TableHead>
                    <TableHead>Source</TableHead>
                    <TableHead>Schedule</TableHead>
                    <TableHead>Next run</TableHead>
                    <TableHead>Enabled</TableHead>
                    <TableHead className="w-px"><span className="sr-only">Actions</span></TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {items.map((job) => (
                    <TableRow key={job.id}>
                      <TableCell className="font-medium">{job.name}</TableCell>
                      <TableCell>
                        {sourceName(job.sourceId)}
                        <span className="block text-xs text-muted-foreground">{job.databases.length ? job.databases.join(', ') : 'all databases'} → {job.destinationIds.length} destination{job.destinationIds.length === 1 ? '' : 's'}</span>
                      </TableCell>
                      <TableCell>{job.schedule ? <>{job.scheduleDescription ?? `${job.schedule.cron} (${job.schedule.timeZone})`}<span className="block font-mono text-xs text-muted-foreground">{job.schedule.cron}</span></> : <span className="text-muted-foreground">By hand</span>}</TableCell>
                      <TableCell className="whitespace-nowrap">{job.enabled && job.nextRuns[0] && job.schedule ? formatInZone(new Date(job.nextRuns[0]), job.schedule.timeZone) : '—'}</TableCell>
                      <TableCell>
                        <Switch checked={job.enabled} disabled={!can('jobs:write')} onCheckedChange={(enabled) => toggle.mutate({ id: job.id, enabled })} aria-label={`${job.name} enabled`} />
                      </TableCell>
                      <TableCell>
                        <div className="flex items-center justify-end gap-1">
                          {runs[job.id] && (
                            <Link to="/executions" className="mr-1 text-xs text-primary hover:underline" role="status">
                              {runs[job.id]} — view
                            </Link>
                          )}
                          {can('jobs:execute') && (
                            <Button size="sm" variant="outline" onClick={() => void runNow(job)} aria-label={`Run ${job.name} now`}>
                              <Play aria-hidden /> Run now
                            </Button>
                          )}
                          {(can('jobs:write') || can('backups:execute')) && <DropdownMenu>
                            <DropdownMenuTrigger asChild>
                              <Button variant="ghost" size="icon" aria-label={`More actions for ${job.name}`}><MoreHorizontal aria-hidden /></Button>
                            </DropdownMenuTrigger>
                            <DropdownMenuContent>
                              {can('jobs:write') && <DropdownMenuItem onSelect={() => setDialog({ type: 'edit', job })}><Pencil aria-hidden /> Edit</DropdownMenuItem>}
                              {can('restore:execute') && job.options.drill.targetSourceId && <DropdownMenuItem onSelect={() => void runProof(job, 'drill')}><FlaskConical aria-hidden /> Restore drill now</DropdownMenuItem>}
                              {can('backups:execute') && <DropdownMenuItem onSelect={() => void runProof(job, 'verify')}><ShieldCheck aria-hidden /> Verify newest backups now</DropdownMenuItem>}
                              {can('jobs:write') && <><DropdownMenuSeparator /><DropdownMenuItem className="text-destructive" onSelect={() => setDialog({ type: 'delete', job })}><Trash2 aria-hidden /> Delete</DropdownMenuItem></>}
                            </DropdownMenuContent>
                          </DropdownMenu>}
                        </div>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )
        }
      </QueryState>
      {dialog?.type === 'edit' && <JobEditor job={dialog.job} onClose={() => setDialog(undefined)} />}
      {dialog?.type === 'delete' && (
        <ConfirmDialog title={`Delete job “${dialog.job.name}”?`} confirmLabel="Delete job" onConfirm={() => remove.mutateAsync(dialog.job.id)} onClose={() => setDialog(undefined)}>
          Its backups stay in their destinations and its history stays in Executions.
        </ConfirmDialog>
      )}
    </>
  );
}
