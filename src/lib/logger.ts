import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths pino censors in every structured log line, whatever the caller passes. */
const REDACT_PATHS = [
  '*.password', '*.passphrase', '*.secret', '*.secretAccessKey', '*.token', '*.privateKey', '*.apiKey',
  'password', 'passphrase', 'secret', 'token', 'privateKey', 'config.*.password', 'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    { level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined },
    options.destination ?? process.stdout,
  );
}

/** For tests and tools that must stay quiet. */
export const silentLogger: Logger = pino({ level: 'silent' });
