import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';

export type Execution = Schemas['Execution'];
export type LogLine = Schemas['LogLine'];
export type ExecutionFilters = { status: string[]; jobId: string[]; sourceId: string[]; trigger: string[] };

const ACTIVE = ['queued', 'running'];

export function useExecutions(filters: ExecutionFilters) {
  return useQuery({
    queryKey: ['executions', filters],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/executions', {
          params: { query: { status: csv(filters.status), jobId: csv(filters.jobId), sourceId: csv(filters.sourceId), trigger: csv(filters.trigger), limit: 100 } as never },
        }),
      ),
    // While something runs the list follows it; otherwise it stays still.
    refetchInterval: (query) => (query.state.data?.items.some((e) => ACTIVE.includes(e.status)) ? 2000 : false),
  });
}

function csv(values: string[]): string | undefined {
  return values.length ? values.join(',') : undefined;
}

/**
 * Live state of one execution over Server-Sent Events: snapshots and log lines until it ends.
 * EventSource reconnects by itself after a network blip.
 */
export function useExecutionEvents(id: string, initial: Execution) {
  const [execution, setExecution] = useState(initial);
  const [logs, setLogs] = useState<LogLine[]>([]);
  useEffect(() => {
    const source = new EventSource(`/api/v1/executions/${encodeURIComponent(id)}/events`, { withCredentials: true });
    source.addEventListener('execution', (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as Execution;
      setExecution(next);
      if (!ACTIVE.includes(next.status)) source.close();
    });
    source.addEventListener('log', (event) => {
      const line = JSON.parse((event as MessageEvent<string>).data) as LogLine;
      setLogs((current) => (current.some((l) => l.id === line.id) ? current : [...current, line].slice(-200)));
    });
    return () => source.close();
  }, [id]);
  return { execution, logs };
}

export async function cancelExecution(id: string): Promise<Execution> {
  return unwrap(api.POST('/api/v1/executions/{id}/cancel', { params: { path: { id } } }));
}
