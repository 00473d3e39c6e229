import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo } from 'react';
import { Progress } from '../../components/ui/progress';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { formatBytes, formatDateTime, formatDuration } from '../../lib/format';
import type { Execution } from './hooks';
import { StatusBadge } from './status-badge';

const column = createColumnHelper<Execution>();

/** The history table; a row opens its live detail. */
export function ExecutionsTable({ items, jobName, onOpen }: { items: Execution[]; jobName(e: Execution): string; onOpen(e: Execution): void }) {
  const columns = useMemo(
    () => [
      column.accessor('status', { header: 'Status', cell: (c) => <StatusBadge status={c.getValue()} /> }),
      column.display({ id: 'job', header: 'Job', cell: (c) => <span className="font-medium">{jobName(c.row.original)}</span> }),
      column.accessor('type', { header: 'Type' }),
      column.accessor('trigger', { header: 'Trigger' }),
      column.accessor('queuedAt', { header: 'Started', cell: (c) => <span className="whitespace-nowrap">{formatDateTime(c.row.original.startedAt ?? c.getValue())}</span> }),
      column.display({ id: 'progress', header: 'Duration / progress', cell: (c) => <RunCell execution={c.row.original} /> }),
    ],
    [jobName],
  );
  const table = useReactTable({ data: items, columns, getCoreRowModel: getCoreRowModel(), getRowId: (e) => e.id });
  return (
    <div className="rounded-lg border bg-card">
      <Table aria-label="Executions">
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id}>
              {group.headers.map((header) => (
                <TableHead key={header.id}>{flexRender(header.column.columnDef.header, header.getContext())}</TableHead>
              ))}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {table.getRowModel().rows.map((row) => (
            <TableRow
              key={row.id}
              tabIndex={0}
              className="cursor-pointer focus-visible:bg-muted focus-visible:outline-none"
              onClick={() => onOpen(row.original)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onOpen(row.original))}
              aria-label={`${jobName(row.original)} ${row.original.status}, open details`}
            >
              {row.getVisibleCells().map((cell) => (
                <TableCell key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function RunCell({ execution }: { execution: Execution }) {
  if (execution.status === 'running') {
    const p = execution.progress;
    return (
      <div className="grid min-w-36 gap-1">
        <Progress value={p?.total ? (p.bytes / p.total) * 100 : null} aria-label="Progress" />
        <span className="text-xs text-muted-foreground">{formatBytes(p?.bytes ?? 0)} · {formatBytes(p?.rate ?? 0)}/s</span>
        {p?.sourceBytes !== undefined && <span className="text-xs text-muted-foreground">Read {formatBytes(p.sourceBytes)} from the source</span>}
      </div>
    );
  }
  if (!execution.finishedAt || !execution.startedAt) return <span className="text-muted-foreground">—</span>;
  const size = (execution.result as { totalSize?: number } | null)?.totalSize;
  return (
    <span className="whitespace-nowrap">
      {formatDuration(new Date(execution.finishedAt).getTime() - new Date(execution.startedAt).getTime())}
      {size !== undefined && <span className="text-muted-foreground"> · {formatBytes(size)}</span>}
    </span>
  );
}
