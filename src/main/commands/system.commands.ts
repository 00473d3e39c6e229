import type { Command } from 'commander';
import { bootstrap } from '../bootstrap.js';
import { buildHttpApp, listen } from '../server.js';
import { SecretBox } from '../../config/secret-box.js';
import { generateSystemKey } from '../../config/system-key.js';
import { resealAll, rotateDataDirKey } from '../../services/system-key.service.js';

/** serve, worker, migrate, key rotate. */
export function registerSystemCommands(program: Command): void {
  program
    .command('serve')
    .description('Serve the web UI and API (what `npm start` runs)')
    .action(async () => {
      const runtime = await bootstrap();
      const server = await listen(buildHttpApp(runtime), runtime);
      const stop = () => {
        runtime.logger.info('Shutting down');
        server.close();
        void runtime.appDb.close().finally(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('worker')
    .description('Run a worker that takes queued backups (PostgreSQL app database)')
    .action(async () => {
      const runtime = await bootstrap();
      runtime.logger.info('Worker started; it takes work once the job queue is configured');
      const stop = () => void runtime.appDb.close().finally(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
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
