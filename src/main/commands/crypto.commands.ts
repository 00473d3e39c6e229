import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { systemClock } from '../../lib/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { createDecryptStage } from '../../pipeline/stages/decrypt.js';
import { formatIdentityFile, generateIdentity, parseIdentityFile } from '../../pipeline/stages/encrypt.js';

/** keygen and decrypt: the age-compatible commands that work without a server or app database. */
export function registerCryptoCommands(program: Command): void {
  program
    .command('keygen')
    .description('Generate an age identity (X25519 key pair) in the age identity file format')
    .option('-o, --output <file>', 'write the identity to this new file (mode 0600) instead of stdout')
    .action(async (options: { output?: string }) => {
      const generated = generateIdentity();
      const text = formatIdentityFile(generated, systemClock.now());
      if (!options.output) return void process.stdout.write(text);
      await writeFile(options.output, text, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') throw new ConflictError(`${options.output} already exists; choose another file (an identity is never overwritten)`);
        throw error;
      });
      process.stderr.write(`Public key: ${generated.recipient}\n`);
    });

  program
    .command('decrypt')
    .description('Decrypt an age-encrypted backup (what `age -d` does), verifying every chunk')
    .argument('<input>', "the encrypted file, or '-' for standard input")
    .option('-i, --identity <file>', 'identity file with AGE-SECRET-KEY-1... lines (repeatable)', collect, [])
    .option('--passphrase-file <file>', 'file holding the passphrase (one trailing newline is ignored)')
    .option('-o, --output <file>', 'write the plaintext here (mode 0600) instead of stdout')
    .action(async (input: string, options: { identity: string[]; passphraseFile?: string; output?: string }) => {
      const identities = (await Promise.all(options.identity.map((file) => readSecret(file, 'identity file')))).flatMap(parseIdentityFile);
      const passphrase = options.passphraseFile ? stripNewline(await readSecret(options.passphraseFile, 'passphrase file')) : undefined;
      if (identities.length === 0 && passphrase === undefined) {
        throw new ValidationError('Give an identity file (-i) or a passphrase file (--passphrase-file) to decrypt with');
      }
      const decrypt = createDecryptStage({ identities, passphrase });
      const source = input === '-' ? process.stdin : await openInput(input);
      if (!options.output) return toStdout(source, decrypt);
      await decryptToFile(source, decrypt, options.output);
    });
}

/** Writes next to the target and renames on success, so a failed decryption never leaves a plausible-looking file. */
async function decryptToFile(source: Readable, decrypt: Writable & Readable, output: string): Promise<void> {
  const partial = `${output}.partial`;
  try {
    await pipeline(source, decrypt, createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, output);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** A reader that stops early (`| head`) is not an error. */
async function toStdout(source: Readable, decrypt: Writable & Readable): Promise<void> {
  await pipeline(source, decrypt, process.stdout).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

async function openInput(file: string): Promise<Readable> {
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new NotFoundError(`Input file ${file} not found`) : error),
    );
  });
  return stream;
}

async function readSecret(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`The ${what} ${file} does not exist`);
    throw new ValidationError(`Cannot read the ${what} ${file}: ${(error as Error).message}`);
  }
}

function stripNewline(text: string): string {
  const passphrase = text.replace(/\r?\n$/, '');
  if (passphrase.length === 0) throw new ValidationError('The passphrase file is empty');
  return passphrase;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
