import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { formProblems, toForm, toSettings } from './config-backup-form';

const profile = (id: string, recipients: string[]): Schemas['EncryptionProfile'] => ({
  id, name: id, kind: 'recipients', recipients: recipients.map((recipient) => ({ recipient, fingerprint: recipient.slice(-8), own: false })),
  identity: null, passphrase: null, canDecrypt: false, usedBy: [], createdAt: '', updatedAt: '',
});
const profiles = [profile('offsite', ['age1aaa', 'age1bbb']), profile('passphrase', [])];
const stored = { enabled: true, destinationId: 'd1', schedule: { cron: '0 3 * * *', timeZone: 'UTC' }, recipients: ['age1bbb', 'age1aaa'] };

describe('configuration backup form', () => {
  it('shows recipients that are exactly one profile as that profile, and saves them back', () => {
    const form = toForm(stored, profiles, 'UTC');
    expect(form.protection).toEqual({ kind: 'profile', profileId: 'offsite' });
    expect(toSettings(form, profiles).recipients).toEqual(['age1aaa', 'age1bbb']);
  });

  it('keeps other recipients as typed text, and no recipients as no encryption', () => {
    expect(toForm({ ...stored, recipients: ['age1aaa'] }, profiles, 'UTC').protection).toEqual({ kind: 'custom', recipients: 'age1aaa' });
    expect(toForm({ ...stored, recipients: [] }, profiles, 'UTC').protection).toEqual({ kind: 'none' });
    expect(toSettings({ ...toForm(null, profiles, 'Europe/Berlin'), destinationId: 'd1', protection: { kind: 'custom', recipients: 'age1x, age1y\nage1z' } }, profiles))
      .toEqual({ enabled: true, destinationId: 'd1', schedule: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' }, recipients: ['age1x', 'age1y', 'age1z'] });
  });

  it('says what is missing before saving', () => {
    expect(formProblems(toForm(null, profiles, 'UTC'))).toEqual(['Choose the destination that receives the configuration']);
    expect(formProblems({ ...toForm(stored, profiles, 'UTC'), protection: { kind: 'custom', recipients: ' ' } })).toHaveLength(1);
  });
});
