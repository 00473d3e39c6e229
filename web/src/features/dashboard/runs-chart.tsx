import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import type { Execution } from '../executions/hooks';
import { bucketRuns, type Window } from './stats';

export const tooltipStyle = { background: 'var(--popover)', border: '1px solid var(--border)', borderRadius: 8, color: 'var(--popover-foreground)', fontSize: 12 };
export const axisProps = { stroke: 'var(--muted-foreground)', fontSize: 11, tickLine: false, axisLine: false } as const;

/** Backups that succeeded and failed, per hour over 24 h or per day over 7 days. */
export function RunsChart({ executions }: { executions: Execution[] }) {
  const [window, setWindow] = useState<Window>('24h');
  const data = bucketRuns(executions, window, new Date());
  const total = data.reduce((n, b) => n + b.succeeded + b.failed, 0);
  const failed = data.reduce((n, b) => n + b.failed, 0);
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-2">
        <div className="space-y-1">
          <CardTitle>Backup runs</CardTitle>
          <CardDescription>{total === 0 ? 'No finished backups in this period.' : `${total - failed} succeeded, ${failed} failed`}</CardDescription>
        </div>
        <div className="flex gap-1" role="group" aria-label="Period">
          {(['24h', '7d'] as const).map((w) => (
            <Button key={w} size="sm" variant={window === w ? 'secondary' : 'ghost'} aria-pressed={window === w} onClick={() => setWindow(w)}>
              {w === '24h' ? '24 hours' : '7 days'}
            </Button>
          ))}
        </div>
      </CardHeader>
      <CardContent className="h-56" aria-label="Successes and failures chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ left: -20, right: 4 }}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="label" {...axisProps} interval={window === '24h' ? 3 : 0} />
            <YAxis allowDecimals={false} {...axisProps} />
            <Tooltip contentStyle={tooltipStyle} cursor={{ fill: 'var(--muted)' }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="succeeded" name="Succeeded" stackId="runs" fill="var(--chart-2)" radius={[0, 0, 0, 0]} />
            <Bar dataKey="failed" name="Failed" stackId="runs" fill="var(--chart-3)" radius={[3, 3, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </CardContent>
    </Card>
  );
}
