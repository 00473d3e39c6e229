import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../lib/errors.js';

/** Variables that may hold secrets: each also accepts `<NAME>_FILE`, a path whose content is the value. */
const FILE_VARIANTS = ['LIFEBOAT_ENCRYPTION_KEY', 'DATABASE_URL'] as const;

const portSchema = z.coerce.number().int().min(0).max(65535);

export const envSchema = z.object({
  PORT: portSchema.default(3000).describe('HTTP port of the web UI and API'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Address to listen on (0.0.0.0 for all interfaces)'),
  LIFEBOAT_DATA_DIR: z.string().min(1).default('./data').describe('Data directory: SQLite app database, system key'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave unset for the embedded SQLite database)')
    .optional()
    .describe('PostgreSQL app database for multi-worker installs; unset = SQLite in the data directory'),
  LIFEBOAT_ENCRYPTION_KEY: z
    .string()
    .optional()
    .describe('System key (32 bytes as base64 or hex) that encrypts stored secrets; generated on first start if unset'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TZ: z.string().optional().describe('Default time zone for schedules (IANA name)'),
  LIFEBOAT_BASE_URL: z.string().url().optional().describe('Public URL of this server, used in notification links'),
  LIFEBOAT_DISABLE_PASSWORD_LOGIN: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1')
    .describe('true = sign-in with e-mail and password is off (SSO-only installs); set-up and the CLI still create accounts'),
  LIFEBOAT_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1')
    .describe('true = take the client address from X-Forwarded-For (only behind a reverse proxy you control)'),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string };

/** Reads and validates the environment; every bad value is reported at once, one line each. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw: Record<string, string | undefined> = { ...source };
  for (const name of FILE_VARIANTS) {
    const file = source[`${name}_FILE`];
    if (file && !source[name]) raw[name] = readSecretFile(`${name}_FILE`, file);
  }
  for (const [key, value] of Object.entries(raw)) if (value === '') raw[key] = undefined;
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment: ${lines.join('; ')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.LIFEBOAT_DATA_DIR) };
}

function readSecretFile(variable: string, file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
}

/** For the README's table: every variable with its description and default. */
export function describeEnv(): { name: string; description: string; fallback: string }[] {
  return Object.entries(envSchema.shape).map(([name, schema]) => {
    const def = schema.safeParse(undefined);
    return {
      name,
      description: schema.description ?? '',
      fallback: def.success && def.data !== undefined ? String(def.data) : '',
    };
  });
}
