import { ValidationError } from '../../lib/errors.js';
import type { Destination, DestinationDeps, DestinationPlugin } from './types.js';
import { withConcurrencyLimit } from './wrappers/concurrency.js';
import { withRetry, type RetryOptions } from './wrappers/retry.js';

export interface ComposeOptions {
  retry?: Partial<Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'sleep' | 'random'>>;
  /** Overrides the adapter's own capabilities.maxConcurrency (never raises it). */
  maxConcurrency?: number;
}

/**
 * The one place where a destination is built: config validated by the plugin's schema, the plain adapter,
 * then the concurrency limit, then retry outside it (so a backoff wait does not hold a connection slot).
 */
export async function composeDestination<Config>(
  plugin: DestinationPlugin<Config>,
  config: unknown,
  deps: DestinationDeps,
  options: ComposeOptions = {},
): Promise<Destination> {
  const parsed = plugin.configSchema.safeParse(config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new ValidationError(
      `Invalid ${plugin.label} destination settings: ${issues.map((i) => `${i.path || 'config'}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  const adapter = await plugin.create(parsed.data, deps);
  const limit = Math.min(options.maxConcurrency ?? adapter.capabilities.maxConcurrency, adapter.capabilities.maxConcurrency);
  const logger = deps.logger.child({ destination: plugin.kind });
  return withRetry(withConcurrencyLimit(adapter, Math.max(1, limit)), {
    attempts: options.retry?.attempts ?? 4,
    baseDelayMs: options.retry?.baseDelayMs ?? 500,
    maxDelayMs: options.retry?.maxDelayMs,
    sleep: options.retry?.sleep,
    random: options.retry?.random,
    onRetry: ({ operation, attempt, delayMs, error }) =>
      logger.warn({ operation, attempt, delayMs, err: error.message }, 'destination operation failed transiently; retrying'),
  });
}
