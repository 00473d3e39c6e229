import { PassThrough, type Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/lib/logger.js';
import { SupabaseSource } from '../../../src/adapters/sources/supabase/supabase.source.js';
import { supabaseConfigSchema, type SupabaseConfig } from '../../../src/adapters/sources/supabase/supabase.config.js';
import { createDatabase, fingerprintPostgres, hostileDatabaseName, PG_CONFIG, seedPostgres, withPgDatabase } from '../../support/postgres-fixture.js';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const signal = () => new AbortController().signal;

/** The machine's PostgreSQL standing in for a project's database (it has no TLS, hence sslmode disable). */
function supabase(overrides: Partial<SupabaseConfig> = {}) {
  return new SupabaseSource(supabaseConfigSchema.parse({ ...PG_CONFIG, sslmode: 'disable', ...overrides }), { logger: silentLogger });
}

const MANAGED_SQL = `
CREATE SCHEMA auth; CREATE TABLE auth.users (id uuid PRIMARY KEY, email text);
INSERT INTO auth.users VALUES ('00000000-0000-0000-0000-000000000001', 'a@example.test');
CREATE SCHEMA storage; CREATE TABLE storage.objects (name text); INSERT INTO storage.objects VALUES ('x');
`;

describe('supabase source: database', () => {
  let seeded: { database: string; cleanup(): Promise<void> };
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    seeded = await seedPostgres();
    await withPgDatabase(seeded.database, (c) => c.query(MANAGED_SQL));
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await seeded?.cleanup();
  });

  async function roundTrip(source: ReturnType<typeof supabase>): Promise<Record<string, unknown>> {
    const dump = await source.dump({ database: seeded.database, mode: 'full' }, signal());
    const [bytes] = await Promise.all([collect(dump.stream), dump.done]);
    const target = await createDatabase(hostileDatabaseName());
    cleanups.push(target.cleanup);
    const input = new PassThrough();
    input.end(bytes);
    await source.restore(input, { database: target.name, format: dump.format }, signal());
    return fingerprintPostgres(target.name);
  }

  it('leaves the Supabase-managed schemas out by default', async () => {
    const all = await fingerprintPostgres(seeded.database);
    const restored = await roundTrip(supabase());
    const userTables = Object.fromEntries(Object.entries(all).filter(([name]) => !/^(auth|storage)\./.test(name)));
    expect(restored).toEqual(userTables);
    expect(Object.keys(restored)).not.toContain('auth.users');
    const stats = await supabase().tableStats!(seeded.database, 'estimates');
    expect(stats.tables.map((s) => s.table)).toContain('public.items');
    expect(stats.tables.map((s) => s.table)).not.toContain('auth.users');
  });

  it('includes them on request', async () => {
    const restored = await roundTrip(supabase({ includeManagedSchemas: true }));
    expect(restored).toEqual(await fingerprintPostgres(seeded.database));
    expect(Object.keys(restored)).toContain('auth.users');
  });

  it('backs up roles without reading their passwords', async () => {
    const dump = await supabase().dump({ mode: 'full', globals: true }, signal());
    const [bytes] = await Promise.all([collect(dump.stream), dump.done]);
    expect(dump.format).toBe('pg-globals-sql');
    expect(bytes.toString()).toContain('CREATE ROLE postgres;');
    expect(bytes.toString()).not.toMatch(/PASSWORD '/);
  });
});
