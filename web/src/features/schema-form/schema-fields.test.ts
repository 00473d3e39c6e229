import { describe, expect, it } from 'vitest';
import { initialValues, toConfig, validate } from './form-values';
import { fieldsFromSchema, type JsonSchema } from './schema-fields';

// Shaped like the server's z.toJSONSchema output for the PostgreSQL and Supabase sources.
const schema: JsonSchema = {
  type: 'object',
  properties: {
    host: { type: 'string', minLength: 1, description: 'Host name or IP address' },
    port: { default: 5432, type: 'integer', minimum: 1, maximum: 65535 },
    password: { type: 'string', description: 'Password (stored encrypted)' },
    sslmode: { default: 'prefer', type: 'string', enum: ['disable', 'prefer', 'require'] },
    includeManagedSchemas: { default: false, type: 'boolean' },
    storageEndpoint: { type: 'string', format: 'uri' },
    storageBuckets: { default: [], type: 'array', items: { type: 'string', minLength: 1 } },
    tls: { type: 'object', properties: { ca: { type: 'string' }, rejectUnauthorized: { type: 'boolean', default: true } }, required: ['ca'] },
    mode: { anyOf: [{ const: 'schema' }, { const: 'data' }] },
    timeout: { anyOf: [{ type: 'number' }, { type: 'null' }] },
    extra: {},
  },
  required: ['host', 'port', 'tls'],
};
const fields = fieldsFromSchema(schema, ['password']);
const byName = Object.fromEntries(fields.map((f) => [f.name, f]));

describe('fields from a JSON Schema', () => {
  it('maps each JSON type to a control, with labels, hints and requiredness', () => {
    expect(byName.host).toMatchObject({ type: 'string', label: 'Host', required: true, description: 'Host name or IP address', secret: false });
    // A default makes a field optional to fill in even when the schema lists it as required.
    expect(byName.port).toMatchObject({ type: 'number', integer: true, minimum: 1, maximum: 65535, defaultValue: 5432, required: false });
    expect(byName.password).toMatchObject({ type: 'string', secret: true, required: false });
    expect(byName.sslmode).toMatchObject({ type: 'enum', options: ['disable', 'prefer', 'require'], defaultValue: 'prefer' });
    expect(byName.includeManagedSchemas).toMatchObject({ type: 'boolean', label: 'Include managed schemas', defaultValue: false });
    expect(byName.storageEndpoint).toMatchObject({ type: 'string', format: 'uri' });
    expect(byName.storageBuckets).toMatchObject({ type: 'list', defaultValue: [] });
    expect(byName.tls).toMatchObject({ type: 'object', label: 'TLS', required: true });
    expect(byName.mode).toMatchObject({ type: 'enum', options: ['schema', 'data'] });
    expect(byName.timeout).toMatchObject({ type: 'number', integer: false });
    expect(byName.extra).toMatchObject({ type: 'json' });
  });

  it('starts from defaults and converts values back to a typed config', () => {
    const values = initialValues(fields);
    expect(values).toMatchObject({ host: '', port: '5432', sslmode: 'prefer', includeManagedSchemas: false, storageBuckets: [], tls: { ca: '', rejectUnauthorized: true } });
    const config = toConfig(fields, { ...values, host: 'db.local', storageBuckets: ['a', ' ', 'b '], tls: { ca: 'PEM', rejectUnauthorized: false }, extra: '{"x":1}' });
    expect(config).toEqual({ host: 'db.local', port: 5432, sslmode: 'prefer', includeManagedSchemas: false, storageBuckets: ['a', 'b'], tls: { ca: 'PEM', rejectUnauthorized: false }, extra: { x: 1 } });
  });

  it('keeps a stored secret when left empty, replaces it when typed, and never pre-fills it', () => {
    const stored = { host: 'db', port: 5432, password: '[redacted]', tls: { ca: 'x' } };
    const values = initialValues(fields, stored);
    expect(values.password).toBe('');
    expect(toConfig(fields, values, stored).password).toBe('[redacted]');
    expect(toConfig(fields, { ...values, password: 'n3w' }, stored).password).toBe('n3w');
    expect(toConfig(fields, initialValues(fields), {}).password).toBeUndefined();
  });

  it('says what to fix, per field path', () => {
    const values = { ...initialValues(fields), port: '70000', storageEndpoint: 'not a url', extra: '{' };
    expect(validate(fields, values)).toEqual({
      host: 'Enter the host',
      port: 'Enter 65535 or less',
      storageEndpoint: 'Enter a full URL, for example https://host:port',
      'tls.ca': 'Enter the CA',
      extra: 'Enter valid JSON',
    });
    expect(validate(fields, { ...values, port: '1.5' }).port).toBe('Enter a whole number');
    const ok = { ...initialValues(fields), host: 'db', tls: { ca: 'PEM', rejectUnauthorized: true } };
    expect(validate(fields, ok)).toEqual({});
  });

  it('checks patterns and lengths from the schema', () => {
    const mongo = fieldsFromSchema({ type: 'object', properties: { uri: { type: 'string', pattern: '^mongodb(\\+srv)?:\\/\\/' } }, required: ['uri'] }, ['uri']);
    expect(validate(mongo, { uri: 'http://x' }).uri).toMatch(/expected form/);
    expect(validate(mongo, { uri: 'mongodb+srv://x' })).toEqual({});
    // A required secret that is already stored may stay empty.
    expect(validate(mongo, { uri: '' }, { uri: '[redacted]' })).toEqual({});
    expect(validate(mongo, { uri: '' }).uri).toBe('Enter the URI');
  });
});
