import { History } from 'lucide-react';
import { useCallback, useState } from 'react';
import { EmptyState } from '../../components/layout/empty-state';
import { PageHeader } from '../../components/layout/page-header';
import { QueryState } from '../../components/layout/query-state';
import { Button } from '../../components/ui/button';
import { useJobs } from '../jobs/hooks';
import { useSources } from '../sources/hooks';
import { ExecutionDetail } from './execution-detail';
import { ExecutionsTable } from './executions-table';
import { FacetFilter, type FacetOption } from './facet-filter';
import { useExecutions, type Execution, type ExecutionFilters } from './hooks';

const NONE: ExecutionFilters = { status: [], jobId: [], sourceId: [], trigger: [] };

export function ExecutionsPage() {
  const [filters, setFilters] = useState<ExecutionFilters>(NONE);
  const [open, setOpen] = useState<Execution>();
  const executions = useExecutions(filters);
  const jobs = useJobs();
  const sources = useSources();
  const jobName = useCallback((e: Execution) => jobs.data?.find((j) => j.id === e.jobId)?.name ?? (e.jobId ? 'deleted job' : e.type), [jobs.data]);
  const facets = executions.data?.facets;
  const options = (list: { value: string | null; count: number }[] | undefined, label: (v: string) => string): FacetOption[] =>
    (list ?? []).filter((f) => f.value !== null).map((f) => ({ value: f.value!, label: label(f.value!), count: f.count }));
  const filtered = Object.values(filters).some((v) => v.length > 0);
  const set = (key: keyof ExecutionFilters) => (next: string[]) => setFilters({ ...filters, [key]: next });

  return (
    <>
      <PageHeader title="Executions" description="Every backup and restore run: live while it runs, then as history." />
      <div className="mb-3 flex flex-wrap items-center gap-2" role="toolbar" aria-label="Filters">
        <FacetFilter title="Status" options={options(facets?.status, (v) => v)} selected={filters.status} onChange={set('status')} />
        <FacetFilter title="Job" options={options(facets?.job, (v) => jobs.data?.find((j) => j.id === v)?.name ?? 'deleted job')} selected={filters.jobId} onChange={set('jobId')} />
        <FacetFilter title="Source" options={options(facets?.source, (v) => sources.data?.find((s) => s.id === v)?.name ?? 'deleted source')} selected={filters.sourceId} onChange={set('sourceId')} />
        <FacetFilter title="Trigger" options={options(facets?.trigger, (v) => v)} selected={filters.trigger} onChange={set('trigger')} />
        {filtered && <Button variant="ghost" size="sm" onClick={() => setFilters(NONE)}>Reset filters</Button>}
      </div>
      <QueryState query={executions} what="executions">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState icon={History} title={filtered ? 'No run matches these filters' : 'Nothing has run yet'}>
              {filtered ? 'Clear a filter to see more runs.' : 'Runs appear here as soon as a job starts: on its schedule, or with "Run now" on the Jobs page.'}
            </EmptyState>
          ) : (
            <ExecutionsTable items={data.items} jobName={jobName} onOpen={setOpen} />
          )
        }
      </QueryState>
      {open && <ExecutionDetail initial={open} title={jobName(open)} onClose={() => setOpen(undefined)} />}
    </>
  );
}
