import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lib/errors.js';
import { mongodumpArgs, mongorestoreArgs, toolConfigYaml } from './mongodb.args.js';
import { mongoHosts, parseMongodbUrl, uriCredentials } from './mongodb.config.js';
import { mongodbPlugin } from './mongodb.plugin.js';
import { translateMongoError } from './mongodb.client.js';

describe('mongodb arguments and configuration', () => {
  it('keeps the connection string in the --config file, never in argv', () => {
    const args = mongodumpArgs('/run/secret/mongodump.yaml', 'shop');
    expect(args).toEqual(['--config=/run/secret/mongodump.yaml', '--archive', '--db=shop']);
    expect(mongodumpArgs('/f', undefined)).toEqual(['--config=/f', '--archive']);
  });

  it('writes YAML whose quoting no value can escape', () => {
    const yaml = toolConfigYaml('mongodb://u:p%40ss@h/?tls=true', 'pa"ss\nword: x');
    expect(yaml).toBe('uri: "mongodb://u:p%40ss@h/?tls=true"\npassword: "pa\\"ss\\nword: x"\n');
    expect(toolConfigYaml('mongodb://h/')).toBe('uri: "mongodb://h/"\n');
  });

  it('restores with rename, selection and drop', () => {
    expect(mongorestoreArgs('/f', { database: 'copy', clean: true, tables: ['shop.orders'] })).toEqual([
      '--config=/f', '--archive', '--stopOnError', '--drop', '--nsInclude=shop.orders', '--nsFrom=$db$.$collection$', '--nsTo=copy.$collection$',
    ]);
    expect(() => mongorestoreArgs('/f', { database: 'a.b' })).toThrow(ValidationError);
    expect(() => mongorestoreArgs('/f', { database: '$(x)' })).toThrow(ValidationError);
  });

  it('reads a URL: the path is the database and stays the authSource', () => {
    const { config, databases } = parseMongodbUrl(new URL('mongodb+srv://app:s3cr%2Ft@cluster0.example.net/shop?retryWrites=true'));
    expect(databases).toEqual(['shop']);
    expect(config.uri).toBe('mongodb+srv://app:s3cr%2Ft@cluster0.example.net/?retryWrites=true&authSource=shop');
    expect(mongoHosts('mongodb://u:p@h1:27017,h2:27018/db?x=1')).toBe('h1:27017,h2:27018');
    expect(uriCredentials('mongodb+srv://app:s3cr%2Ft@c.example.net/')).toEqual({ username: 'app', password: 's3cr/t' });
  });

  it('redacts the whole connection string and keeps passwords out of errors', () => {
    const { config } = parseMongodbUrl(new URL('mongodb://app:hunter2@db.example:27017/shop'));
    expect(mongodbPlugin.redact(config)).toMatchObject({ uri: '[redacted]' });
    const error = translateMongoError(new Error('Authentication failed for app:hunter2'), config);
    expect(error.message).toMatch(/Authentication failed for MongoDB at db\.example:27017/);
    expect(error.message).not.toContain('hunter2');
  });
});
