import type { paths } from '../../api/schema';
import type { Schemas } from '../../api/client';

type View = paths['/api/v1/settings/config-backup']['get']['responses'][200]['content']['application/json'];
export type ConfigBackupSettings = NonNullable<View['settings']>;
export type ConfigBackupState = View['state'];

/** How the export is protected: not at all (secrets left out), with an encryption profile, or for typed recipients. */
export type Protection = { kind: 'none' } | { kind: 'profile'; profileId: string } | { kind: 'custom'; recipients: string };

export interface ConfigBackupForm {
  enabled: boolean;
  destinationId: string;
  cron: string;
  timeZone: string;
  protection: Protection;
}

/** Profiles whose public recipients can encrypt the export (a passphrase profile has none). */
export function usableProfiles(profiles: Schemas['EncryptionProfile'][]): Schemas['EncryptionProfile'][] {
  return profiles.filter((p) => p.recipients.length > 0);
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The stored settings as the form shows them: recipients that are exactly one profile's show as that profile. */
export function toForm(settings: ConfigBackupSettings | null, profiles: Schemas['EncryptionProfile'][], timeZone: string): ConfigBackupForm {
  if (!settings) return { enabled: true, destinationId: '', cron: '0 3 * * *', timeZone, protection: { kind: 'none' } };
  const { recipients } = settings;
  const profile = usableProfiles(profiles).find((p) => sameSet(p.recipients.map((r) => r.recipient), recipients));
  const protection: Protection = recipients.length === 0 ? { kind: 'none' } : profile ? { kind: 'profile', profileId: profile.id } : { kind: 'custom', recipients: recipients.join('\n') };
  return { enabled: settings.enabled, destinationId: settings.destinationId, cron: settings.schedule.cron, timeZone: settings.schedule.timeZone, protection };
}

export function recipientsOf(protection: Protection, profiles: Schemas['EncryptionProfile'][]): string[] {
  if (protection.kind === 'profile') return profiles.find((p) => p.id === protection.profileId)?.recipients.map((r) => r.recipient) ?? [];
  if (protection.kind === 'custom') return protection.recipients.split(/[\s,]+/).filter(Boolean);
  return [];
}

export function toSettings(form: ConfigBackupForm, profiles: Schemas['EncryptionProfile'][]): ConfigBackupSettings {
  return {
    enabled: form.enabled,
    destinationId: form.destinationId,
    schedule: { cron: form.cron.trim(), timeZone: form.timeZone.trim() },
    recipients: recipientsOf(form.protection, profiles),
  };
}

/** What blocks saving, in words. */
export function formProblems(form: ConfigBackupForm): string[] {
  const problems: string[] = [];
  if (!form.destinationId) problems.push('Choose the destination that receives the configuration');
  if (form.protection.kind === 'profile' && !form.protection.profileId) problems.push('Choose the encryption profile');
  if (form.protection.kind === 'custom' && !form.protection.recipients.trim()) problems.push('Paste at least one age1… recipient, or choose no encryption');
  return problems;
}
