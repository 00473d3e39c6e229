import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../lib/logger.js';
import { ConflictError, NotFoundError, TransientError, ValidationError } from '../lib/errors.js';
import { ToolError } from '../lib/spawn.js';
import { mapError } from './error-mapper.js';

async function respond(error: unknown) {
  const app = new Hono();
  app.get('/', () => {
    throw error;
  });
  app.onError((e, c) => mapError(e, c, silentLogger));
  const response = await app.request('/');
  return { status: response.status, body: (await response.json()) as { error: { code: string; message: string; issues?: unknown[] } } };
}

describe('mapError', () => {
  it('maps each error class to its status with a message for people', async () => {
    expect((await respond(new ValidationError('bad', [{ path: 'name', message: 'required' }]))).body.error).toEqual({ code: 'validation', message: 'bad', issues: [{ path: 'name', message: 'required' }] });
    expect((await respond(new NotFoundError('no such job'))).status).toBe(404);
    expect((await respond(new ConflictError('in use'))).status).toBe(409);
    expect(await respond(new TransientError('Cannot reach PostgreSQL at db:5432'))).toEqual({ status: 503, body: { error: { code: 'unavailable', message: 'Cannot reach PostgreSQL at db:5432' } } });
    expect((await respond(new ToolError('pg_dump', 1, 'permission denied for table x'))).body.error.code).toBe('failed');
  });

  it('never echoes unexpected errors, and removes passwords from tool messages', async () => {
    const unexpected = await respond(new Error('secret detail at postgres://u:hunter2@db/x'));
    expect(unexpected.status).toBe(500);
    expect(JSON.stringify(unexpected.body)).not.toContain('hunter2');
    expect(JSON.stringify(unexpected.body)).not.toContain('secret detail');
    const tool = await respond(new ToolError('psql', 2, 'could not connect to postgres://u:hunter2@db/x'));
    expect(JSON.stringify(tool.body)).not.toContain('hunter2');
  });
});

describe('mapError for HTTP exceptions', () => {
  it('keeps Retry-After on rate limits', async () => {
    const { HTTPException } = await import('hono/http-exception');
    const app = new Hono();
    app.get('/', () => {
      throw new HTTPException(429, { res: new Response(null, { status: 429, headers: { 'Retry-After': '30' } }) });
    });
    app.onError((e, c) => mapError(e, c, silentLogger));
    const response = await app.request('/');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });
});
