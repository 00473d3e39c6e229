import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface SecretFile {
  path: string;
  /** Removes the file and its directory; safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * Writes a secret to a fresh 0600 file in a 0700 directory, for tools that read secrets only from files
 * (a MySQL option file, a pgpass file). Dispose it when the tool has exited.
 */
export async function createSecretFile(name: string, content: string): Promise<SecretFile> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-secret-'));
  const file = path.join(dir, name);
  await writeFile(file, content, { mode: 0o600 });
  return { path: file, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs `use` with a secret file that is removed afterwards, whatever happens. */
export async function withSecretFile<T>(name: string, content: string, use: (file: string) => Promise<T>): Promise<T> {
  const secret = await createSecretFile(name, content);
  try {
    return await use(secret.path);
  } finally {
    await secret.dispose();
  }
}
