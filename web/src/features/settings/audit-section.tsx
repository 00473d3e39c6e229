import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { QueryState } from '../../components/layout/query-state';
import { Badge } from '../../components/ui/badge';
import { Input } from '../../components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { Section } from './section';

/** Who did what, newest first; filter by action prefix ("auth.", "POST /api/v1/jobs"). */
export function AuditSection() {
  const [action, setAction] = useState('');
  const audit = useQuery({
    queryKey: ['audit', action],
    queryFn: () => unwrap(api.GET('/api/v1/audit', { params: { query: { action: action || undefined, limit: 100 } as never } })),
  });
  return (
    <Section title="Audit log" description="Every sign-in and every change, with who made it and from where.">
      <Input aria-label="Filter by action" placeholder="Filter by action, e.g. auth." className="max-w-72" value={action} onChange={(e) => setAction(e.target.value)} />
      <QueryState query={audit} what="the audit log">
        {(items) => (
            <div className="rounded-lg border bg-card">
              <Table aria-label="Audit log">
                <TableHeader><TableRow><TableHead>When</TableHead><TableHead>Who</TableHead><TableHead>Action</TableHead><TableHead>Outcome</TableHead><TableHead>From</TableHead></TableRow></TableHeader>
                <TableBody>
                  {items.map((e) => (
                    <TableRow key={e.id}>
                      <TableCell className="whitespace-nowrap text-xs">{formatDateTime(e.at)}</TableCell>
                      <TableCell className="text-xs">{e.actor.email ?? e.actor.kind}</TableCell>
                      <TableCell className="font-mono text-xs">{e.action}{e.target && !e.action.includes(e.target) ? ` ${e.target}` : ''}</TableCell>
                      <TableCell><Badge variant={e.outcome === 'success' ? 'success' : 'destructive'}>{e.outcome}</Badge></TableCell>
                      <TableCell className="text-xs">{e.ip ?? '—'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
        )}
      </QueryState>
    </Section>
  );
}
