import { Command } from 'commander';
import { ConfigError, LifeboatError } from '../lib/errors.js';
import { VERSION } from '../lib/version.js';
import { registerCryptoCommands } from './commands/crypto.commands.js';
import { registerSystemCommands } from './commands/system.commands.js';
import { registerBackupCommand } from './commands/backup.commands.js';
import { registerRestoreCommand } from './commands/restore.commands.js';
import { registerVerifyCommand } from './commands/verify.commands.js';
import { registerLsCommand } from './commands/ls.commands.js';
import { registerConfigCommands } from './commands/config.commands.js';
import { registerTriggerCommand } from './commands/trigger.commands.js';
import { registerPruneCommand } from './commands/prune.commands.js';
import { registerUserCommands } from './commands/user.commands.js';

/** The `lifeboat` command line. Each command group lives in its own file under ./commands. */
export function buildCli(): Command {
  const program = new Command('lifeboat')
    .description('Lifeboat: self-hosted database backups')
    .version(VERSION, '-v, --version')
    .showHelpAfterError();
  registerSystemCommands(program);
  registerBackupCommand(program);
  registerRestoreCommand(program);
  registerVerifyCommand(program);
  registerLsCommand(program);
  registerConfigCommands(program);
  registerTriggerCommand(program);
  registerPruneCommand(program);
  registerCryptoCommands(program);
  registerUserCommands(program);
  return program;
}

/** Expected failures print one line; unexpected ones print their stack. Both exit non-zero. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof LifeboatError) {
      process.stderr.write(`lifeboat: ${error.message}\n`);
    } else {
      process.stderr.write(`lifeboat: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exitCode = 1;
  }
}

await runCli(process.argv);
