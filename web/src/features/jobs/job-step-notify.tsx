import { Link } from '@tanstack/react-router';
import { Skeleton } from '../../components/ui/skeleton';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { useNotificationChannels } from './hooks';
import type { JobDraft } from './job-draft';
import { channelEvent, NOTIFICATION_EVENTS, withChannelEvent, type NotificationEvent } from './notification-rules';

// A new tab, so the job being edited stays open; the channel list refreshes when the user comes back.
const settingsLink = <Link to="/settings" hash="notifications" target="_blank" className="font-medium text-primary underline-offset-4 hover:underline">Settings → Notifications</Link>;

/** Step 6: which channels hear about this job's runs, and about which outcomes. */
export function JobStepNotify({ draft, onChange }: { draft: JobDraft; onChange(draft: JobDraft): void }) {
  const channels = useNotificationChannels();
  const rules = draft.input.notifications;
  const choose = (channelId: string, event: NotificationEvent) => onChange({ ...draft, input: { ...draft.input, notifications: withChannelEvent(rules, channelId, event) } });
  if (channels.isPending) return <Skeleton className="h-20" />;
  if (channels.isError) return <p className="text-sm text-destructive">The notification channels could not be listed ({channels.error.message}).</p>;
  if (channels.data.length === 0) return <p className="text-sm text-muted-foreground">There is no notification channel yet: add one (e-mail, chat or webhook) under {settingsLink}, then choose it here.</p>;
  return (
    <div className="grid gap-3">
      <fieldset className="grid gap-1.5">
        <legend className="mb-1.5 text-sm font-medium">Tell these channels about this job's runs</legend>
        {channels.data.map((c) => (
          <div key={c.id} className="flex items-center gap-3 rounded-md border bg-card px-3 py-2 text-sm has-[[data-used=true]]:border-primary/60 has-[[data-used=true]]:bg-primary/5">
            <label htmlFor={`job-notify-${c.id}`} className="font-medium">{c.name}</label>
            <span className="text-xs text-muted-foreground">{c.kind}</span>
            <Select value={channelEvent(rules, c.id)} onValueChange={(event) => choose(c.id, event as NotificationEvent)}>
              <SelectTrigger id={`job-notify-${c.id}`} data-used={channelEvent(rules, c.id) !== 'off'} className="ml-auto w-60">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {NOTIFICATION_EVENTS.map((e) => <SelectItem key={e.value} value={e.value}>{e.label}</SelectItem>)}
              </SelectContent>
            </Select>
          </div>
        ))}
      </fieldset>
      <p className="text-xs text-muted-foreground">
        {rules.length === 0 ? 'No channel chosen: this job runs without notifications.' : `${rules.length} channel${rules.length === 1 ? '' : 's'} chosen.`} Channels and test sends are under {settingsLink}.
      </p>
    </div>
  );
}
