import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { formatBytes, formatDuration } from '../../lib/format';
import type { Execution } from '../executions/hooks';
import { axisProps, tooltipStyle } from './runs-chart';
import { sizeSeries } from './stats';

const time = (at: number) => new Date(at).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Stored size and duration of each successful backup: growth and slow-downs show at a glance. */
export function SizeChart({ executions }: { executions: Execution[] }) {
  const data = sizeSeries(executions);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Backup size and duration</CardTitle>
        <CardDescription>{data.length === 0 ? 'Appears after the first successful backup.' : data.length === 1 ? 'The first successful backup: the trend grows with each run.' : `The last ${data.length} successful backups.`}</CardDescription>
      </CardHeader>
      <CardContent className="h-56" aria-label="Backup size and duration chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ left: 0, right: 0, top: 8 }}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={time} {...axisProps} />
            <YAxis yAxisId="size" width={64} domain={[0, (max: number) => Math.max(1024, max * 1.2)]} tickFormatter={(b) => formatBytes(Number(b))} {...axisProps} />
            <YAxis yAxisId="time" orientation="right" width={68} domain={[0, (max: number) => Math.max(1, max * 1.2)]} tickFormatter={(s) => formatDuration(Number(s) * 1000)} {...axisProps} />
            <Tooltip contentStyle={tooltipStyle} labelFormatter={(at) => time(Number(at))} formatter={(value, name) => [name === 'Size' ? formatBytes(Number(value)) : formatDuration(Number(value) * 1000), name]} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line yAxisId="size" dataKey="bytes" name="Size" stroke="var(--chart-1)" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
            <Line yAxisId="time" dataKey="seconds" name="Duration" stroke="var(--chart-4)" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </CardContent>
    </Card>
  );
}
