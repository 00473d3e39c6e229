import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_GROUPS, isPermission, type BuiltInGroup } from '../../../src/domain/permissions.js';
import { createAccessTestApp, type AccessTestApp } from '../../support/auth.js';

type Operation = { method: string; path: string; permission: unknown; hasBody: boolean };
const GROUPS = Object.keys(BUILT_IN_GROUPS) as BuiltInGroup[];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the published OpenAPI document, so routes added later are covered automatically. */
function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, permission: op['x-permission'], hasBody: Boolean(op.requestBody) })),
  );
}

/** Path parameters become ids that exist nowhere: the call may end in 400/404, never in a wrong 401/403. */
function concrete(path: string): string {
  return path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
}

describe('route × group × anonymous matrix over /api/openapi.json', () => {
  let t: AccessTestApp;
  let operations: Operation[];
  const sessions = {} as Record<BuiltInGroup, Record<string, string>>;

  beforeAll(async () => {
    t = await createAccessTestApp('sqlite');
    operations = operationsOf((await (await t.app.request('/api/openapi.json')).json()) as Parameters<typeof operationsOf>[0]);
    // Cookie sessions, as the web UI signs in (tokens are covered by the tokens tests).
    for (const group of GROUPS) sessions[group] = await t.signedInAs(group);
  });
  afterAll(async () => t?.dispose());

  const call = (op: Operation, headers: Record<string, string>) =>
    t.app.request(concrete(op.path), {
      method: op.method,
      headers: { ...headers, ...(op.hasBody ? { 'content-type': 'application/json' } : {}) },
      body: op.hasBody ? '{}' : undefined,
      redirect: 'manual',
    });

  it('finds the routes, and every one declares its access', () => {
    expect(operations.length).toBeGreaterThan(20);
    const undeclared = operations.filter((op) => !(op.permission === 'public' || op.permission === 'authenticated' || (typeof op.permission === 'string' && isPermission(op.permission))));
    expect(undeclared.map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it('anonymous callers get 401 everywhere except public routes', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      const status = (await call(op, {})).status;
      if (op.permission === 'public' ? status === 401 || status === 403 : status !== 401) wrong.push(`${op.method} ${op.path} -> ${status}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(GROUPS)('%s: 403 exactly where the group lacks the permission, never a 5xx', async (group) => {
    const granted = new Set<string>(BUILT_IN_GROUPS[group]);
    const wrong: string[] = [];
    for (const op of operations) {
      const status = (await call(op, sessions[group])).status;
      const allowed = op.permission === 'public' || op.permission === 'authenticated' || granted.has(op.permission as string);
      if (allowed ? status === 401 || status === 403 : status !== 403) wrong.push(`${op.method} ${op.path} (${String(op.permission)}) -> ${status}`);
      if (status >= 500) wrong.push(`${op.method} ${op.path} -> ${status} (server error)`);
    }
    expect(wrong).toEqual([]);
  });

  it('malformed, mistyped and oversized bodies get 4xx on every route that takes a body', async () => {
    const big = JSON.stringify({ x: 'a'.repeat(1024 * 1024 + 10) });
    const wrong: string[] = [];
    for (const op of operations.filter((o) => o.hasBody)) {
      for (const [type, body] of [['application/json', '{"a": '], ['text/plain', 'hello'], ['application/json', big]] as const) {
        const response = await t.app.request(concrete(op.path), { method: op.method, headers: { ...sessions.administrator, 'content-type': type }, body, redirect: 'manual' });
        if (response.status < 400 || response.status >= 500) wrong.push(`${op.method} ${op.path} ${type} ${body.length} B -> ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
