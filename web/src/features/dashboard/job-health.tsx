import { Link } from '@tanstack/react-router';
import { Badge } from '../../components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { formatDateTime } from '../../lib/format';
import type { JobHealth } from './stats';

/** Failing jobs first (they need attention), then what runs next. */
export function JobHealthCard({ rows }: { rows: JobHealth[] }) {
  const failing = rows.filter((r) => r.failing).length;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Jobs and next runs</CardTitle>
        <CardDescription>{rows.length === 0 ? 'No jobs yet.' : failing ? `${failing} job${failing === 1 ? '' : 's'} failing: fix these first.` : 'Every job’s last run succeeded.'}</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-1.5" aria-label="Jobs and next runs">
          {rows.slice(0, 8).map(({ job, last, failing, next }) => (
            <li key={job.id} className="flex items-center gap-2 rounded-md border px-3 py-2 text-sm">
              <Badge variant={failing ? 'destructive' : last ? 'success' : 'secondary'}>{failing ? 'failing' : last ? 'ok' : 'not run'}</Badge>
              <Link to="/jobs" className="min-w-0 flex-1 truncate font-medium hover:underline">{job.name}</Link>
              <span className="whitespace-nowrap text-xs text-muted-foreground">{next ? `next ${formatDateTime(next)}` : job.enabled ? 'by hand' : 'disabled'}</span>
            </li>
          ))}
        </ul>
        {rows.length === 0 && <Link to="/jobs" className="text-sm text-primary hover:underline">Create a job →</Link>}
      </CardContent>
    </Card>
  );
}
