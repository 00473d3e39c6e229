import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from '@hono/zod-openapi';
import type { HttpApp } from '../app.js';
import { errors } from '../auth/schemas.js';
import { defineRoute } from '../route.js';

/** Swagger UI from the swagger-ui-dist package, served by us: no CDN, works offline. */
const DIST = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
// A Map, not an object literal: a requested name such as `valueOf` must not find an inherited member.
const ASSETS = new Map<string, string>(Object.entries({
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}));
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lifeboat API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"><link rel="icon" href="/api/docs/assets/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/init.js"></script></body></html>`;

// A separate file rather than an inline script, so the page keeps a strict script-src 'self' policy.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, withCredentials: true });`;

const page = defineRoute({
  access: 'public', method: 'get', path: '/api/docs', tags: ['System'],
  summary: 'Browsable API documentation (public: it shows only the published OpenAPI document)',
  responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } } },
});
const asset = defineRoute({
  access: 'public', method: 'get', path: '/api/docs/assets/{file}', tags: ['System'], summary: 'Static files of the API documentation page',
  request: { params: z.object({ file: z.string().max(100).openapi({ param: { name: 'file', in: 'path' } }) }) },
  responses: { 200: { description: 'File', content: { 'application/octet-stream': { schema: z.string() } } }, ...errors },
});

export function registerDocsRoutes(app: HttpApp): void {
  app.openapi(page, (c) => c.html(PAGE, 200, { 'content-security-policy': CSP }));
  app.openapi(asset, async (c) => {
    const { file } = c.req.valid('param');
    if (file === 'init.js') return c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }) as never;
    const type = ASSETS.get(file);
    if (!type) return c.json({ error: { code: 'not_found', message: `No documentation asset ${file}` } }, 404);
    const data = await readFile(path.join(DIST, file));
    return c.body(new Uint8Array(data), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' }) as never;
  });
}
