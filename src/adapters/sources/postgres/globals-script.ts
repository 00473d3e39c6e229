import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * pg_dumpall writes `CREATE ROLE x;` then `ALTER ROLE x WITH …`, expecting the CREATE to fail for roles
 * that exist (the connected role always does). To restore with ON_ERROR_STOP, each CREATE ROLE becomes a
 * block that skips an existing role; every other statement still stops the restore on error.
 * Globals scripts are small, so rewriting them in JavaScript costs nothing measurable.
 */
const CREATE_ROLE = /^CREATE ROLE (.+);$/;

export function tolerateExistingRoles(line: string): string {
  const match = CREATE_ROLE.exec(line);
  if (!match) return line;
  return `DO $lifeboat$ BEGIN CREATE ROLE ${match[1]}; EXCEPTION WHEN duplicate_object THEN NULL; END $lifeboat$;`;
}

export function globalsRestoreTransform(): Transform {
  let pending = '';
  const decoder = new StringDecoder('utf8'); // a chunk may end inside a multi-byte character
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const lines = (pending + decoder.write(chunk)).split('\n');
      pending = lines.pop() ?? '';
      callback(null, lines.map((line) => `${tolerateExistingRoles(line)}\n`).join(''));
    },
    flush(callback: TransformCallback) {
      const rest = pending + decoder.end();
      callback(null, rest ? tolerateExistingRoles(rest) : '');
    },
  });
}
