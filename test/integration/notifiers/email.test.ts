import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../../../src/adapters/notifiers/delivery.js';
import { emailConfigSchema, emailNotifier } from '../../../src/adapters/notifiers/email/email.notifier.js';
import { testEvent } from '../../../src/adapters/notifiers/test-event.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { startSmtpCapture, type SmtpCaptureServer } from '../../support/servers/smtp.js';

const DEPS = { logger: silentLogger, publicUrl: 'https://backups.example.com' };
let plain: SmtpCaptureServer;
let authed: SmtpCaptureServer;

beforeAll(async () => {
  [plain, authed] = await Promise.all([startSmtpCapture(), startSmtpCapture({ users: { backup: 'p@ss word' } })]);
});
afterAll(() => Promise.all([plain.close(), authed.close()]));

describe('email over SMTP', () => {
  it('sends a text and HTML mail that names the job, the error and links to the execution', async () => {
    const config = emailConfigSchema.parse({ host: '127.0.0.1', port: plain.port, security: 'none', from: 'Lifeboat <lifeboat@example.com>', to: ['ops@example.com', 'dba@example.com'] });
    await (await emailNotifier.create(config, DEPS)).send(testEvent('backup.failed'), AbortSignal.timeout(5_000));

    expect(plain.mails).toHaveLength(1);
    const mail = plain.mails[0]!;
    expect(mail.from).toBe('lifeboat@example.com');
    expect(mail.to).toEqual(['ops@example.com', 'dba@example.com']);
    expect(mail.subject).toBe('[Lifeboat] Backup failed: nightly-orders (test)');
    expect(mail.headers.get('x-lifeboat-event')).toBe('backup.failed');
    expect(mail.text).toContain('Job: nightly-orders (test)');
    expect(mail.text).toContain('Error: pg_dump: error: connection to server at "db.internal"');
    expect(mail.text).toContain('Open in Lifeboat: https://backups.example.com/executions/test-execution');
    expect(mail.html).toContain('<th align="left" style="padding:2px 12px 2px 0;color:#555">Job</th><td>nightly-orders (test)</td>');
    expect(mail.html).toContain('connection to server at &quot;db.internal&quot;');
    expect(mail.html).toContain('<a href="https://backups.example.com/executions/test-execution">');
  });

  it('upgrades with STARTTLS and authenticates', async () => {
    const config = emailConfigSchema.parse({
      host: '127.0.0.1', port: authed.port, username: 'backup', password: 'p@ss word',
      from: 'lifeboat@example.com', to: ['ops@example.com'], verifyCertificate: false, // smtp-server's built-in self-signed certificate
    });
    expect(config.security).toBe('starttls');
    await (await emailNotifier.create(config, DEPS)).send(testEvent('backup.succeeded'), AbortSignal.timeout(5_000));
    const mail = authed.mails.at(-1)!;
    expect(mail).toMatchObject({ secure: true, user: 'backup', subject: '[Lifeboat] Backup succeeded: nightly-orders (test)' });
  });

  it('refuses a self-signed certificate by default, and does not retry a wrong password', async () => {
    const base = { host: '127.0.0.1', port: authed.port, username: 'backup', from: 'lifeboat@example.com', to: ['ops@example.com'] };
    const strict = await emailNotifier.create(emailConfigSchema.parse({ ...base, password: 'p@ss word' }), DEPS);
    await expect(strict.send(testEvent(), AbortSignal.timeout(5_000))).rejects.toThrow(/^Email: /);

    const wrong = await emailNotifier.create(emailConfigSchema.parse({ ...base, password: 'nope', verifyCertificate: false }), DEPS);
    const result = await deliver(wrong, testEvent(), { attempts: 3, baseDelayMs: 1, timeoutMs: 5_000 });
    expect(result.ok).toBe(false);
    expect(result.attempts).toHaveLength(1);
    expect(result.error).toMatch(/^Email: Invalid login.*check the SMTP username and password/);
    expect(result.error).not.toContain('nope');
  });

  it('redacts the password', () => {
    const config = emailConfigSchema.parse({ host: 'smtp.example.com', password: 'hunter2', from: 'a@example.com', to: ['b@example.com'] });
    expect(JSON.stringify(emailNotifier.redact(config))).not.toContain('hunter2');
  });
});
