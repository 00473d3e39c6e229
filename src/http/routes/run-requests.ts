import { z } from '@hono/zod-openapi';
import type { Principal } from '../principal.js';

/** `?wait=true&timeout=N` on every route that queues work: answer when the run ended instead of at once. */
export const WaitQuery = z.object({
  wait: z.enum(['true', 'false']).optional().openapi({ description: 'Hold the request until the run ends and return its result' }),
  timeout: z.coerce.number().int().min(1).max(86_400).optional().openapi({ description: 'Seconds to wait at most (default 3600)' }),
});

/** How an execution was asked for: through an API token, or by someone signed in. */
export function triggerOf(principal: Principal | undefined): 'api' | 'manual' {
  return principal?.kind === 'token' ? 'api' : 'manual';
}

/** A wait=true request holds until the client goes away or its timeout (default an hour) passes. */
export function waitSignal(request: Request, timeoutSeconds = 3600): AbortSignal {
  return AbortSignal.any([request.signal, AbortSignal.timeout(timeoutSeconds * 1000)]);
}
