import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/errors.js';
import { destinationFromUrl } from './url.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-url-'));
const passwordFile = path.join(dir, 'password');
const keyFile = path.join(dir, 'key');
writeFileSync(passwordFile, 's3cret\n');
writeFileSync(keyFile, '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 'env-secret', USER: 'me' };

describe('destinationFromUrl', () => {
  it('reads plain paths and file URLs as local folders', () => {
    expect(destinationFromUrl('/srv/backups', { env })).toEqual({ kind: 'local', config: { path: '/srv/backups' } });
    expect(destinationFromUrl('relative/dir', { env }).config.path).toBe(path.resolve('relative/dir'));
    expect(destinationFromUrl('file:///srv/b%20c', { env })).toEqual({ kind: 'local', config: { path: '/srv/b c' } });
  });

  it('reads s3 URLs with query options and credentials from the environment', () => {
    const { kind, config } = destinationFromUrl('s3://my-bucket/team/db?endpoint=http://127.0.0.1:9000&region=eu-west-1&path_style=1', { env });
    expect(kind).toBe('s3');
    expect(config).toMatchObject({
      bucket: 'my-bucket',
      prefix: 'team/db',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      forcePathStyle: true,
      accessKeyId: 'AKIA1',
      secretAccessKey: 'env-secret',
    });
    expect(destinationFromUrl('s3://bucket', { env: {}, passwordFile }).config).toMatchObject({ secretAccessKey: 's3cret', prefix: '' });
  });

  it('reads sftp URLs with password or key files', () => {
    expect(destinationFromUrl('sftp://alice@backup.example:2222/srv/dumps/', { env, passwordFile })).toEqual({
      kind: 'sftp',
      config: { host: 'backup.example', port: 2222, username: 'alice', password: 's3cret', path: '/srv/dumps' },
    });
    const withKey = destinationFromUrl('sftp://host/~/dumps?host_key=SHA256:' + 'a+b/'.repeat(10) + 'abc', { env, keyFile, passwordFile });
    expect(withKey.config).toMatchObject({
      username: 'me',
      port: 22,
      path: 'dumps',
      passphrase: 's3cret',
      hostKeyFingerprint: `SHA256:${'a+b/'.repeat(10)}abc`,
    });
    expect(withKey.config.privateKey).toContain('OPENSSH PRIVATE KEY');
    expect(withKey.config.password).toBeUndefined();
  });

  it('reads webdav and webdavs URLs', () => {
    expect(destinationFromUrl('webdavs://bob@cloud.example/remote.php/dav/files/bob/backups', { env, passwordFile })).toEqual({
      kind: 'webdav',
      config: { url: 'https://cloud.example/remote.php/dav/files/bob/backups', username: 'bob', password: 's3cret' },
    });
    expect(destinationFromUrl('webdav://127.0.0.1:8080/dav', { env }).config.url).toBe('http://127.0.0.1:8080/dav');
  });

  it('reads ftp and ftps URLs, explicit TLS by default, implicit on request', () => {
    expect(destinationFromUrl('ftp://carol@ftp.example/backups', { env, passwordFile }).config).toMatchObject({
      host: 'ftp.example',
      user: 'carol',
      password: 's3cret',
      path: '/backups',
      secure: false,
      passive: true,
    });
    expect(destinationFromUrl('ftps://ftp.example:2121/', { env }).config).toMatchObject({ secure: 'explicit', port: 2121, path: '/', user: 'anonymous' });
    expect(destinationFromUrl('ftps://ftp.example/x?tls=implicit', { env }).config).toMatchObject({ secure: 'implicit' });
  });

  it.each([
    ['sftp://alice:hunter2@host/x', /password in the URL/],
    ['gopher://host/x', /unknown scheme/],
    ['ftps://h/x?tls=maybe', /tls must be/],
    ['s3:///prefix-without-bucket', /bucket/],
    ['sftp://u@host/x', /password or a private key/],
  ])('rejects %s', (text, message) => {
    expect(() => destinationFromUrl(text, { env: {} })).toThrow(ValidationError);
    expect(() => destinationFromUrl(text, { env: {} })).toThrow(message);
  });

  it('never echoes a password given in the URL', () => {
    expect(() => destinationFromUrl('webdav://u:hunter2@h/x', { env })).toThrow(/^(?!.*hunter2)/s);
  });
});
