import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';
import { ftpConfigSchema } from './ftp/ftp.plugin.js';
import { localConfigSchema } from './local/local.plugin.js';
import { s3ConfigSchema } from './s3/s3.plugin.js';
import { sftpConfigSchema } from './sftp/sftp.plugin.js';
import { webdavConfigSchema } from './webdav/webdav.plugin.js';

export interface DestinationUrlOptions {
  /** File holding the password (SFTP, WebDAV, FTP), the S3 secret key, or the SSH key's passphrase with keyFile. */
  passwordFile?: string;
  /** File holding an SSH private key (SFTP). */
  keyFile?: string;
  env: NodeJS.ProcessEnv | Record<string, string | undefined>;
}

export interface ParsedDestinationUrl {
  kind: string;
  config: Record<string, unknown>;
}

function fail(text: string, reason: string): never {
  throw new ValidationError(`Invalid destination ${redacted(text)}: ${reason}`, [{ path: 'url', message: reason }]);
}

function redacted(text: string): string {
  return text.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:[redacted]@');
}

function readSecret(file: string | undefined, flag: string): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ValidationError(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function validate(text: string, kind: string, schema: z.ZodType, config: Record<string, unknown>): ParsedDestinationUrl {
  const parsed = schema.safeParse(config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    fail(text, issues.map((i) => `${i.path || kind}: ${i.message}`).join('; '));
  }
  return { kind, config: parsed.data as Record<string, unknown> };
}

function flag(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  return /^(1|true|yes|on)$/i.test(value);
}

/** "/a/b/" -> "a/b"; "%20" decoded. */
function urlPath(url: URL): string {
  return decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
}

/**
 * Parses a CLI destination (`--to`, `--from`, `ls`): a plain path or file:///abs (local), s3://bucket/prefix?
 * endpoint=&region=&path_style=1, sftp://user@host:port/path, webdav(s)://user@host/path, ftp(s)://user@host/path
 * (?tls=implicit). Secrets never come from the URL itself (it would sit in argv and shell history): they come
 * from --password-file / --key-file or, for S3, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
 */
export function destinationFromUrl(text: string, options: DestinationUrlOptions): ParsedDestinationUrl {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    if (text.trim() === '') fail(text, 'it is empty');
    return validate(text, 'local', localConfigSchema, { path: path.resolve(text) });
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(text, 'it is not a valid URL');
  }
  if (url.password) fail(text, 'do not put a password in the URL; use --password-file (or environment variables for S3)');
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  const query = url.searchParams;
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  switch (scheme) {
    case 'file':
      return validate(text, 'local', localConfigSchema, { path: fileURLToPath(url) });
    case 's3':
      return validate(text, 's3', s3ConfigSchema, {
        bucket: url.hostname,
        prefix: urlPath(url),
        endpoint: query.get('endpoint') ?? undefined,
        region: query.get('region') ?? options.env.AWS_REGION ?? undefined,
        forcePathStyle: flag(query.get('path_style')),
        storageClass: query.get('storage_class') ?? undefined,
        accessKeyId: user ?? options.env.AWS_ACCESS_KEY_ID,
        secretAccessKey: readSecret(options.passwordFile, '--password-file') ?? options.env.AWS_SECRET_ACCESS_KEY,
      });
    case 'sftp':
      return sftpFromUrl(text, url, user, options);
    case 'webdav':
    case 'webdavs': {
      const http = new URL(text.replace(/^webdavs?:/i, scheme === 'webdavs' ? 'https:' : 'http:'));
      http.username = '';
      http.search = '';
      return validate(text, 'webdav', webdavConfigSchema, {
        url: http.toString().replace(/\/$/, ''),
        username: user,
        password: readSecret(options.passwordFile, '--password-file'),
      });
    }
    case 'ftp':
    case 'ftps': {
      const tls = query.get('tls');
      if (tls !== null && tls !== 'implicit' && tls !== 'explicit') fail(text, 'tls must be "explicit" or "implicit"');
      return validate(text, 'ftp', ftpConfigSchema, {
        host: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        user: user ?? 'anonymous',
        password: readSecret(options.passwordFile, '--password-file'),
        path: `/${urlPath(url)}`,
        secure: scheme === 'ftps' ? (tls ?? 'explicit') : false,
      });
    }
    default:
      return fail(text, `unknown scheme "${scheme}:" (use a path, file://, s3://, sftp://, webdav://, webdavs://, ftp:// or ftps://)`);
  }
}

/** sftp://user@host:port/abs/path; sftp://host/~/rel is relative to the login folder. */
function sftpFromUrl(text: string, url: URL, user: string | undefined, options: DestinationUrlOptions): ParsedDestinationUrl {
  const privateKey = readSecret(options.keyFile, '--key-file');
  const secret = readSecret(options.passwordFile, '--password-file');
  const raw = decodeURIComponent(url.pathname);
  const remote = raw.startsWith('/~/') ? raw.slice(3) || '.' : raw || '/';
  // URLSearchParams turns '+' into ' '; base64 fingerprints contain '+'.
  const hostKey = url.searchParams.get('host_key')?.replace(/ /g, '+');
  return validate(text, 'sftp', sftpConfigSchema, {
    host: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    username: user ?? options.env.USER,
    path: remote === '/' ? remote : remote.replace(/\/+$/, ''),
    privateKey,
    password: privateKey ? undefined : secret,
    passphrase: privateKey ? secret : undefined,
    hostKeyFingerprint: hostKey,
  });
}
