import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** The marker the server returns in place of a secret; sending it back on update keeps the stored value. */
export const REDACTED = '[redacted]';

export interface ApiIssue {
  path: string;
  message: string;
}

/** An API failure with the server's own message (which says what to fix) and per-field issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** The app shell listens here to send the user to the sign-in page when a session ends. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const notifyUnauthorized: Middleware = {
  onResponse({ response }) {
    if (response.status === 401) for (const listener of unauthorizedListeners) listener();
    return undefined;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(notifyUnauthorized);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Turns an openapi-fetch result into data or a thrown ApiError, so React Query sees failures as errors. */
export async function unwrap<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Lifeboat server: check that it is running and reload the page', []);
  }
  if (result.response.ok) return result.data as T;
  throw toApiError(result.response.status, result.error);
}

export function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | undefined)?.error;
  const message = error?.message ?? `The server answered ${status}`;
  return new ApiError(status, error?.code ?? String(status), message, error?.issues ?? []);
}

/** One readable sentence for any thrown value, including the first field issues. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const details = error.issues.slice(0, 3).map((i) => `${i.path || 'input'}: ${i.message}`);
    return details.length ? `${error.message} (${details.join('; ')})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
