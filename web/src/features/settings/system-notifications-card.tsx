import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, describeError, unwrap } from '../../api/client';
import { QueryState } from '../../components/layout/query-state';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { useCan } from '../auth/session';
import { CheckboxList } from '../jobs/checkbox-list';
import { formProblems, isChanged, toForm, toSettings, type NotificationSettings, type SystemNotificationsForm } from './system-notifications-form';
import { UsageThresholdRows } from './usage-threshold-rows';

const path = '/api/v1/settings/notifications';
const queryKey = ['settings', 'notifications'];

/** Where events that belong to no job go (restores, checks, retention, unreachable systems, storage usage), and how hard delivery tries. */
export function SystemNotificationsCard() {
  const settings = useQuery({ queryKey, queryFn: () => unwrap(api.GET(path)) });
  return (
    <section aria-label="System notifications" className="grid gap-3 border-t pt-5">
      <div className="space-y-1">
        <h3 className="text-base font-semibold">System notifications</h3>
        <p className="text-sm text-muted-foreground">Events outside a job's own notification rules: failed restores, verifications and drills, retention problems, unreachable sources and destinations, missed schedules and storage usage.</p>
      </div>
      <QueryState query={settings} what="the system notification settings">{(data) => <SystemNotificationsEditor saved={data} />}</QueryState>
    </section>
  );
}

function SystemNotificationsEditor({ saved }: { saved: NotificationSettings }) {
  const client = useQueryClient();
  const can = useCan();
  const canWrite = can('settings:write');
  const channels = useQuery({ queryKey: ['notification-channels'], queryFn: () => unwrap(api.GET('/api/v1/notification-channels')) });
  // Fetched again on opening: a destination added since must be offered for a threshold.
  const destinations = useQuery({ queryKey: ['destinations'], enabled: can('destinations:read'), refetchOnMount: 'always', queryFn: () => unwrap(api.GET('/api/v1/destinations')) });
  const [baseline, setBaseline] = useState(() => toForm(saved));
  const [form, setForm] = useState(baseline);
  const [tried, setTried] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const names = destinations.data ? new Map(destinations.data.map((d) => [d.id, d.name])) : undefined;
  // Checked from the first save attempt on, then live, so a fixed field clears its message at once.
  const problems = tried ? formProblems(form, names) : [];
  const invalid = new Set(problems.map((p) => p.field));
  const changed = isChanged(baseline, form);
  const save = useMutation({ mutationFn: (body: ReturnType<typeof toSettings>) => unwrap(api.PUT(path, { body })) });
  const set = (patch: Partial<SystemNotificationsForm>) => { setForm({ ...form, ...patch }); setOutcome(undefined); };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (formProblems(form, names).length) return;
    try {
      const result = await save.mutateAsync(toSettings(form));
      client.setQueryData(queryKey, result);
      const next = toForm(result);
      setBaseline(next);
      setForm(next);
      setTried(false);
      setOutcome({ ok: true, text: 'Saved. The next system event is sent this way.' });
    } catch (error) {
      setOutcome({ ok: false, text: describeError(error) });
    }
  };
  const field = (id: 'attempts' | 'timeoutSeconds' | 'retryDelaySeconds', label: string, hint: string, limits: { min: number; max: number; step?: string }) => (
    <div className="grid gap-1.5">
      <Label htmlFor={`system-notify-${id}`}>{label}</Label>
      <Input id={`system-notify-${id}`} type="number" {...limits} value={form[id]} onChange={(e) => set({ [id]: e.target.value })} aria-invalid={invalid.has(id) || undefined} aria-describedby={`system-notify-${id}-hint`} />
      <p id={`system-notify-${id}-hint`} className="text-xs text-muted-foreground">{hint}</p>
    </div>
  );
  return (
    <form className="grid gap-5 rounded-lg border bg-card p-4" onSubmit={submit} noValidate>
      <fieldset disabled={!canWrite} className="grid gap-5">
        {channels.data && channels.data.length > 0 ? (
          <CheckboxList legend="Channels for system events" options={channels.data.map((c) => ({ value: c.id, label: c.name, hint: c.kind }))} selected={form.channels} onChange={(next) => set({ channels: next })} />
        ) : (
          <p className="text-sm text-muted-foreground">{channels.isPending ? 'Loading channels…' : 'No channel yet: add one above, then choose it here. Until then system events are only logged.'}</p>
        )}
        <div className="grid items-start gap-4 border-t pt-4 sm:grid-cols-3">
          <p className="text-sm font-medium sm:col-span-3">Delivery <span className="font-normal text-muted-foreground">(every notification, job ones included)</span></p>
          {field('attempts', 'Delivery attempts', 'Tries per event and channel, the first included.', { min: 1, max: 10 })}
          {field('timeoutSeconds', 'Timeout per attempt (seconds)', 'A channel slower than this counts as failed and is tried again.', { min: 1, max: 300 })}
          {field('retryDelaySeconds', 'First retry after (seconds)', 'Doubles after each failed attempt.', { min: 0.01, max: 600, step: 'any' })}
        </div>
        <div className="border-t pt-4">
          <UsageThresholdRows rows={form.thresholds} destinations={destinations.data} invalid={invalid} canWrite={canWrite} onChange={(thresholds) => set({ thresholds })} />
        </div>
      </fieldset>
      {problems.length > 0 && (
        <Alert variant="destructive" title="Before saving">
          <ul className="list-disc pl-4">{problems.map((p) => <li key={`${p.field}:${p.message}`}>{p.message}.</li>)}</ul>
        </Alert>
      )}
      {outcome && <Alert variant={outcome.ok ? 'success' : 'destructive'} title={outcome.ok ? undefined : 'The settings were not saved'}>{outcome.text}</Alert>}
      {canWrite && (
        <div className="flex justify-end gap-2">
          <Button variant="outline" disabled={!changed} onClick={() => { setForm(baseline); setTried(false); setOutcome(undefined); }}>Discard changes</Button>
          <Button type="submit" disabled={!changed || save.isPending}>{save.isPending ? 'Saving…' : 'Save system notifications'}</Button>
        </div>
      )}
    </form>
  );
}
