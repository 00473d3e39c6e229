import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, dropPostgres, pgUrl, scratchName } from '../support/databases.js';
import pg from 'pg';
import { startHttpCapture, type HttpCaptureServer } from '../support/servers/http-capture.js';
import { ARTIFACTS, openBrowser, screenshotBothThemes } from './support/browser.js';
import { startUiServer } from './support/server.js';
import { ensureWebBuild } from './support/web-build.js';

/**
 * The built UI in headless Chromium against the real server: set up the machine's PostgreSQL as a
 * source and a local folder as a destination through the generated forms, test both connections,
 * and visit every main page in light and dark mode. Any browser console error fails the run.
 */
describe('web UI end to end', () => {
  let server: Awaited<ReturnType<typeof startUiServer>>;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const storage = mkdtempSync(path.join(tmpdir(), 'lifeboat-e2e-storage-'));
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let second: Awaited<ReturnType<typeof createScratchPostgres>>;
  let webhook: HttpCaptureServer;
  const restored = scratchName();
  const mappedFirst = scratchName();
  const mappedSecond = scratchName();

  beforeAll(async () => {
    await ensureWebBuild();
    scratch = await createScratchPostgres();
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    await client.query("CREATE TABLE boats (id int PRIMARY KEY, name text); INSERT INTO boats SELECT g, 'boat ' || g FROM generate_series(1, 500) g");
    await client.end();
    second = await createScratchPostgres();
    const other = new pg.Client({ connectionString: second.url });
    await other.connect();
    await other.query("CREATE TABLE boats (id int PRIMARY KEY, name text); INSERT INTO boats SELECT g, 'dinghy ' || g FROM generate_series(1, 120) g");
    await other.end();
    webhook = await startHttpCapture();
    server = await startUiServer();
    browser = await openBrowser();
    page = browser.page;
    page.setDefaultTimeout(10_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await webhook?.close();
    await scratch?.drop();
    await second?.drop();
    for (const name of [restored, mappedFirst, mappedSecond]) await dropPostgres(name);
    rmSync(storage, { recursive: true, force: true });
  });

  // A failed step leaves a picture of the page as it was, next to the other artifacts.
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await page?.screenshot({ path: path.join(ARTIFACTS, 'failure.png'), fullPage: true }).catch(() => undefined);
  });

  const go = async (label: string) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  };

  it('creates the administrator on first run, signs out and in again', async () => {
    await page.goto(`${server.url}/jobs`);
    await page.getByRole('heading', { name: 'Welcome to Lifeboat' }).waitFor();
    await screenshotBothThemes(page, 'setup');
    await page.getByLabel('Your name').fill('Ada Admin');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Repeat the password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Lifeboat' }).waitFor();
    await page.goto(`${server.url}/sources`);
    await page.getByRole('heading', { name: 'Sign in to Lifeboat' }).waitFor();
    await screenshotBothThemes(page, 'login');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sources' }).waitFor();
  });

  it('opens on the dashboard with next steps', async () => {
    await go('Dashboard');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Healthy').waitFor();
    await page.getByText('Three steps to your first backup').waitFor();
    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    expect(await page.evaluate("document.documentElement.classList.contains('dark')")).toBe(true);
    await page.reload();
    await page.getByRole('button', { name: 'Switch to light mode' }).click();
    expect(await page.evaluate("localStorage.getItem('lifeboat.theme')")).toBe('light');
    await screenshotBothThemes(page, 'dashboard-empty');
  });

  it('adds the machine PostgreSQL as a source through the generated form and tests it', async () => {
    await go('Sources');
    await page.getByText('No sources yet').waitFor();
    await screenshotBothThemes(page, 'sources-empty');
    await page.getByRole('button', { name: 'Add source' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Machine PostgreSQL');
    await chooseOption(page, dialog.getByLabel('Kind'), 'PostgreSQL');
    await dialog.getByLabel('Host').fill('127.0.0.1');
    await dialog.getByLabel('Environment').fill('test');
    expect(await dialog.getByLabel('Password').getAttribute('type')).toBe('password');
    await screenshotBothThemes(page, 'source-form');
    await dialog.getByRole('button', { name: 'Add source' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByRole('row', { name: /Machine PostgreSQL/ });
    await row.getByRole('button', { name: /Test connection/ }).click();
    await row.getByText(/Connected: postgres \d+/).waitFor();

    await row.getByRole('button', { name: /Databases on/ }).click();
    await page.getByRole('list', { name: 'Databases' }).getByText('postgres', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('shows what failed when a connection test fails', async () => {
    await page.getByRole('button', { name: 'Add source' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Wrong port');
    await chooseOption(page, dialog.getByLabel('Kind'), 'PostgreSQL');
    await dialog.getByLabel('Host').fill('127.0.0.1');
    await dialog.getByLabel('Port').fill('1');
    await dialog.getByRole('button', { name: 'Add source' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /Wrong port/ });
    await row.getByRole('button', { name: /Test connection/ }).click();
    const failure = row.getByRole('alert');
    await failure.waitFor();
    expect((await failure.textContent())?.length).toBeGreaterThan(10);
    // The browser logs the failed request itself; that one is expected here, nothing else is.
    const logged = browser.errors.splice(0);
    expect(logged.every((e) => /Failed to load resource.*\/api\/v1\/sources\/[^/]+\/test$/.test(e)), logged.join('\n')).toBe(true);
    await screenshotBothThemes(page, 'sources');
  });

  it('adds a local folder destination and tests that it is writable', async () => {
    await go('Destinations');
    await page.getByText('No destinations yet').waitFor();
    await page.getByRole('button', { name: 'Add destination' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Local backups');
    await chooseOption(page, dialog.getByLabel('Kind'), 'Local folder');
    await dialog.getByLabel('Path').fill(storage);
    await dialog.getByRole('button', { name: 'Add destination' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /Local backups/ });
    await row.getByRole('button', { name: /Test connection/ }).click();
    await row.getByText('Reachable and writable').waitFor();
    await screenshotBothThemes(page, 'destinations');
  });

  it('creates a job step by step, runs it and watches it succeed live', async () => {
    await go('Jobs');
    await page.getByText('No jobs yet').waitFor();
    await page.getByRole('button', { name: 'Create job' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByText('Name the job').waitFor();
    await dialog.getByLabel('Job name').fill('Nightly boats');
    await chooseOption(page, dialog.getByLabel('Source'), 'Machine PostgreSQL');
    await dialog.getByRole('checkbox', { name: scratch.name }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('checkbox', { name: /Local backups/ }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('button', { name: 'Every day at 02:30' }).click();
    await dialog.getByLabel('Time zone').fill('Europe/Berlin');
    await dialog.getByText('At 02:30 (Europe/Berlin)').waitFor();
    expect(await dialog.getByRole('list', { name: 'Next runs' }).getByRole('listitem').count()).toBe(5);
    await screenshotBothThemes(page, 'job-editor-schedule');
    const headers = { origin: server.url };
    const profile = await page.request.post(`${server.url}/api/v1/encryption-profiles`, { headers, data: { name: 'Job key', kind: 'generated' } });
    expect(profile.status(), await profile.text()).toBe(201);
    await dialog.getByRole('button', { name: 'Next' }).click();
    await chooseOption(page, dialog.getByLabel('Encryption'), 'Job key (generated key)');
    await dialog.getByText('Lifeboat holds the key').waitFor();
    await screenshotBothThemes(page, 'job-editor-encryption');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByLabel('Keep the newest N backups').fill('3');
    await dialog.getByText('This job has no backups yet').waitFor();
    await screenshotBothThemes(page, 'job-editor-retention');
    await dialog.getByRole('button', { name: 'Next' }).click();
    // No channel yet: the step says where to add one; back and forth again shows the channel made meanwhile.
    expect(await dialog.getByRole('link', { name: 'Settings → Notifications' }).getAttribute('href')).toBe('/settings#notifications');
    await screenshotBothThemes(page, 'job-editor-notifications-empty');
    const channel = await page.request.post(`${server.url}/api/v1/notification-channels`, { headers, data: { name: 'Ops webhook', kind: 'webhook', config: { url: `${webhook.url}/lifeboat` } } });
    expect(channel.status(), await channel.text()).toBe(201);
    await dialog.getByRole('button', { name: 'Back' }).click();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await chooseOption(page, dialog.getByLabel('Ops webhook'), 'On success and failure');
    await dialog.getByText('1 channel chosen.').waitFor();
    await screenshotBothThemes(page, 'job-editor-notifications');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByText(/Restore drill/).waitFor();
    await dialog.getByRole('button', { name: 'Create job' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByRole('row', { name: /Nightly boats/ });
    await row.getByText('At 02:30').waitFor();
    await screenshotBothThemes(page, 'jobs');
    await row.getByRole('button', { name: 'Run Nightly boats now' }).click();
    await row.getByRole('status').getByText(/Started/).click();

    await page.getByRole('heading', { name: 'Executions' }).waitFor();
    await page.getByRole('row', { name: /Nightly boats/ }).first().click();
    const detail = page.getByRole('dialog');
    await detail.getByText('succeeded', { exact: true }).waitFor({ timeout: 30_000 });
    await detail.getByText(/Stored size/).waitFor();
    await screenshotBothThemes(page, 'execution-detail');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Status/ }).click();
    await page.getByRole('menuitemcheckbox', { name: /succeeded\s*1/ }).waitFor();
    await page.keyboard.press('Escape');
    await screenshotBothThemes(page, 'executions');
    const stored = readdirSync(storage, { recursive: true }).map(String);
    expect(stored.some((f) => f.endsWith('.meta.json'))).toBe(true);
    const dumps = stored.filter((f) => f.includes('.') && !f.endsWith('.json'));
    expect(dumps.length > 0 && dumps.every((f) => f.endsWith('.age')), stored.join('\n')).toBe(true);
    await expect.poll(() => webhook.requests.filter((r) => r.url === '/lifeboat').map((r) => r.body).join('\n'), { timeout: 15_000 }).toContain('Nightly boats');
  });

  it('previews what the retention rules of the saved job keep and delete, without deleting', async () => {
    await go('Jobs');
    await page.getByRole('row', { name: /Nightly boats/ }).getByRole('button', { name: 'More actions for Nightly boats' }).click();
    await page.getByRole('menuitem', { name: /Edit/ }).click();
    const dialog = page.getByRole('dialog');
    for (let i = 0; i < 4; i += 1) await dialog.getByRole('button', { name: 'Next' }).click();
    const preview = dialog.getByRole('region', { name: 'Retention preview' });
    await preview.getByText('Local backups: Keeps the one backup; nothing would be deleted.').waitFor();
    await preview.getByText('Show the backup').click();
    await preview.getByText('keep', { exact: true }).waitFor();
    await screenshotBothThemes(page, 'job-editor-retention-preview');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(readdirSync(storage, { recursive: true }).map(String).filter((f) => f.endsWith('.age') && !f.includes('_lifeboat')).length).toBe(1);
  });

  it('finds the backup in the storage explorer and restores it into a new database through the wizard', async () => {
    await go('Storage');
    const row = page.getByRole('row', { name: `Machine PostgreSQL / ${scratch.name}` });
    await row.waitFor();
    await page.getByRole('toolbar', { name: 'Filters' }).getByRole('button', { name: 'Database' }).click();
    await page.getByRole('menuitemcheckbox', { name: new RegExp(`${scratch.name}\\s*1`) }).click();
    await page.keyboard.press('Escape');
    await screenshotBothThemes(page, 'storage');

    await row.getByRole('button', { name: /^Restore/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Engine').waitFor();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await chooseOption(page, dialog.getByLabel('Restore into source'), 'Machine PostgreSQL (postgres)');
    await dialog.getByLabel('Database name').fill(restored);
    await dialog.getByText('A new database: it will be created.').waitFor();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByText('All tables (1)').waitFor();
    await dialog.getByRole('button', { name: 'Next' }).click();
    const plan = dialog.getByRole('list', { name: 'What will happen' });
    await plan.getByText(`“${restored}” does not exist yet: it is created. Nothing else is changed.`).waitFor();
    await screenshotBothThemes(page, 'restore-confirm');
    await dialog.getByRole('button', { name: 'Restore now' }).click();

    const detail = page.getByRole('dialog', { name: new RegExp(`Restore into ${restored}`) });
    await detail.getByText('succeeded', { exact: true }).waitFor({ timeout: 30_000 });
    await screenshotBothThemes(page, 'restore-done');
    await page.keyboard.press('Escape');
    expect(await fingerprint(restored)).toEqual(await fingerprint(scratch.name));

    await row.getByRole('button', { name: /^More actions/ }).click();
    await page.getByRole('menuitem', { name: /Verify/ }).click();
    const check = page.getByRole('dialog', { name: /^Verify/ });
    await check.getByText('succeeded', { exact: true }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
  });

  it('shows every main page in light and dark mode without console errors', async () => {
    await go('Dashboard');
    await page.getByText('1 succeeded, 0 failed').waitFor();
    await page.getByRole('list', { name: 'Jobs and next runs' }).getByText('Nightly boats').waitFor();
    await page.getByText(/in 1 backup$/).waitFor();
    await screenshotBothThemes(page, 'dashboard');
    await go('Settings');
    await page.getByRole('tab', { name: 'Encryption' }).click();
    await page.getByRole('button', { name: 'New profile' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Offsite key');
    await dialog.getByRole('button', { name: 'Create profile' }).click();
    await page.getByRole('row', { name: /Offsite key/ }).getByText('can restore').waitFor();
    await screenshotBothThemes(page, 'settings');
    await page.getByRole('tab', { name: 'Users and groups' }).click();
    await page.getByRole('table', { name: 'Users' }).getByText(ADMIN.email).waitFor();
    await screenshotBothThemes(page, 'settings-users');
    await page.getByRole('tab', { name: 'API tokens' }).click();
    await page.getByLabel('Token name').fill('monitoring');
    await page.getByRole('button', { name: 'Create token' }).click();
    expect(await page.getByLabel('New token').textContent()).toMatch(/\S{20,}/);
    await screenshotBothThemes(page, 'settings-tokens');
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByRole('table', { name: 'Audit log' }).getByText('auth.sign_in').first().waitFor();
    await screenshotBothThemes(page, 'settings-audit');
    await page.goto(`${server.url}/no/such/page`);
    await page.getByText('This page does not exist').waitFor();
    expect(browser.errors).toEqual([]);
  });

  it('changes the general settings, and a new job starts with their time zone and retention', async () => {
    await page.goto(`${server.url}/settings`);
    const general = page.getByRole('tabpanel', { name: 'General' });
    await general.getByLabel('Executions at once').fill('3');
    await general.getByLabel('Default time zone').fill('America/New_York');
    await general.getByLabel('Weekly').fill('4');
    await general.getByRole('button', { name: 'Save settings' }).click();
    await general.getByText('Saved.').waitFor();
    await screenshotBothThemes(page, 'settings-general');
    const saved = await (await page.request.get(`${server.url}/api/v1/settings`)).json();
    expect(saved).toMatchObject({ maxConcurrentJobs: 3, defaultTimeZone: 'America/New_York', defaultRetention: { keepLast: 7, gfs: { weekly: 4 } } });

    await go('Jobs');
    await page.getByRole('button', { name: 'Create job' }).click();
    const editor = page.getByRole('dialog');
    await editor.getByLabel('Job name').fill('Defaults check');
    await chooseOption(page, editor.getByLabel('Source'), 'Machine PostgreSQL');
    await editor.getByRole('button', { name: 'Next' }).click();
    await editor.getByRole('checkbox', { name: /Local backups/ }).check();
    await editor.getByRole('button', { name: 'Next' }).click();
    expect(await editor.getByLabel('Time zone').inputValue()).toBe('America/New_York');
    await editor.getByRole('button', { name: 'Next' }).click();
    await editor.getByRole('button', { name: 'Next' }).click();
    expect(await editor.getByLabel('Weekly').inputValue()).toBe('4');
    await editor.getByRole('button', { name: 'Next' }).click();
    await editor.getByRole('button', { name: 'Next' }).click();
    await editor.getByRole('switch', { name: /Restore drill/ }).click();
    await editor.getByRole('button', { name: 'Create job' }).click();
    await editor.getByText("Choose the server that receives the drill's scratch databases").waitFor();
    await chooseOption(page, editor.getByLabel('Server for the scratch databases'), 'Machine PostgreSQL (the source itself)');
    await editor.getByRole('switch', { name: /On its own schedule/ }).click();
    await editor.getByRole('switch', { name: /Verify on a schedule/ }).click();
    expect(await editor.getByLabel('Time zone').first().inputValue()).toBe('America/New_York');
    await screenshotBothThemes(page, 'job-editor-checks');
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });
  });

  it('creates and edits a custom group and puts a user in it', async () => {
    await go('Settings');
    await page.getByRole('tab', { name: 'Users and groups' }).click();
    await page.getByRole('button', { name: 'New group' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Group name').fill('DBAs');
    await dialog.getByRole('button', { name: 'viewer' }).click();
    await dialog.getByRole('checkbox', { name: 'restore:execute' }).check();
    await screenshotBothThemes(page, 'settings-group-editor');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Edit group DBAs' }).click();
    dialog = page.getByRole('dialog');
    expect(await dialog.getByRole('checkbox', { name: 'restore:execute' }).isChecked()).toBe(true);
    await dialog.getByLabel('Group name').fill('Database admins');
    await dialog.getByRole('checkbox', { name: 'backups:execute' }).check();
    await dialog.getByRole('button', { name: 'Save group' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('list', { name: 'Groups' }).getByText('Database admins').waitFor();
    const groups = (await (await page.request.get(`${server.url}/api/v1/groups`)).json()) as { name: string; permissions: string[] }[];
    expect(groups.find((g) => g.name === 'Database admins')?.permissions).toEqual(expect.arrayContaining(['restore:execute', 'backups:execute', 'jobs:read']));

    await page.getByRole('button', { name: `Edit ${ADMIN.email}` }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: 'Database admins' }).check();
    await dialog.getByRole('button', { name: 'Save user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Users' }).getByText('Database admins').waitFor();
    await screenshotBothThemes(page, 'settings-users');
  });

  it('adds an SSO provider, then maps its groups and disables it', async () => {
    await page.getByRole('tab', { name: 'Single sign-on' }).click();
    let dialog = page.getByRole('dialog');
    await page.getByRole('button', { name: 'Add provider' }).click();
    await dialog.getByLabel('Button label').fill('Company SSO');
    await dialog.getByLabel('Issuer URL').fill('https://id.example.test/realms/main');
    await dialog.getByLabel('Client ID').fill('lifeboat');
    await dialog.getByLabel('Client secret').fill('not-a-real-secret');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Edit Company SSO' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Groups claim (empty: no mapping)').fill('groups');
    await dialog.getByLabel(/Group mapping/).fill('dba-team: Database admins');
    await dialog.getByRole('switch', { name: 'Enabled' }).click();
    await screenshotBothThemes(page, 'settings-sso-editor');
    await dialog.getByRole('button', { name: 'Save provider' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /Company SSO/ });
    await row.getByText('disabled').waitFor();
    await row.getByText('from “groups”, 1 mapped').waitFor();
    await screenshotBothThemes(page, 'settings-sso');
  });

  it('restores two databases of one run under new names, chosen per database', async () => {
    const headers = { origin: server.url };
    const [source] = (await (await page.request.get(`${server.url}/api/v1/sources`)).json()) as { id: string; name: string }[];
    const [destination] = (await (await page.request.get(`${server.url}/api/v1/destinations`)).json()) as { id: string }[];
    const job = await page.request.post(`${server.url}/api/v1/jobs`, { headers, data: { name: 'Both databases', sourceId: source!.id, databases: [scratch.name, second.name], destinationIds: [destination!.id] } });
    expect(job.status(), await job.text()).toBe(201);
    const run = await page.request.post(`${server.url}/api/v1/jobs/${(await job.json()).id}/run?wait=true`, { headers, timeout: 60_000 });
    expect((await run.json()).execution.status).toBe('succeeded');

    await go('Storage');
    await page.getByRole('row', { name: `Machine PostgreSQL / ${second.name}` }).getByRole('button', { name: /^Restore/ }).click();
    const dialog = page.getByRole('dialog');
    const run2 = dialog.getByRole('group', { name: 'Databases backed up by this run (2)' });
    await run2.getByRole('checkbox', { name: scratch.name }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await chooseOption(page, dialog.getByLabel('Restore into source'), 'Machine PostgreSQL (postgres)');
    await dialog.getByLabel(`Restore ${scratch.name} as`).fill(mappedFirst);
    await dialog.getByLabel(`Restore ${second.name} as`).fill(mappedSecond);
    await screenshotBothThemes(page, 'restore-mapping');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByText('Several databases are restored together', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Next' }).click();
    const plan = dialog.getByRole('list', { name: 'What will happen' });
    await plan.getByText(`“${mappedFirst}” does not exist yet: it is created. Nothing else is changed.`).waitFor();
    await plan.getByText(`“${mappedSecond}” does not exist yet: it is created. Nothing else is changed.`).waitFor();
    await screenshotBothThemes(page, 'restore-mapping-confirm');
    await dialog.getByRole('button', { name: 'Restore now' }).click();
    const detail = page.getByRole('dialog', { name: /Restore into/ });
    await detail.getByText('succeeded', { exact: true }).waitFor({ timeout: 60_000 });
    await page.keyboard.press('Escape');
    expect(await fingerprint(mappedFirst)).toEqual(await fingerprint(scratch.name));
    expect(await fingerprint(mappedSecond)).toEqual(await fingerprint(second.name));
  }, 120_000);

  it("verifies a job's newest backups on demand from its menu", async () => {
    const verifications = async () => ((await (await page.request.get(`${server.url}/api/v1/executions?type=verify`)).json()) as { items: unknown[] }).items.length;
    const before = await verifications();
    await go('Jobs');
    const row = page.getByRole('row', { name: /Nightly boats/ });
    await row.getByRole('button', { name: 'More actions for Nightly boats' }).click();
    await page.getByRole('menuitem', { name: 'Verify newest backups now' }).click();
    await row.getByRole('status').getByText('Verification started').waitFor();
    expect(await verifications()).toBe(before + 1);
  });

  it('backs the configuration up to a destination, encrypted with a profile', async () => {
    await go('Settings');
    await page.getByRole('tab', { name: 'Configuration backup' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Configuration backup' });
    await panel.getByText('Never backed up yet').waitFor();
    await chooseOption(page, panel.getByLabel('Destination'), 'Local backups (local)');
    await chooseOption(page, panel.getByLabel('Encryption'), 'Profile “Offsite key”');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByText('Saved.').waitFor();
    await panel.getByRole('button', { name: 'Back up now' }).click();
    await panel.getByText(/^Last backed up/).waitFor({ timeout: 30_000 });
    await screenshotBothThemes(page, 'settings-config-backup');
    const exported = readdirSync(path.join(storage, '_lifeboat', 'config'));
    expect(exported.some((f) => f.endsWith('.age'))).toBe(true);
    expect(browser.errors).toEqual([]);
  });

  it('chooses system notification channels and a storage usage threshold, kept after a reload', async () => {
    // Its own channel and destination, so the case also runs on its own after the first-run case.
    const headers = { origin: server.url };
    const channel = await page.request.post(`${server.url}/api/v1/notification-channels`, { headers, data: { name: 'System alerts', kind: 'webhook', config: { url: `${webhook.url}/system` } } });
    expect(channel.status(), await channel.text()).toBe(201);
    const watched = await page.request.post(`${server.url}/api/v1/destinations`, { headers, data: { name: 'Watched folder', kind: 'local', config: { path: path.join(storage, 'watched') } } });
    expect(watched.status(), await watched.text()).toBe(201);

    // A full load: lists fetched after the API calls above, and the hash picks the tab (on the settings
    // page itself, changing only the hash reloads nothing).
    const openNotifications = async () => {
      await page.goto(`${server.url}/settings#notifications`);
      await page.reload();
    };
    await openNotifications();
    const card = page.getByRole('region', { name: 'System notifications' });
    await card.getByRole('checkbox', { name: /System alerts/ }).check();
    await card.getByLabel('Delivery attempts').fill('11');
    await card.getByRole('button', { name: 'Add threshold' }).click();
    const row = card.getByRole('group', { name: 'Usage threshold 1' });
    await chooseOption(page, row.getByLabel('Destination'), 'Watched folder (local)');
    await row.getByLabel('Size').fill('1.5');
    await chooseOption(page, row.getByLabel('Unit'), 'TB');
    await card.getByRole('button', { name: 'Save system notifications' }).click();
    await card.getByText('Delivery attempts must be a whole number from 1 to 10.').waitFor();
    await card.getByLabel('Delivery attempts').fill('5');
    await card.getByRole('button', { name: 'Save system notifications' }).click();
    await card.getByText('Saved.').waitFor();
    const saved = await (await page.request.get(`${server.url}/api/v1/settings/notifications`)).json();
    expect(saved).toEqual({
      systemNotificationChannels: [(await channel.json()).id],
      delivery: { attempts: 5, timeoutSeconds: 10, retryDelayMs: 2000 },
      usageThresholds: [{ destinationId: (await watched.json()).id, thresholdBytes: 1.5 * 1024 ** 4 }],
    });

    await openNotifications();
    expect(await card.getByRole('checkbox', { name: /System alerts/ }).isChecked()).toBe(true);
    expect(await card.getByLabel('Delivery attempts').inputValue()).toBe('5');
    expect(await row.getByLabel('Size').inputValue()).toBe('1.5');
    await row.getByLabel('Unit').getByText('TB').waitFor();
    await row.getByLabel('Destination').getByText('Watched folder (local)').waitFor();
    await card.scrollIntoViewIfNeeded();
    await screenshotBothThemes(page, 'settings-system-notifications');
    expect(browser.errors).toEqual([]);
  });
});

/** Row count and a checksum of every row: the restored copy must hold exactly the same data. */
async function fingerprint(database: string): Promise<{ count: string; sum: string }> {
  const client = new pg.Client({ connectionString: pgUrl(database) });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string; sum: string }>("SELECT count(*)::text AS count, md5(string_agg(id || ':' || name, ',' ORDER BY id)) AS sum FROM boats");
    return rows[0]!;
  } finally {
    await client.end();
  }
}

const ADMIN = { email: 'admin@example.test', password: 'correct horse battery staple' };

/** Radix Select: open the combobox, pick the option by its visible text. */
async function chooseOption(page: Page, trigger: ReturnType<Page['getByLabel']>, option: string): Promise<void> {
  await trigger.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}
