import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../lib/errors.js';
import { describeEnv, loadEnv } from './env.js';

describe('loadEnv', () => {
  it('applies defaults', () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.dataDir).toBe(path.resolve('./data'));
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('reports every bad value on one line', () => {
    expect(() => loadEnv({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrowError(
      /PORT: .*; DATABASE_URL: must be a postgres:\/\/ URL.*; LOG_LEVEL/,
    );
  });

  it('reads *_FILE variants for secrets', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-env-'));
    const file = path.join(dir, 'key');
    try {
      writeFileSync(file, 'abc123\n');
      expect(loadEnv({ LIFEBOAT_ENCRYPTION_KEY_FILE: file }).LIFEBOAT_ENCRYPTION_KEY).toBe('abc123');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names an unreadable *_FILE', () => {
    expect(() => loadEnv({ DATABASE_URL_FILE: '/nonexistent/url' })).toThrowError(ConfigError);
    expect(() => loadEnv({ DATABASE_URL_FILE: '/nonexistent/url' })).toThrowError(/DATABASE_URL_FILE: cannot read/);
  });

  it('describes every variable for the README', () => {
    expect(describeEnv().map((v) => v.name)).toContain('LIFEBOAT_DATA_DIR');
  });
});
