import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_CONFIG, seedPostgres } from '../support/postgres-fixture.js';
import { startSftpServer, type SftpTestServer } from '../support/servers/sftp.js';
import { PROOF_TIMEOUT, proofRecorder } from './support/results.js';
import { findSecrets, folderHaystacks, samplePs } from './support/secret-scan.js';
import { adminClient, startProofServer, type ApiClient, type ProofServer } from './support/server.js';
import { walkFiles } from './support/storage-check.js';

const proof = proofRecorder('abuse-hostile');
const SHELL = `$(touch x) \`touch y\`; touch z && echo | cat > w`;
const HOSTILE = `../../${SHELL} '"\\ %s <a> * ? ~ |`;
const PREFIXES = ['../../../escape', 'a/../../b', `${SHELL}/';"\``, '/abs/olute', '..'];
/** Files an injected shell command would create, wherever its working directory was. */
const WITNESSES = ['x', 'y', 'z', 'w'];

/**
 * Shell and SQL metacharacters and `../` in every name and key field (source, database, destination, job,
 * prefix) through the real server, and a scan for the test secrets in everything Lifeboat writes or shows.
 */
describe('hostile names and secret leaks through lifeboat serve', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'lifeboat-proof-hostile-'));
  const [dataDir, cwd, dest] = ['data', 'cwd', 'dest'].map((d) => path.join(root, d)) as [string, string, string];
  const secrets = { 'source password': `pg-${randomBytes(12).toString('hex')}`, 'destination password': '', 'encryption passphrase': `passphrase ${randomBytes(12).toString('hex')}` };
  const witnessDirs = [process.cwd(), tmpdir(), homedir(), '/'];
  const witnessesBefore = new Set(witnessDirs.flatMap((d) => WITNESSES.filter((w) => existsSync(path.join(d, w))).map((w) => path.join(d, w))));
  let server: ProofServer;
  let api: ApiClient;
  let sftp: SftpTestServer;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;

  beforeAll(async () => {
    mkdirSync(cwd, { recursive: true });
    sftp = await startSftpServer();
    secrets['destination password'] = sftp.password;
    seeded = await seedPostgres();
    server = await startProofServer({ dataDir, cwd });
    api = await adminClient(() => server.url, { email: 'admin@example.test', password: 'hostile proof admin password' }, true);
  });
  afterAll(async () => {
    await server?.stop();
    await sftp?.stop();
    await seeded?.cleanup();
    rmSync(root, { recursive: true, force: true });
    proof.flush();
  });

  it('runs backups with hostile names without escaping, and no secret appears in plaintext anywhere', async () => {
    const ps = samplePs();
    const source = await api.call('POST', '/api/v1/sources', { name: `source ${HOSTILE}`, kind: 'postgres', config: { ...PG_CONFIG, password: secrets['source password'] } });
    const local = await api.call('POST', '/api/v1/destinations', { name: `disk ${HOSTILE}`, kind: 'local', config: { path: dest } });
    const remote = await api.call('POST', '/api/v1/destinations', { name: `sftp ${HOSTILE}`, kind: 'sftp', config: { host: sftp.host, port: sftp.port, username: sftp.username, password: sftp.password, path: '.' } });
    const profile = await api.call('POST', '/api/v1/encryption-profiles', { name: `profile ${HOSTILE}`, kind: 'passphrase', passphrase: secrets['encryption passphrase'] });
    for (const r of [source, local, remote, profile]) expect(r.status, r.text).toBe(201);

    const outcomes: { prefix: string; created: number; status: string | null; error: string | null }[] = [];
    for (const [i, prefix] of ['', ...PREFIXES].entries()) {
      const job = await api.call('POST', '/api/v1/jobs', {
        name: `${HOSTILE.slice(0, 90)} #${i}`, sourceId: source.body.id, destinationIds: [local.body.id, remote.body.id], databases: [seeded.database],
        compression: 'zstd:1', encryptionProfileId: prefix === '' ? profile.body.id : null, options: { prefix },
      });
      if (job.status !== 201) {
        outcomes.push({ prefix, created: job.status, status: null, error: job.body?.error?.message ?? null });
        continue;
      }
      const run = await api.call('POST', `/api/v1/jobs/${job.body.id}/run?wait=true`);
      const { id, status, error } = run.body.execution;
      await api.call('GET', `/api/v1/executions/${id}/logs`);
      outcomes.push({ prefix, created: job.status, status, error });
    }
    // Read back everything the API shows about these objects, for the secret scan.
    for (const p of ['/api/v1/sources', '/api/v1/destinations', '/api/v1/jobs', '/api/v1/encryption-profiles', '/api/v1/executions?limit=100', `/api/v1/destinations/${local.body.id}/backups?refresh=true`]) await api.call('GET', p);
    for (const r of [source, local, remote, profile]) await api.call('GET', `${r === profile ? '/api/v1/encryption-profiles' : r === source ? '/api/v1/sources' : '/api/v1/destinations'}/${r.body.id}`);
    const psSamples = await ps.stop();

    const outside = walkFiles(root).filter((f) => !f.startsWith('data/') && !f.startsWith('dest/'));
    const escapedKeys = [...walkFiles(dest).map((f) => path.join(dest, f)), ...walkFiles(sftp.directory).map((f) => path.join(sftp.directory, f))]
      .filter((file) => ![realpathSync(dest), realpathSync(sftp.directory)].some((base) => realpathSync(file).startsWith(`${base}${path.sep}`)));
    const witnesses = witnessDirs.flatMap((d) => WITNESSES.map((w) => path.join(d, w))).filter((f) => existsSync(f) && !witnessesBefore.has(f));
    const leaks = findSecrets(secrets, [
      ...folderHaystacks(dataDir, 'app data dir'), ...folderHaystacks(dest, 'local destination'), ...folderHaystacks(sftp.directory, 'sftp destination'),
      { name: 'server logs', bytes: Buffer.from(server.output()) }, { name: 'API responses', bytes: Buffer.from(api.transcript.join('\n')) },
      { name: 'ps samples', bytes: Buffer.from(psSamples.join('\n')) },
    ]);
    const succeeded = outcomes.filter((o) => o.status === 'succeeded');
    const figures = {
      namesAndPrefixesTried: outcomes.length, backupsSucceeded: succeeded.length, refusedAtCreate: outcomes.filter((o) => o.created !== 201).length,
      failedCleanly: outcomes.filter((o) => o.status === 'failed').length, filesOutsideDestinations: outside.length + escapedKeys.length,
      shellWitnessFiles: witnesses.length, serverCwdFiles: readdirSync(cwd).length, 
    };
    const passed = figures.filesOutsideDestinations === 0 && witnesses.length === 0 && figures.serverCwdFiles === 0 && leaks.length === 0 && succeeded.length >= 2;
    proof.record({
      id: 'abuse-hostile-names', area: 'abuse', what: 'Shell and SQL metacharacters and `../` in source, database, destination, job and prefix names, through `lifeboat serve`',
      how: `a database named \`\` ${seeded.database.replace(/^lifeboat_test_\d+_[0-9a-f]+/, '<scratch>')} \`\`, names containing \`\` ${HOSTILE} \`\`, prefixes ${PREFIXES.map((p) => `\`\` ${p} \`\``).join(', ')}; backups to a local folder and an SFTP server; every file under the test root, the server's working directory, and \`x y z w\` in the usual working directories checked afterwards`,
      expectation: '0 files outside the destination folders, 0 files created by an injected command; traversal prefixes refused or failed cleanly',
      figures, passed,
      note: outcomes.filter((o) => o.status !== 'succeeded').map((o) => `prefix \`\` ${o.prefix} \`\`: ${o.created !== 201 ? `refused (${o.created})` : o.status} - ${o.error ?? ''}`).join('; '),
    });
    proof.record({
      id: 'abuse-secret-scan', area: 'abuse', what: 'Test secrets (source password, SFTP password, encryption passphrase) searched in plaintext, base64 and hex',
      how: `the app data dir (SQLite database, WAL, keys), both destinations (artifacts and sidecars), the server's logs at LOG_LEVEL=info, every API response of the run, and ${psSamples.length} samples of \`ps -eww -o args\` taken during the backups`,
      expectation: '0 found', figures: { secretsFound: leaks.length, psSamples: psSamples.length, apiResponses: api.transcript.length, serverLogBytes: server.output().length },
      passed: leaks.length === 0, note: leaks.join('; ') || undefined,
    });
    expect(outside).toEqual([]);
    expect(escapedKeys).toEqual([]);
    expect(witnesses).toEqual([]);
    expect(readdirSync(cwd)).toEqual([]);
    expect(leaks).toEqual([]);
    expect(succeeded.length, JSON.stringify(outcomes)).toBeGreaterThanOrEqual(2);
    for (const o of outcomes.filter((x) => x.prefix.split('/').includes('..'))) expect(o.status).not.toBe('succeeded');
  }, PROOF_TIMEOUT);
});
