import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
// server.js first: it loads @hono/zod-openapi, which must extend zod before the domain schemas are built.
import { buildHttpApp, listen } from '../../../src/main/server.js';
import { startBackgroundWork } from '../../../src/main/background.js';
import { bootstrap } from '../../../src/main/bootstrap.js';
import { buildServices } from '../../../src/main/services.js';

/**
 * The real HTTP app (API, sign-in and built UI on one port) on a scratch data directory, with the queue
 * running so jobs and restores started in the browser run. No account exists: the browser creates it.
 */
export async function startUiServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lifeboat-e2e-'));
  const runtime = await bootstrap({ LIFEBOAT_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  const services = buildServices(runtime);
  const server = await listen(buildHttpApp(runtime, services), runtime);
  const background = await startBackgroundWork(runtime, services, { scheduler: false, pollMs: 200 });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await background.stop();
      (server as Server).closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.appDb.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
