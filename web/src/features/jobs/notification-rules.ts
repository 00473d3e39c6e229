import type { JobInput } from './hooks';

export type NotificationRules = JobInput['notifications'];
/** What a channel hears about: nothing, failures only, or every run. */
export type NotificationEvent = 'off' | NotificationRules[number]['on'];

export const NOTIFICATION_EVENTS: { value: NotificationEvent; label: string }[] = [
  { value: 'off', label: 'Not used' },
  { value: 'failure', label: 'On failure' },
  { value: 'always', label: 'On success and failure' },
];

export function channelEvent(rules: NotificationRules, channelId: string): NotificationEvent {
  return rules.find((r) => r.channelId === channelId)?.on ?? 'off';
}

/** One rule per channel: choosing an event replaces the channel's rule, "off" removes it; the order of the others stays. */
export function withChannelEvent(rules: NotificationRules, channelId: string, event: NotificationEvent): NotificationRules {
  if (event === 'off') return rules.filter((r) => r.channelId !== channelId);
  return rules.some((r) => r.channelId === channelId)
    ? rules.map((r) => (r.channelId === channelId ? { channelId, on: event } : r))
    : [...rules, { channelId, on: event }];
}
