import { describe, expect, it } from 'vitest';
import { generateIdentity, parseIdentityFile, recipientFingerprint } from '../../pipeline/stages/encrypt.js';
import { recoveryKitText } from './recovery-kit.js';

const profile = (kind: 'generated' | 'recipients' | 'passphrase', recipients: { recipient: string; own: boolean }[]) => ({
  id: 'p1', name: 'team', kind, createdAt: '2026-01-02T03:04:05.000Z',
  recipients: recipients.map((r) => ({ ...r, fingerprint: recipientFingerprint(r.recipient) })),
});
const base = { writtenAt: new Date('2026-02-01T00:00:00Z'), version: '1.2.3' };

describe('recovery kit', () => {
  it('is itself an age identity file holding exactly the profile identity, with restore commands for every engine', () => {
    const own = generateIdentity();
    const offline = generateIdentity();
    const text = recoveryKitText({ ...base, profile: profile('generated', [{ recipient: own.recipient, own: true }, { recipient: offline.recipient, own: false }]), identity: own.identity });
    expect(parseIdentityFile(text)).toEqual([own.identity]);
    // age itself only skips lines starting with '#' and empty lines.
    for (const line of text.split('\n').filter(Boolean)) expect(line.startsWith('#') || line === own.identity).toBe(true);
    expect(text).toContain(`# public key: ${own.recipient}`);
    expect(text).toContain(offline.recipient);
    expect(text).toContain(recipientFingerprint(offline.recipient));
    for (const command of ['age -d -i recovery-kit.txt "$F" | zstd -dc | pg_restore', '| psql -d postgres', '| mariadb target', 'sqlite3 restored.db', 'mongorestore --archive', 'lifeboat restore', 'sha256sum', 'gzip -dc', 'brotli -dc', 'bzip2 -dc']) {
      expect(text).toContain(command);
    }
  });

  it('for a write-only profile holds no key and says which identity to use', () => {
    const offline = generateIdentity();
    const text = recoveryKitText({ ...base, profile: profile('recipients', [{ recipient: offline.recipient, own: false }]) });
    expect(text).toMatch(/WRITE-ONLY/);
    expect(text).toContain('age -d -i identity.txt "$F"');
    expect(text).not.toMatch(/AGE-SECRET-KEY-1/);
    expect(() => parseIdentityFile(text)).toThrow(/no AGE-SECRET-KEY/);
  });

  it('for a passphrase profile holds the passphrase and uses age\'s prompt', () => {
    const text = recoveryKitText({ ...base, profile: profile('passphrase', []), passphrase: 'correct "horse" battery' });
    expect(text).toContain(JSON.stringify('correct "horse" battery'));
    expect(text).toContain('age -d "$F" | zstd -dc | pg_restore');
    expect(text).toContain('--passphrase-file passphrase.txt');
    for (const line of text.split('\n').filter(Boolean)) expect(line.startsWith('#')).toBe(true);
  });
});
