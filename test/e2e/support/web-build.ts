import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const webDir = path.resolve('web');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** Builds web/dist when it is missing or older than web/src, as `npm start` would. */
export async function ensureWebBuild(): Promise<void> {
  const index = path.join(webDir, 'dist', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(path.join(webDir, 'src'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(webDir, 'vite.config.ts'), root: webDir, logLevel: 'warn' });
}
