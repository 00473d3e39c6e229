import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessTestApp, type AccessTestApp } from '../support/auth.js';
import { PG_CONFIG } from '../support/postgres-fixture.js';
import { FULL, PROOF_TIMEOUT, proofRecorder } from './support/results.js';
import { bodyArbitrary, concretePath, operationsOf, pathValueArbitrary, queryArbitrary, type FuzzOperation } from './support/openapi-fuzz.js';

const RUNS_PER_ROUTE = FULL ? 300 : 12;
const SEED = Number(process.env.PROOF_SEED ?? Date.now() % 1_000_000);
const proof = proofRecorder('abuse-fuzz');

/**
 * Every operation of /api/openapi.json, called as an administrator with property-based input: hostile and
 * random path parameters (and ids that exist), random query strings, bodies with the schema's fields set to
 * values of any type, malformed JSON and a 2 MB body. Whatever the input, the answer is never a 5xx.
 */
describe('fuzzing every route of the OpenAPI document as an administrator', () => {
  let t: AccessTestApp;
  let session: Record<string, string>;
  let doc: unknown;
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-proof-fuzz-'));
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createAccessTestApp('sqlite');
    session = await t.signedInAs('administrator');
    doc = await (await t.app.request('/api/openapi.json')).json();
    // Real ids too, so the fuzzer also reaches handlers past their not-found checks.
    const source = await t.call('POST', '/api/v1/sources', session, { name: 'fuzz source', kind: 'postgres', config: { ...PG_CONFIG, database: 'lifeboat_test_0_none' } });
    const destination = await t.call('POST', '/api/v1/destinations', session, { name: 'fuzz disk', kind: 'local', config: { path: dir } });
    const job = await t.call('POST', '/api/v1/jobs', session, { name: 'fuzz job', sourceId: source.body.id, destinationIds: [destination.body.id] });
    ids.push(source.body.id, destination.body.id, job.body.id);
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
    proof.flush();
  });

  it('answers every request below 500', async () => {
    // `wait=true` on a run would wait for a queue this in-process app does not run; everything else is fuzzed.
    const operations = operationsOf(doc).map((op) => ({ ...op, query: op.query.filter((q) => q.name !== 'wait') }));
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let requests = 0;
    const started = Date.now();
    for (const op of operations) {
      const property = fc.asyncProperty(
        fc.array(pathValueArbitrary(ids), { minLength: op.pathParams.length, maxLength: op.pathParams.length }),
        queryArbitrary(op.query),
        op.body ? bodyArbitrary(doc, op.body) : fc.constant(undefined),
        async (values, query, body) => {
          const status = await send(op, concretePath(op.path, values) + (query ? `?${query}` : ''), body);
          requests++;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 500) failures.push(`${op.method} ${concretePath(op.path, values)}?${query.slice(0, 200)} body=${String(body).slice(0, 200)} -> ${status}`);
          return status < 500;
        },
      );
      await fc.check(property, { numRuns: RUNS_PER_ROUTE, seed: SEED, endOnFailure: true });
    }
    const byClass = (lo: number) => [...statuses].filter(([s]) => s >= lo && s < lo + 100).reduce((n, [, c]) => n + c, 0);
    const figures = { seed: SEED, routes: operations.length, runsPerRoute: RUNS_PER_ROUTE, requests, responses2xx: byClass(200), responses4xx: byClass(400), responses5xx: byClass(500), seconds: Math.round((Date.now() - started) / 100) / 10 };
    proof.record({
      id: 'abuse-openapi-fuzz', area: 'abuse', what: 'Every route of /api/openapi.json fed malformed, oversized and wrongly typed input as an administrator',
      how: 'fast-check per route: hostile/random/existing path ids, random query strings, bodies with every schema field set to values of any type, malformed JSON, prototype-pollution keys, a 2 MB body; in-process HTTP app on SQLite with a signed-in session',
      expectation: '0 responses >= 500', figures, passed: failures.length === 0,
      note: failures.length ? failures.slice(0, 5).join('\n') : undefined,
    });
    expect(failures).toEqual([]);
  }, PROOF_TIMEOUT);

  async function send(op: FuzzOperation, url: string, body: string | undefined): Promise<number> {
    const response = await t.app.request(url, {
      method: op.method,
      headers: { ...session, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body,
      redirect: 'manual',
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status;
  }
});
