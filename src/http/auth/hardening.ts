import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';

export const MAX_JSON_BODY = 1024 * 1024;

/** Security headers on every response (no CSP here: the web UI and /api/docs set their own). */
export const securityHeaders: MiddlewareHandler = secureHeaders({ crossOriginEmbedderPolicy: false });

const STREAMED = /^(application\/octet-stream|multipart\/form-data)/i;

/**
 * Caps API request bodies at 1 MiB; larger ones get 413 through the error mapper. Uploads sent as
 * application/octet-stream or multipart/form-data are streamed by their own routes and not capped here.
 */
export const limitBodies: MiddlewareHandler = async (c, next) => {
  if (STREAMED.test(c.req.header('content-type') ?? '')) return next();
  return bodyLimit({
    maxSize: MAX_JSON_BODY,
    onError: () => {
      throw new HTTPException(413, { message: `Request body larger than ${MAX_JSON_BODY} bytes` });
    },
  })(c, next);
};
