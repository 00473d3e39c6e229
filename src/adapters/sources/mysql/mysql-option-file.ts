import { createSecretFile, type SecretFile } from '../../../lib/secret-file.js';
import type { MysqlConfig } from './mysql.config.js';

/**
 * Quotes a value for a MySQL/MariaDB option file. Inside double quotes the parser understands backslash
 * escapes, so any password (with `#`, quotes, spaces...) survives intact.
 */
export function quoteOption(value: string): string {
  const escaped = value
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t');
  return `"${escaped}"`;
}

/**
 * The `[client]` group every MariaDB/MySQL tool reads. Connection settings live here rather than in argv so
 * the password never appears in a process listing. TLS options use the MariaDB client spelling.
 */
export function optionFileContent(config: MysqlConfig, caPath?: string): string {
  const lines = [
    '[client]',
    `host=${quoteOption(config.host)}`,
    `port=${config.port}`,
    `user=${quoteOption(config.user)}`,
    // Always written (possibly empty) so a password from ~/.my.cnf cannot be picked up by accident.
    `password=${quoteOption(config.password ?? '')}`,
    // TCP even for "localhost": the configured host and port are what the user tested.
    'protocol=tcp',
  ];
  if (config.ssl !== 'disabled') lines.push('ssl');
  if (caPath) lines.push(`ssl-ca=${quoteOption(caPath)}`);
  if (config.ssl === 'verify-identity' || config.ssl === 'verify-ca') lines.push('ssl-verify-server-cert');
  return `${lines.join('\n')}\n`;
}

/** A 0600 option file (and CA file when configured); dispose once the tool has exited. */
export async function writeOptionFile(config: MysqlConfig): Promise<SecretFile> {
  const ca = config.sslCa ? await createSecretFile('ca.pem', config.sslCa) : undefined;
  try {
    const file = await createSecretFile('client.cnf', optionFileContent(config, ca?.path));
    return {
      path: file.path,
      dispose: async () => {
        await file.dispose();
        await ca?.dispose();
      },
    };
  } catch (error) {
    await ca?.dispose();
    throw error;
  }
}
