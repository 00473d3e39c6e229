import type { Command } from 'commander';
import { scanDestination } from '../../pipeline/catalog.js';
import { humanBytes } from '../../lib/format.js';
import { openDestinationUrl } from './cli-inputs.js';

/** `lifeboat ls`: what a destination holds, read from its sidecars, with orphans flagged. */
export function registerLsCommand(program: Command): void {
  program
    .command('ls')
    .description('List the backups stored on a destination (from their sidecars)')
    .argument('<destination>', 'path, file:///, s3://, sftp://, webdav://, ftp://')
    .option('--prefix <prefix>', 'only keys under this prefix', '')
    .option('--dest-password-file <file>', 'destination password (SFTP, WebDAV, FTP)')
    .option('--key-file <file>', 'SFTP private key')
    .option('--json', 'print as JSON')
    .action(async (url: string, flags: { prefix: string; destPasswordFile?: string; keyFile?: string; json?: boolean }) => {
      const { destination } = await openDestinationUrl(url, { passwordFile: flags.destPasswordFile, keyFile: flags.keyFile });
      try {
        const catalog = await scanDestination(destination, flags.prefix);
        const backups = catalog.backups.map(({ key, sidecar }) => ({
          key,
          source: sidecar.source.name,
          engine: sidecar.source.engine,
          database: sidecar.database,
          time: sidecar.startedAt,
          size: sidecar.artifact.size,
          compression: sidecar.compression.algorithm,
          encrypted: sidecar.encryption !== null,
          job: sidecar.job?.name ?? null,
        }));
        const orphans = catalog.orphans.map((o) => ({ key: o.key, size: o.stored.size, orphan: true }));
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ backups, orphans, problems: catalog.problems }, null, 2)}\n`);
          return;
        }
        for (const b of backups) {
          process.stdout.write(`${b.time}  ${b.engine.padEnd(8)} ${(b.database ?? '-').padEnd(20)} ${humanBytes(b.size).padStart(9)}  ${b.compression}${b.encrypted ? '+age' : ''}  ${b.key}\n`);
        }
        for (const o of orphans) process.stdout.write(`ORPHAN (no sidecar)  ${humanBytes(o.size).padStart(9)}  ${o.key}\n`);
        for (const p of catalog.problems) process.stdout.write(`PROBLEM  ${p.key}: ${p.error}\n`);
        if (backups.length + orphans.length === 0) process.stdout.write('No backups here yet.\n');
      } finally {
        await destination.close();
      }
    });
}
