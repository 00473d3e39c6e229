import type { Command } from 'commander';
import { bootstrap } from '../bootstrap.js';
import { buildHttpApp, listen } from '../server.js';
import { SecretBox } from '../../config/secret-box.js';
import { generateSystemKey } from '../../config/system-key.js';
import { resealAll, rotateDataDirKey } from '../../services/system-key.service.js';
import { ConfigError } from '../../lib/errors.js';
import { startBackgroundWork } from '../background.js';
import { buildServices } from '../services.js';
import type { Runtime } from '../bootstrap.js';

/** Stops cleanly on SIGINT/SIGTERM: running backups are cancelled and recorded, the database closed. */
function onShutdown(runtime: Runtime, stop: () => Promise<void>): void {
  const handler = () => {
    runtime.logger.info('Shutting down');
    void stop()
      .catch((error: Error) => runtime.logger.error({ err: error.message }, 'Shutdown step failed'))
      .finally(() => void runtime.appDb.close().finally(() => process.exit(0)));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/** serve, worker, migrate, key rotate. */
export function registerSystemCommands(program: Command): void {
  program
    .command('serve')
    .description('Serve the web UI and API, and run scheduled and queued backups (what `npm start` runs)')
    .option('--no-worker', 'serve UI and API only; separate `lifeboat worker` processes run the backups (PostgreSQL)')
    .action(async (flags: { worker: boolean }) => {
      const runtime = await bootstrap();
      const services = buildServices(runtime);
      const server = await listen(buildHttpApp(runtime, services), runtime);
      const background = flags.worker ? await startBackgroundWork(runtime, services, { scheduler: true }) : undefined;
      onShutdown(runtime, async () => {
        server.close();
        await background?.stop();
      });
    });

  program
    .command('worker')
    .description('Run scheduled and queued backups without serving HTTP (several workers share a PostgreSQL app database)')
    .action(async () => {
      const runtime = await bootstrap();
      if (runtime.appDb.dialect === 'sqlite') {
        throw new ConfigError('Workers share work through a PostgreSQL app database: set DATABASE_URL (with SQLite, `lifeboat serve` runs the backups itself)');
      }
      const background = await startBackgroundWork(runtime, buildServices(runtime), { scheduler: true });
      runtime.logger.info('Worker started');
      onShutdown(runtime, () => background.stop());
    });

  program
    .command('migrate')
    .description('Apply pending app database migrations and exit')
    .action(async () => {
      const runtime = await bootstrap();
      process.stdout.write(`App database at ${runtime.appDb.location} is up to date\n`);
      await runtime.appDb.close();
    });

  const key = program.command('key').description('Manage the system key that seals stored secrets');
  key
    .command('rotate')
    .description('Re-encrypt every stored secret under a new system key, in one transaction')
    .action(async () => {
      const runtime = await bootstrap();
      try {
        if (runtime.env.LIFEBOAT_ENCRYPTION_KEY) {
          const next = generateSystemKey();
          const count = await resealAll(runtime.appDb.db, runtime.secretBox, SecretBox.fromKey(next));
          process.stdout.write(
            `Re-sealed ${count} secret(s). Set LIFEBOAT_ENCRYPTION_KEY to this new key before the next start:\n${next.toString('base64')}\n`,
          );
        } else {
          const { count } = await rotateDataDirKey(runtime.appDb.db, runtime.env.dataDir, runtime.secretBox);
          process.stdout.write(`Re-sealed ${count} secret(s) under a new key in ${runtime.env.dataDir}/system.key\n`);
        }
      } finally {
        await runtime.appDb.close();
      }
    });
}
