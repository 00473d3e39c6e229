import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ZodError } from 'zod';
import { ConfigError, ValidationError } from '../../lib/errors.js';
import { createAccessServices } from '../../services/access/access.js';
import { bootstrap } from '../bootstrap.js';

interface CreateOptions {
  email: string;
  passwordFile?: string;
  admin?: boolean;
  group: string[];
  name?: string;
}

/** `lifeboat user create`: accounts for headless installs (the password comes from a file, never argv). */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Manage user accounts');
  user
    .command('create')
    .description('Create a user; --admin makes them an administrator (first account of a headless install)')
    .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
    .option('--password-file <file>', 'file whose first line is the password (omit for an SSO-only account)')
    .option('--admin', 'put the user in the administrator group')
    .option('--group <id>', 'add to this group (repeatable)', (value: string, all: string[]) => [...all, value], [])
    .option('--name <name>', 'display name')
    .action(async (options: CreateOptions) => {
      const password = options.passwordFile ? readPassword(options.passwordFile) : undefined;
      const runtime = await bootstrap();
      try {
        const access = createAccessServices({
          ...runtime,
          baseUrl: runtime.env.LIFEBOAT_BASE_URL,
          passwordLogin: !runtime.env.LIFEBOAT_DISABLE_PASSWORD_LOGIN,
        });
        const groups = [...new Set([...(options.admin ? ['administrator'] : []), ...options.group])];
        const created = await access.users.create({ email: options.email, name: options.name, password, groups }).catch((error) => {
          if (error instanceof ZodError) {
            throw new ValidationError(`Invalid user: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
          }
          throw error;
        });
        await access.audit.record({ actor: { kind: 'system' }, action: 'cli.user_create', target: created.id, outcome: 'success', details: { email: created.email, groups } });
        process.stdout.write(`Created ${created.email} (${created.id}) in ${groups.length ? groups.join(', ') : 'no group'}\n`);
      } finally {
        await runtime.appDb.close();
      }
    });
}

function readPassword(file: string): string {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/, 1)[0] ?? '';
  } catch (error) {
    throw new ConfigError(`Cannot read the password file ${file} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
}
