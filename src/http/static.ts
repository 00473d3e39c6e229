import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpApp } from './app.js';

/** web/dist, both from src/http (tsx) and from dist/http (compiled). */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/**
 * Serves the built web UI on the API's own port. Files under /assets/ have content hashes in their
 * names, so browsers may keep them forever; every other path that is not a file gets index.html so
 * the client-side router can show it (index.html itself is always revalidated). /api/* is never touched.
 */
export function registerStaticUi(app: HttpApp, root: string = WEB_DIST): void {
  const index = path.join(root, 'index.html');
  app.get('*', async (c, next) => {
    const urlPath = decodeURIComponent(c.req.path);
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return next();
    if (!existsSync(index)) {
      return c.text('The web UI is not built. Run `npm run setup` (or `npm start`, which builds it), then reload.', 503);
    }
    const file = await resolveFile(root, urlPath);
    if (file) {
      const immutable = urlPath.startsWith('/assets/');
      return c.body(await readFile(file), 200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
      });
    }
    // A missing asset is a real 404 (a stale tab after an upgrade); anything else is a client route.
    if (urlPath.startsWith('/assets/') || path.extname(urlPath) !== '') return c.text('Not found', 404);
    return c.body(await readFile(index), 200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  });
}

/** The file a URL path names inside root, or undefined; `..` can never leave root. */
async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  if (urlPath.includes('\0')) return undefined;
  const candidate = path.join(root, path.normalize(urlPath));
  if (!candidate.startsWith(root) || candidate === root || candidate === path.join(root, '/')) return undefined;
  const info = await stat(candidate).catch(() => undefined);
  return info?.isFile() ? candidate : undefined;
}
