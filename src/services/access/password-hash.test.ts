import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.js';

describe('password hashing', () => {
  it('verifies the right password and rejects others and malformed hashes', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(hash).not.toContain('correct');
    expect(await verifyPassword({ hash, password: 'correct horse battery staple' })).toBe(true);
    expect(await verifyPassword({ hash, password: 'correct horse battery stapl' })).toBe(false);
    expect(await verifyPassword({ hash: 'bcrypt$nope', password: 'x' })).toBe(false);
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });
});
