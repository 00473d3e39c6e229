import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, describeError, unwrap } from '../../api/client';
import { QueryState } from '../../components/layout/query-state';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { useCan } from '../auth/session';
import { RetentionFields } from '../retention/retention-fields';
import { changedSettings, timeZoneNames } from './general-form';
import { useGeneralSettings, useSaveGeneralSettings, type GeneralSettings } from './general-settings';
import { Section } from './section';

/** Concurrency, worker lease, what new jobs start with, and how long the audit log is kept. */
export function GeneralSection() {
  const settings = useGeneralSettings();
  return (
    <Section title="General" description="How much runs at once, and what new jobs start with. Existing jobs keep their own schedule and retention.">
      <QueryState query={settings} what="the general settings">{(data) => <GeneralForm saved={data} />}</QueryState>
    </Section>
  );
}

function GeneralForm({ saved }: { saved: GeneralSettings }) {
  const [form, setForm] = useState(saved);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const save = useSaveGeneralSettings();
  const can = useCan();
  const canWrite = can('settings:write');
  const changes = changedSettings(saved, form);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      setForm(await save.mutateAsync(changes));
      setOutcome({ ok: true, text: 'Saved. New limits apply to the next executions the queue starts.' });
    } catch (error) {
      setOutcome({ ok: false, text: describeError(error) });
    }
  };
  const number = (key: 'maxConcurrentJobs' | 'workerLeaseSeconds', text: string) => setForm({ ...form, [key]: text === '' ? 0 : Math.floor(Number(text)) });
  return (
    <div className="grid gap-6">
    <form className="grid gap-6" onSubmit={submit}>
      <fieldset disabled={!canWrite} className="grid gap-6 rounded-lg border bg-card p-4">
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <div className="grid gap-1.5">
            <Label htmlFor="general-concurrency">Executions at once</Label>
            <Input id="general-concurrency" type="number" min={1} max={64} value={form.maxConcurrentJobs || ''} onChange={(e) => number('maxConcurrentJobs', e.target.value)} aria-describedby="general-concurrency-hint" />
            <p id="general-concurrency-hint" className="text-xs text-muted-foreground">Backups, restores, verifications and drills running at the same time, across every worker. Each job still runs one backup at a time.</p>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="general-time-zone">Default time zone</Label>
            <Input id="general-time-zone" list="general-time-zones" value={form.defaultTimeZone} onChange={(e) => setForm({ ...form, defaultTimeZone: e.target.value })} aria-describedby="general-time-zone-hint" />
            <datalist id="general-time-zones">{timeZoneNames().map((zone) => <option key={zone} value={zone} />)}</datalist>
            <p id="general-time-zone-hint" className="text-xs text-muted-foreground">New jobs read their schedule and retention periods in this zone.</p>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="general-lease">Worker lease (seconds)</Label>
            <Input id="general-lease" type="number" min={15} max={3600} value={form.workerLeaseSeconds || ''} onChange={(e) => number('workerLeaseSeconds', e.target.value)} aria-describedby="general-lease-hint" />
            <p id="general-lease-hint" className="text-xs text-muted-foreground">Only with several workers (PostgreSQL app database): a worker silent this long is taken for dead and its executions are failed or retried. Read when a worker starts.</p>
          </div>
        </div>
        <div className="border-t pt-4">
          <RetentionFields id="general" legend="Retention for new jobs" value={form.defaultRetention} onChange={(defaultRetention) => setForm({ ...form, defaultRetention })} />
        </div>
      </fieldset>
      {outcome && <Alert variant={outcome.ok ? 'success' : 'destructive'} title={outcome.ok ? undefined : 'The settings were not saved'}>{outcome.text}</Alert>}
      {canWrite && (
        <div className="flex justify-end gap-2">
          <Button variant="outline" disabled={!Object.keys(changes).length} onClick={() => { setForm(saved); setOutcome(undefined); }}>Discard changes</Button>
          <Button type="submit" disabled={!Object.keys(changes).length || save.isPending}>{save.isPending ? 'Saving…' : 'Save settings'}</Button>
        </div>
      )}
    </form>
    {can('audit:read') && <AuditRetention canWrite={canWrite} />}
    </div>
  );
}

/** The audit log's own retention (its own route: changing it deletes older entries at once). */
function AuditRetention({ canWrite }: { canWrite: boolean }) {
  const client = useQueryClient();
  const current = useQuery({ queryKey: ['audit', 'settings'], queryFn: () => unwrap(api.GET('/api/v1/audit/settings')) });
  const [days, setDays] = useState<string>();
  const save = useMutation({
    mutationFn: (retentionDays: number) => unwrap(api.PUT('/api/v1/audit/settings', { body: { retentionDays } })),
    onSuccess: (saved) => { client.setQueryData(['audit', 'settings'], saved); setDays(undefined); },
  });
  const value = days ?? String(current.data?.retentionDays ?? '');
  return (
    <div className="grid gap-1.5 rounded-lg border bg-card p-4">
      <Label htmlFor="general-audit-days">Keep the audit log for (days)</Label>
      <div className="flex flex-wrap items-center gap-2">
        <Input id="general-audit-days" type="number" min={1} max={3650} className="max-w-32" disabled={!canWrite} value={value} onChange={(e) => setDays(e.target.value)} />
        {canWrite && days !== undefined && (
          <Button variant="outline" size="sm" disabled={save.isPending} onClick={() => save.mutate(Math.floor(Number(days)))}>Apply (older entries are deleted now)</Button>
        )}
      </div>
      {save.isError && <p role="alert" className="text-xs text-destructive">{describeError(save.error)}</p>}
    </div>
  );
}
