import type { MiddlewareHandler } from 'hono';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for cookie sessions: a state-changing request that carries cookies and no bearer
 * token must come from our own origin. Browsers always send Origin (or Sec-Fetch-Site) on such
 * requests, so a cross-site form or fetch is refused; clients that send neither are not browsers.
 * Without LIFEBOAT_BASE_URL the Origin's host must equal the Host header (protocol may differ behind
 * a TLS-terminating proxy).
 */
export function csrfProtection(baseUrl: string | undefined): MiddlewareHandler {
  const allowed = baseUrl ? new URL(baseUrl).origin : undefined;
  return async (c, next) => {
    if (SAFE.has(c.req.method) || !c.req.header('cookie') || c.req.header('authorization')) return next();
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    let ok = true;
    if (origin) ok = allowed ? origin === allowed : hostOf(origin) === (c.req.header('host') ?? new URL(c.req.url).host);
    else if (fetchSite) ok = fetchSite === 'same-origin' || fetchSite === 'none';
    if (!ok) return c.json({ error: { code: 'csrf', message: 'Cross-site request refused: send it from the Lifeboat web UI' } }, 403);
    return next();
  };
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
