import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { SecretBox } from '../../src/config/secret-box.js';
import { loadEnv } from '../../src/config/env.js';
import { BUILT_IN_GROUPS, type BuiltInGroup } from '../../src/domain/permissions.js';
import type { Principal } from '../../src/http/principal.js';
import { systemClock, type Clock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { Runtime } from '../../src/main/bootstrap.js';
import { buildHttpApp } from '../../src/main/server.js';
import { buildServices } from '../../src/main/services.js';
import { createTestAppDb, type DialectUnderTest } from './app-db.js';

export function principalOf(group: BuiltInGroup): Principal {
  return { kind: 'user', userId: `test-${group}`, email: `${group}@example.test`, permissions: new Set(BUILT_IN_GROUPS[group]) };
}

/**
 * The whole HTTP app in-process on a scratch app database, called as a user of the given built-in group
 * (the caller is fixed here; how callers sign in is tested by the access tests).
 */
export async function createTestApp(dialect: DialectUnderTest, options: { group?: BuiltInGroup; clock?: Clock } = {}) {
  const appDb = await createTestAppDb(dialect);
  const runtime: Runtime = {
    env: loadEnv({ LIFEBOAT_DATA_DIR: tmpdir() }),
    appDb,
    secretBox: SecretBox.fromKey(randomBytes(32)),
    logger: silentLogger,
    clock: options.clock ?? systemClock,
  };
  const services = buildServices(runtime);
  const principal = principalOf(options.group ?? 'administrator');
  const app = buildHttpApp(runtime, services, async () => principal);
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await app.request(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return { app, runtime, services, call, dispose: () => appDb.dispose() };
}
