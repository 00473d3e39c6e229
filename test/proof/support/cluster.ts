import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnv } from '../../../src/config/env.js';
import { SecretBox } from '../../../src/config/secret-box.js';
import { migrate, openAppDb } from '../../../src/db/database.js';
import { systemClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { buildServices } from '../../../src/main/services.js';
import { createScratchPostgres } from '../../support/databases.js';
import { CLI } from './server.js';

export interface ProofWorker {
  child: ChildProcess;
  /** Everything the process printed. */
  output(): string;
  /** SIGKILL: no shutdown handler runs, like a power cut of that node. */
  kill9(): Promise<void>;
}

/**
 * A cluster: an app database on PostgreSQL (a scratch database), the services over it in the test process (to
 * configure, trigger and inspect, as `lifeboat serve --no-worker` would), and `lifeboat worker` processes.
 */
export async function startCluster(settings: Record<string, number>) {
  const key = randomBytes(32).toString('base64');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lifeboat-proof-cluster-'));
  const appDbScratch = await createScratchPostgres();
  const appDb = openAppDb({ databaseUrl: appDbScratch.url, dataDir });
  await migrate(appDb);
  const services = buildServices({ env: loadEnv({ LIFEBOAT_DATA_DIR: dataDir }), appDb, secretBox: SecretBox.fromKey(Buffer.from(key, 'base64')), logger: silentLogger, clock: systemClock });
  for (const [name, value] of Object.entries(settings)) await services.settings.set(name, value);
  const workers = new Set<ChildProcess>();

  const startWorker = (): ProofWorker => {
    const child = spawn(process.execPath, [CLI, 'worker'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: appDbScratch.url, LIFEBOAT_ENCRYPTION_KEY: key, LIFEBOAT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    workers.add(child);
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.once('close', () => workers.delete(child));
    return {
      child,
      output: () => output,
      kill9: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      },
    };
  };

  return {
    services,
    appDb,
    dataDir,
    startWorker,
    /** Executions still queued or running. */
    unfinished: async () => (await services.executions.list({ limit: 1000, status: ['queued', 'running'] })).length,
    async close() {
      await Promise.all([...workers].map((child) => new Promise<void>((resolve) => {
        child.once('close', () => resolve());
        child.kill('SIGKILL');
      })));
      await appDb.close();
      await appDbScratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Cluster = Awaited<ReturnType<typeof startCluster>>;
