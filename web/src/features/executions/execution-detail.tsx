import { useState } from 'react';
import { describeError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '../../components/ui/dialog';
import { Progress } from '../../components/ui/progress';
import { formatBytes, formatDateTime, formatDuration } from '../../lib/format';
import { cancelExecution, useExecutionEvents, type Execution } from './hooks';
import { StatusBadge } from './status-badge';

/** One execution, live: progress bar, rate, current step, log tail; cancel while it runs. */
export function ExecutionDetail({ initial, title, onClose }: { initial: Execution; title: string; onClose(): void }) {
  const { execution, logs } = useExecutionEvents(initial.id, initial);
  const [failure, setFailure] = useState<string>();
  const active = execution.status === 'queued' || execution.status === 'running';
  const p = execution.progress;
  const percent = p?.total ? (p.bytes / p.total) * 100 : null;
  const size = (execution.result as { totalSize?: number } | null)?.totalSize;
  const ended = execution.finishedAt && execution.startedAt ? new Date(execution.finishedAt).getTime() - new Date(execution.startedAt).getTime() : null;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle className="flex items-center gap-2">
            {title} <StatusBadge status={execution.status} />
          </DialogTitle>
          <DialogDescription>
            {execution.type} · {execution.trigger} · queued {formatDateTime(execution.queuedAt)} · attempt {execution.attempt} of {execution.maxAttempts}
          </DialogDescription>
        </DialogHeader>
        {active && (
          <div className="grid gap-2" aria-live="polite">
            <Progress value={percent} aria-label="Progress" />
            <p className="text-xs text-muted-foreground">
              {execution.status === 'queued' ? 'Waiting for a free slot…' : `${p?.step ?? 'Starting'} · ${formatBytes(p?.bytes ?? 0)}${p?.total ? ` of ${formatBytes(p.total)}` : ''} · ${formatBytes(p?.rate ?? 0)}/s${p?.etaSeconds ? ` · about ${formatDuration(p.etaSeconds * 1000)} left` : ''}`}
            </p>
            {/* Moves while the dump tool gathers a large row, when nothing reaches storage yet. */}
            {p?.sourceBytes !== undefined && <p className="text-xs text-muted-foreground">Read {formatBytes(p.sourceBytes)} from the source</p>}
          </div>
        )}
        {!active && (
          <dl className="grid grid-cols-3 gap-3 text-sm">
            <div><dt className="text-xs text-muted-foreground">Finished</dt><dd>{formatDateTime(execution.finishedAt)}</dd></div>
            <div><dt className="text-xs text-muted-foreground">Duration</dt><dd>{formatDuration(ended)}</dd></div>
            <div><dt className="text-xs text-muted-foreground">Stored size</dt><dd>{formatBytes(size)}</dd></div>
          </dl>
        )}
        {execution.error && <Alert variant="destructive" title="What went wrong">{execution.error}</Alert>}
        {failure && <Alert variant="destructive">{failure}</Alert>}
        <div>
          <p className="mb-1 text-xs font-medium text-muted-foreground">Log</p>
          <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md bg-muted p-3 font-mono text-xs leading-relaxed" aria-label="Log" tabIndex={0}>
            {logs.length === 0 ? 'No log lines yet.' : logs.map((l) => `${new Date(l.at).toLocaleTimeString()} ${l.level.padEnd(5)} ${l.step ? `[${l.step}] ` : ''}${l.message}`).join('\n')}
          </pre>
        </div>
        {active && (
          <div className="flex justify-end">
            <Button variant="destructive" disabled={execution.cancelRequested} onClick={() => cancelExecution(execution.id).catch((e) => setFailure(describeError(e)))}>
              {execution.cancelRequested ? 'Cancelling…' : 'Cancel run'}
            </Button>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
