import { Command } from 'commander';
import { ConfigError, LifeboatError } from '../lib/errors.js';
import { VERSION } from '../lib/version.js';

type Register = (program: Command) => void;

/**
 * Each command group lives in its own file under ./commands and is loaded only when its command runs:
 * the adapters behind `serve` (cloud SDKs, drivers) cost seconds to load that `lifeboat backup` to a local
 * folder should not pay. Help and unknown commands load them all.
 */
const COMMAND_GROUPS: { commands: string[]; load: () => Promise<Register> }[] = [
  { commands: ['serve', 'worker', 'migrate', 'key'], load: async () => (await import('./commands/system.commands.js')).registerSystemCommands },
  { commands: ['backup'], load: async () => (await import('./commands/backup.commands.js')).registerBackupCommand },
  { commands: ['restore'], load: async () => (await import('./commands/restore.commands.js')).registerRestoreCommand },
  { commands: ['verify'], load: async () => (await import('./commands/verify.commands.js')).registerVerifyCommand },
  { commands: ['drill'], load: async () => (await import('./commands/drill.commands.js')).registerDrillCommand },
  { commands: ['ls'], load: async () => (await import('./commands/ls.commands.js')).registerLsCommand },
  { commands: ['config'], load: async () => (await import('./commands/config.commands.js')).registerConfigCommands },
  { commands: ['trigger'], load: async () => (await import('./commands/trigger.commands.js')).registerTriggerCommand },
  { commands: ['prune'], load: async () => (await import('./commands/prune.commands.js')).registerPruneCommand },
  { commands: ['keygen', 'decrypt'], load: async () => (await import('./commands/crypto.commands.js')).registerCryptoCommands },
  { commands: ['user'], load: async () => (await import('./commands/user.commands.js')).registerUserCommands },
];

/** The `lifeboat` command line, with the command groups `argv` needs (all of them when unsure). */
export async function buildCli(argv: string[] = process.argv): Promise<Command> {
  const program = new Command('lifeboat')
    .description('Lifeboat: self-hosted database backups')
    .version(VERSION, '-v, --version')
    .showHelpAfterError();
  const name = argv[2];
  if (name === '--version' || name === '-v') return program;
  const wanted = COMMAND_GROUPS.filter((group) => name !== undefined && group.commands.includes(name));
  for (const group of wanted.length > 0 ? wanted : COMMAND_GROUPS) (await group.load())(program);
  return program;
}

/** Expected failures print one line; unexpected ones print their stack. Both exit non-zero. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await (await buildCli(argv)).parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof LifeboatError) {
      process.stderr.write(`lifeboat: ${error.message}\n`);
    } else {
      process.stderr.write(`lifeboat: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exitCode = 1;
  }
}

/**
 * `lifeboat ls | head`: a reader that stops early must not crash the command with a stack trace, nor stop a
 * backup halfway through its databases. The rest of the output is dropped; the work finishes.
 */
function dropOutputOnceReaderLeaves(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

dropOutputOnceReaderLeaves();
// Not a top-level await: the CLI also ships as one CommonJS bundle (scripts/bundle-cli.mjs). runCli reports every error itself.
void runCli(process.argv);
