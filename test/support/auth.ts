import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SecretBox } from '../../src/config/secret-box.js';
import { loadEnv } from '../../src/config/env.js';
import { ALL_PERMISSIONS, BUILT_IN_GROUPS, type BuiltInGroup, type Permission } from '../../src/domain/permissions.js';
import type { HttpApp } from '../../src/http/app.js';
import { createAccess } from '../../src/http/auth/register-access.js';
import { systemClock, type Clock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { Runtime } from '../../src/main/bootstrap.js';
import { buildHttpApp } from '../../src/main/server.js';
import type { AccessServices } from '../../src/services/access/access.js';
import { createTestAppDb, type DialectUnderTest } from './app-db.js';

export const TEST_ORIGIN = 'http://localhost';
export const TEST_PASSWORD = 'correct horse battery staple';

export type Headers = Record<string, string>;

/** A user in the given built-in group (or with a custom group holding exactly `permissions`). */
export async function createUserInGroup(
  access: AccessServices,
  group: BuiltInGroup | { permissions: Permission[] },
  options: { email?: string; password?: string } = {},
): Promise<{ id: string; email: string; password: string }> {
  const email = options.email ?? `${typeof group === 'string' ? group : 'custom'}-${randomUUID().slice(0, 8)}@example.test`;
  const groupId = typeof group === 'string'
    ? group
    : (await access.groups.create({ name: `custom-${randomUUID().slice(0, 8)}`, description: '', permissions: group.permissions })).id;
  const password = options.password ?? TEST_PASSWORD;
  const user = await access.users.create({ email, password, groups: [groupId] });
  return { id: user.id, email, password };
}

/** `Authorization: Bearer` headers of a fresh API token carrying every permission of a new user in `group`. */
export async function tokenHeaders(access: AccessServices, group: BuiltInGroup | { permissions: Permission[] }): Promise<Headers> {
  const user = await createUserInGroup(access, group);
  const permissions = typeof group === 'string' ? BUILT_IN_GROUPS[group] : group.permissions;
  const { token } = await access.tokens.create(user.id, new Set(ALL_PERMISSIONS), { name: 'test', permissions: [...permissions] });
  return { authorization: `Bearer ${token}` };
}

/** Signs in through POST /api/auth/sign-in/email; returns the cookie + same-origin headers a browser would send. */
export async function signIn(app: HttpApp, email: string, password: string): Promise<Headers> {
  const response = await app.request('/api/auth/sign-in/email', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TEST_ORIGIN },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return { cookie: cookiesOf(response), origin: TEST_ORIGIN };
}

/** A signed-in session (cookie headers) of a new user in `group`. */
export async function signedInAs(app: HttpApp, access: AccessServices, group: BuiltInGroup | { permissions: Permission[] }): Promise<Headers> {
  const user = await createUserInGroup(access, group);
  return signIn(app, user.email, user.password);
}

export function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/**
 * The full HTTP app (buildHttpApp) with real sign-in, on a scratch app database. Use `app.request` with
 * `await t.asGroup('viewer')` (API token) or `await t.signedInAs('operator')` (cookie session) headers.
 */
export async function createAccessTestApp(dialect: DialectUnderTest = 'sqlite', options: { env?: Record<string, string>; clock?: Clock } = {}) {
  const appDb = await createTestAppDb(dialect);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lifeboat-access-'));
  const runtime: Runtime = {
    env: loadEnv({ LIFEBOAT_DATA_DIR: dataDir, ...options.env }),
    appDb,
    secretBox: SecretBox.fromKey(randomBytes(32)),
    logger: silentLogger,
    clock: options.clock ?? systemClock,
  };
  const app = buildHttpApp(runtime);
  // A second set of services on the same database, for arranging users and tokens directly.
  const access = createAccess(runtime).services;
  return {
    app,
    runtime,
    access,
    asGroup: (group: BuiltInGroup | { permissions: Permission[] }) => tokenHeaders(access, group),
    signedInAs: (group: BuiltInGroup | { permissions: Permission[] }) => signedInAs(app, access, group),
    /** JSON request helper: returns status, parsed body and the response. */
    call: async (method: string, url: string, headers: Headers = {}, body?: unknown) => {
      const response = await app.request(url, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
      try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
      return { status: response.status, body: json, response };
    },
    dispose: async () => {
      await appDb.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type AccessTestApp = Awaited<ReturnType<typeof createAccessTestApp>>;
