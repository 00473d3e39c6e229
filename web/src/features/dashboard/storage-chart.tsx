import { useQueries } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap } from '../../api/client';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { formatBytes } from '../../lib/format';
import type { Destination } from '../destinations/hooks';
import { axisProps, tooltipStyle } from './runs-chart';

/** Bytes stored per destination, read from storage (the explorer's totals). */
export function useStorageUse(destinations: Destination[] | undefined, enabled: boolean) {
  const totals = useQueries({
    queries: (destinations ?? []).map((d) => ({
      queryKey: ['backups', d.id, 'totals'],
      enabled,
      retry: false,
      queryFn: () => unwrap(api.GET('/api/v1/destinations/{id}/backups/totals', { params: { path: { id: d.id }, query: {} } })),
    })),
  });
  return (destinations ?? []).map((d, i) => ({ name: d.name, bytes: totals[i]?.data?.bytes ?? 0, count: totals[i]?.data?.count ?? 0, error: totals[i]?.isError ?? false }));
}

export function StorageChart({ rows }: { rows: ReturnType<typeof useStorageUse> }) {
  const unreachable = rows.filter((r) => r.error).map((r) => r.name);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Storage used</CardTitle>
        <CardDescription>
          {rows.length === 0 ? 'No destinations yet.' : `${formatBytes(rows.reduce((n, r) => n + r.bytes, 0))} in ${plural(rows.reduce((n, r) => n + r.count, 0), 'backup')}`}
          {unreachable.length > 0 && ` · could not read ${unreachable.join(', ')}`}
        </CardDescription>
      </CardHeader>
      <CardContent className="h-56" aria-label="Storage used per destination chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" margin={{ left: 10, right: 16 }}>
            <CartesianGrid horizontal={false} stroke="var(--border)" />
            <XAxis type="number" tickFormatter={(b) => formatBytes(Number(b))} {...axisProps} />
            <YAxis type="category" dataKey="name" width={110} {...axisProps} />
            <Tooltip contentStyle={tooltipStyle} cursor={{ fill: 'var(--muted)' }} formatter={(b) => [formatBytes(Number(b)), 'Stored']} />
            <Bar dataKey="bytes" name="Stored" fill="var(--chart-1)" radius={[0, 3, 3, 0]} maxBarSize={28} />
          </BarChart>
        </ResponsiveContainer>
      </CardContent>
    </Card>
  );
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
