import { CancelledError, NotFoundError, PermissionError, TransientError, ValidationError } from '../../lib/errors.js';
import { redactUrls } from '../../lib/redact.js';
import { VERSION } from '../../lib/version.js';
import { oneLine } from './templates/format.js';

/** A retryable failure where the server said when to come back (HTTP 429 / 503 with Retry-After). */
export class RetryAfterError extends TransientError {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface PostOptions {
  headers?: Record<string, string>;
  signal: AbortSignal;
}

export const USER_AGENT = `Lifeboat/${VERSION}`;

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Why a request never got a response, without the URL (webhook URLs and bot tokens are secrets). */
function networkError(channel: string, error: unknown, signal: AbortSignal): Error {
  if (signal.aborted) return new CancelledError(`${channel}: request aborted`, { cause: signal.reason });
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  // undici's own message may quote the URL ("Failed to parse URL from ..."); the cause's is about the socket.
  const detail = cause?.code ? `${cause.code}${cause.message ? `: ${redactUrls(oneLine(cause.message, 200))}` : ''}` : 'no response';
  return new TransientError(`${channel}: network error (${detail})`);
}

/** Maps an HTTP error status to the error class that says whether retrying can help. */
function statusError(channel: string, response: Response, body: string): Error {
  const detail = body.trim() ? `: ${redactUrls(oneLine(body.trim(), 200))}` : '';
  const message = `${channel} answered HTTP ${response.status}${detail}`;
  if (response.status === 429 || response.status >= 500) {
    return new RetryAfterError(message, retryAfterMs(response.headers.get('retry-after')));
  }
  if (response.status === 401 || response.status === 403) return new PermissionError(`${message} (check the token or webhook URL)`);
  if (response.status === 404) return new NotFoundError(`${message} (the webhook or topic does not exist: check the URL)`);
  if (response.status >= 300 && response.status < 400) return new ValidationError(`${message} (redirect not followed: use the final URL)`);
  return new ValidationError(`${message} (the channel rejected the message)`);
}

/** POSTs `body` once. Resolves with the response text on 2xx; throws a classified error otherwise. */
export async function post(channel: string, url: string, body: string, options: PostOptions): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'user-agent': USER_AGENT, ...options.headers },
      body,
      signal: options.signal,
      // A webhook that redirects is misconfigured; following it could send the message somewhere unexpected.
      redirect: 'manual',
    });
  } catch (error) {
    throw networkError(channel, error, options.signal);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw networkError(channel, error, options.signal);
  }
  if (!response.ok) throw statusError(channel, response, text);
  return text;
}

export function postJson(channel: string, url: string, value: unknown, options: PostOptions): Promise<string> {
  return post(channel, url, JSON.stringify(value), {
    ...options,
    headers: { 'content-type': 'application/json', ...options.headers },
  });
}
