import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ConfigError } from '../lib/errors.js';

export const SYSTEM_KEY_FILE = 'system.key';

/** Accepts 32 bytes written as base64 or hex. */
export function parseSystemKey(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new ConfigError(`${origin} must hold 32 bytes as base64 or 64 hex characters (got ${key.length} bytes)`);
  }
  return key;
}

export function generateSystemKey(): Buffer {
  return randomBytes(32);
}

/**
 * The key that seals stored secrets: from the environment when given, else from the data directory,
 * generated there with mode 0600 on first start.
 */
export function loadSystemKey(
  envKey: string | undefined,
  dataDir: string,
  log: (message: string) => void,
): Buffer {
  if (envKey) return parseSystemKey(envKey, 'LIFEBOAT_ENCRYPTION_KEY');
  const file = path.join(dataDir, SYSTEM_KEY_FILE);
  if (existsSync(file)) return parseSystemKey(readFileSync(file, 'utf8'), file);
  const key = generateSystemKey();
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  log(`Generated a new system key in ${file} (mode 0600). Back it up: stored secrets cannot be read without it.`);
  return key;
}

/** Writes a rotated key where the running key came from (only for the data-directory key). */
export function writeSystemKeyFile(dataDir: string, key: Buffer): string {
  const file = path.join(dataDir, SYSTEM_KEY_FILE);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  return file;
}
