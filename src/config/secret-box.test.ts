import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.js';
import { parseSystemKey } from './system-key.js';

describe('SecretBox', () => {
  const box = SecretBox.fromKey(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const sealed = box.encrypt('hunter2');
    expect(sealed).not.toContain('hunter2');
    expect(box.decrypt(sealed)).toBe('hunter2');
    expect(box.encrypt('hunter2')).not.toBe(sealed);
  });

  it('refuses another key and tampered values', () => {
    const sealed = box.encrypt('secret');
    expect(() => SecretBox.fromKey(randomBytes(32)).decrypt(sealed)).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
  });

  it('parses keys as hex or base64 and rejects wrong lengths', () => {
    const key = randomBytes(32);
    expect(parseSystemKey(key.toString('hex'), 'k').equals(key)).toBe(true);
    expect(parseSystemKey(key.toString('base64'), 'k').equals(key)).toBe(true);
    expect(() => parseSystemKey('c2hvcnQ=', 'LIFEBOAT_ENCRYPTION_KEY')).toThrow(/32 bytes/);
  });
});
