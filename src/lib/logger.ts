import { createRequire } from 'node:module';
import type { Logger } from 'pino';

export type { Logger };

/** Paths pino censors in every structured log line, whatever the caller passes. */
const REDACT_PATHS = [
  '*.password', '*.passphrase', '*.secret', '*.secretAccessKey', '*.token', '*.privateKey', '*.apiKey',
  'password', 'passphrase', 'secret', 'token', 'privateKey', 'config.*.password', 'req.headers.authorization',
  'req.headers.cookie',
];

/** pino loads with the first real logger: a CLI backup logs nothing and should not pay its start-up. */
const requirePino = () => (createRequire(import.meta.url)('pino') as typeof import('pino')).pino;

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return requirePino()(
    { level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined },
    options.destination ?? process.stdout,
  );
}

const ignore = () => undefined;

/**
 * For tests and tools that must stay quiet: every level discards, children are itself. Only the part of
 * pino's interface Lifeboat calls is here, hence the cast.
 */
export const silentLogger: Logger = {
  level: 'silent',
  fatal: ignore, error: ignore, warn: ignore, info: ignore, debug: ignore, trace: ignore, silent: ignore,
  isLevelEnabled: () => false,
  child: () => silentLogger,
  bindings: () => ({}),
  flush: ignore,
} as unknown as Logger;
