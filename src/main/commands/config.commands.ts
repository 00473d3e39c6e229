import { readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { exportConfig } from '../../services/config-backup/config-export.service.js';
import { importConfig } from '../../services/config-backup/config-import.service.js';
import { createDecryptStage, parseIdentityFile } from '../../pipeline/stages/decrypt.js';
import { createEncryptStage } from '../../pipeline/stages/encrypt.js';
import { readSmall } from '../../lib/streams.js';
import { ValidationError } from '../../lib/errors.js';
import { bootstrap } from '../bootstrap.js';
import { buildServices } from '../services.js';
import { collect, readSecretFlag } from './cli-inputs.js';

const AGE_HEADER = 'age-encryption.org/v1';

/** `lifeboat config export|import`: the configuration as one file, for disaster recovery and moving installs. */
export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('Export or import Lifeboat\'s configuration (sources, destinations, jobs, channels, settings)');
  config
    .command('export')
    .description('Write the configuration as JSON; with --encrypt or --passphrase-file it is age-encrypted and includes secrets')
    .option('-o, --output <file>', 'file to write (mode 0600); default stdout')
    .option('--encrypt <age-recipient>', 'encrypt to this age1... public key, secrets included (repeatable)', collect)
    .option('--passphrase-file <file>', 'encrypt with this passphrase, secrets included')
    .action(async (flags: { output?: string; encrypt?: string[]; passphraseFile?: string }) => {
      const runtime = await bootstrap();
      try {
        const passphrase = readSecretFlag(flags.passphraseFile, '--passphrase-file');
        const encrypted = Boolean(flags.encrypt?.length) || passphrase !== undefined;
        const document = await exportConfig({ ...buildServices(runtime), clock: runtime.clock }, encrypted);
        let bytes: Buffer = Buffer.from(`${JSON.stringify(document, null, 2)}\n`);
        if (encrypted) bytes = await readSmall(Readable.from([bytes]).pipe(createEncryptStage({ recipients: flags.encrypt, passphrase }).transform()), 64 << 20);
        if (flags.output) writeFileSync(flags.output, bytes, { mode: 0o600 });
        else process.stdout.write(bytes);
      } finally {
        await runtime.appDb.close();
      }
    });
  config
    .command('import')
    .description('Create what an export describes; existing objects (same name) are left as they are')
    .argument('<file>', 'an export from `lifeboat config export`')
    .option('-i, --identity <file>', 'age identity for an encrypted export')
    .option('--passphrase-file <file>', 'passphrase for an encrypted export')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, flags: { identity?: string; passphraseFile?: string; json?: boolean }) => {
      const document = await readExport(file, flags);
      const runtime = await bootstrap();
      try {
        const report = await importConfig({ ...buildServices(runtime), clock: runtime.clock }, document);
        if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else for (const [kind, lines] of Object.entries(report)) for (const line of lines as string[]) process.stdout.write(`${kind}: ${line}\n`);
      } finally {
        await runtime.appDb.close();
      }
    });
}

async function readExport(file: string, flags: { identity?: string; passphraseFile?: string }): Promise<unknown> {
  const raw = readFileSync(file);
  let text = raw.toString('utf8');
  if (text.startsWith(AGE_HEADER)) {
    const identityText = readSecretFlag(flags.identity, '--identity');
    const decrypt = createDecryptStage({ identities: identityText ? parseIdentityFile(identityText) : undefined, passphrase: readSecretFlag(flags.passphraseFile, '--passphrase-file') });
    text = (await readSmall(Readable.from([raw]).pipe(decrypt), 64 << 20)).toString('utf8');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(`${file} is not a Lifeboat configuration export (not JSON)`);
  }
}
