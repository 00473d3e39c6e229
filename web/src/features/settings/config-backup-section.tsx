import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, describeError, unwrap, type Schemas } from '../../api/client';
import { QueryState } from '../../components/layout/query-state';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Textarea } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import { formatDateTime } from '../../lib/format';
import { useCan } from '../auth/session';
import { useDestinations } from '../destinations/hooks';
import { ScheduleFields } from '../schedule/schedule-fields';
import { browserTimeZone } from '../schedule/schedule-preview';
import { formProblems, toForm, toSettings, usableProfiles, type ConfigBackupForm, type ConfigBackupSettings, type ConfigBackupState, type Protection } from './config-backup-form';
import { useGeneralSettings } from './general-settings';
import { Section } from './section';

const path = '/api/v1/settings/config-backup';

/** Lifeboat's own configuration, exported on a schedule so a lost server can be rebuilt (`lifeboat config import`). */
export function ConfigBackupSection() {
  const view = useQuery({ queryKey: ['settings', 'config-backup'], queryFn: () => unwrap(api.GET(path)) });
  const canReadProfiles = useCan()('encryption:read');
  const profiles = useQuery({ queryKey: ['encryption-profiles'], enabled: canReadProfiles, queryFn: () => unwrap(api.GET('/api/v1/encryption-profiles')) });
  const timeZone = useGeneralSettings().data?.defaultTimeZone ?? browserTimeZone();
  return (
    <Section title="Configuration backup" description="Sources, destinations, jobs, profiles, channels and settings, saved to a destination on a schedule. Restore them on a new server with “lifeboat config import”.">
      <QueryState query={view} what="the configuration backup">
        {(data) => (profiles.isPending && canReadProfiles ? null : (
          <ConfigBackupEditor settings={data.settings} state={data.state} profiles={profiles.data ?? []} timeZone={timeZone} />
        ))}
      </QueryState>
    </Section>
  );
}

function ConfigBackupEditor({ settings, state, profiles, timeZone }: { settings: ConfigBackupSettings | null; state: ConfigBackupState; profiles: Schemas['EncryptionProfile'][]; timeZone: string }) {
  const client = useQueryClient();
  const [form, setForm] = useState<ConfigBackupForm>(() => toForm(settings, profiles, timeZone));
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const destinations = useDestinations();
  const canWrite = useCan()('settings:write');
  const done = (data: unknown) => client.setQueryData(['settings', 'config-backup'], data);
  const save = useMutation({ mutationFn: (body: ConfigBackupSettings) => unwrap(api.PUT(path, { body })), onSuccess: (data) => { done(data); setSaved(true); } });
  const runNow = useMutation({ mutationFn: () => unwrap(api.POST(`${path}/run`)), onSuccess: done });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found = formProblems(form);
    setProblems(found);
    setSaved(false);
    if (!found.length) save.mutate(toSettings(form, profiles));
  };
  const set = (patch: Partial<ConfigBackupForm>) => { setForm({ ...form, ...patch }); setSaved(false); };
  return (
    <div className="grid gap-4">
      <LastResult state={state} />
      <form className="grid gap-5 rounded-lg border bg-card p-4" onSubmit={submit}>
        <fieldset disabled={!canWrite} className="grid gap-5">
          <div className="flex items-center gap-3">
            <Switch id="config-backup-enabled" checked={form.enabled} onCheckedChange={(enabled) => set({ enabled })} disabled={!canWrite} />
            <Label htmlFor="config-backup-enabled">{form.enabled ? 'Back up the configuration on this schedule' : 'Paused: only “Back up now” saves it'}</Label>
          </div>
          <div className="grid items-start gap-4 sm:grid-cols-2">
            <div className="grid gap-1.5">
              <Label htmlFor="config-backup-destination">Destination</Label>
              <Select value={form.destinationId} onValueChange={(destinationId) => set({ destinationId })} disabled={!canWrite}>
                <SelectTrigger id="config-backup-destination"><SelectValue placeholder="Choose a destination" /></SelectTrigger>
                <SelectContent>{(destinations.data ?? []).map((d) => <SelectItem key={d.id} value={d.id}>{d.name} ({d.kind})</SelectItem>)}</SelectContent>
              </Select>
              <p className="text-xs text-muted-foreground">Saved under _lifeboat/config/ there, apart from the backups.</p>
            </div>
            <ProtectionField value={form.protection} profiles={profiles} onChange={(protection) => set({ protection })} disabled={!canWrite} />
          </div>
          <ScheduleFields id="config-backup" runs={3} value={{ cron: form.cron, timeZone: form.timeZone }} onChange={(schedule) => set(schedule)} />
        </fieldset>
        {problems.length > 0 && <Alert variant="destructive" title="Before saving">{problems.join('. ')}.</Alert>}
        {save.isError && <Alert variant="destructive" title="Not saved">{describeError(save.error)}</Alert>}
        {runNow.isError && <Alert variant="destructive" title="The configuration was not backed up">{describeError(runNow.error)}</Alert>}
        {saved && <Alert variant="success">Saved.</Alert>}
        {canWrite && (
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="outline" disabled={!settings || runNow.isPending} onClick={() => runNow.mutate()} title={settings ? undefined : 'Save the settings first'}>
              {runNow.isPending ? 'Backing up…' : 'Back up now'}
            </Button>
            <Button type="submit" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save'}</Button>
          </div>
        )}
      </form>
    </div>
  );
}

function ProtectionField({ value, profiles, onChange, disabled }: { value: Protection; profiles: Schemas['EncryptionProfile'][]; onChange(value: Protection): void; disabled: boolean }) {
  const choice = value.kind === 'profile' ? `profile:${value.profileId}` : value.kind;
  const choose = (next: string) => onChange(next === 'none' ? { kind: 'none' } : next === 'custom' ? { kind: 'custom', recipients: '' } : { kind: 'profile', profileId: next.slice('profile:'.length) });
  return (
    <div className="grid gap-1.5">
      <Label htmlFor="config-backup-protection">Encryption</Label>
      <Select value={choice} onValueChange={choose} disabled={disabled}>
        <SelectTrigger id="config-backup-protection"><SelectValue /></SelectTrigger>
        <SelectContent>
          <SelectItem value="none">None: secrets are left out</SelectItem>
          {usableProfiles(profiles).map((p) => <SelectItem key={p.id} value={`profile:${p.id}`}>Profile “{p.name}”</SelectItem>)}
          <SelectItem value="custom">Other age recipients…</SelectItem>
        </SelectContent>
      </Select>
      {value.kind === 'custom' && (
        <Textarea aria-label="age recipients" className="font-mono text-xs" placeholder="age1… (one per line)" value={value.recipients} onChange={(e) => onChange({ kind: 'custom', recipients: e.target.value })} />
      )}
      <p className="text-xs text-muted-foreground">
        {value.kind === 'none' ? 'Passwords and keys must be typed again after an import.' : 'Encrypted with age; passwords and keys are included. Keep the private key somewhere else than this server.'}
      </p>
    </div>
  );
}

function LastResult({ state }: { state: ConfigBackupState }) {
  if (!state.lastRunAt) return <Alert title="Never backed up yet">Choose a destination and save; the first export runs at the next scheduled time, or now with “Back up now”.</Alert>;
  if (state.lastError) return <Alert variant="destructive" title={`Last attempt failed (${formatDateTime(state.lastRunAt)})`}>{state.lastError}</Alert>;
  return <Alert variant="success" title={`Last backed up ${formatDateTime(state.lastRunAt)}`}><span className="font-mono text-xs">{state.lastKey}</span></Alert>;
}
