import type { Command } from 'commander';
import { ConfigError, LifeboatError } from '../../lib/errors.js';
import { readSecretFlag } from './cli-inputs.js';

interface TriggerFlags {
  server: string;
  tokenFile: string;
  job: string;
  wait?: boolean;
  timeout: string;
  json?: boolean;
}

/**
 * `lifeboat trigger`: runs a job on a Lifeboat server from CI. With --wait it exits non-zero unless the
 * backup succeeded, so a deploy can be gated on a fresh, successful backup.
 */
export function registerTriggerCommand(program: Command): void {
  program
    .command('trigger')
    .description('Run a job on a Lifeboat server (for CI); with --wait, exit non-zero unless it succeeded')
    .requiredOption('--server <url>', 'the Lifeboat server, e.g. https://backups.example.com')
    .requiredOption('--token-file <file>', 'file holding an API token with the jobs:execute permission')
    .requiredOption('--job <id>', 'job id')
    .option('--wait', 'wait for the run to end')
    .option('--timeout <seconds>', 'longest wait', '3600')
    .option('--json', 'print the execution as JSON')
    .action(async (flags: TriggerFlags) => {
      const token = readSecretFlag(flags.tokenFile, '--token-file');
      if (!token) throw new ConfigError('--token-file is empty');
      const url = new URL(`/api/v1/jobs/${encodeURIComponent(flags.job)}/run`, flags.server);
      if (flags.wait) url.search = new URLSearchParams({ wait: 'true', timeout: flags.timeout }).toString();
      const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch((error: Error) => {
        throw new LifeboatError(`Cannot reach ${flags.server}: ${error.message}`);
      });
      const body = (await response.json().catch(() => ({}))) as { execution?: { id: string; status: string; error: string | null }; error?: { message: string } };
      if (!response.ok || !body.execution) throw new LifeboatError(`The server refused the trigger (${response.status}): ${body.error?.message ?? 'no details'}`);
      const { execution } = body;
      process.stdout.write(flags.json ? `${JSON.stringify(execution, null, 2)}\n` : `Execution ${execution.id}: ${execution.status}${execution.error ? ` (${execution.error})` : ''}\n`);
      if (flags.wait && execution.status !== 'succeeded') throw new LifeboatError(`The backup did not succeed: ${execution.status}${execution.error ? `: ${execution.error}` : ''}`);
    });
}
