#!/usr/bin/env node
// Runs the built CLI; when the TypeScript sources are newer than the build (or there is none), runs them directly.
import { existsSync, readdirSync, statSync } from 'node:fs';

const built = new URL('../dist/main/cli.js', import.meta.url);
const stamp = new URL('../dist/.tsbuildinfo', import.meta.url);
const sources = new URL('../src/', import.meta.url);

function sourcesNewerThanBuild() {
  if (!existsSync(sources)) return false;
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  return readdirSync(sources, { recursive: true, withFileTypes: true }).some(
    (entry) => entry.isFile() && statSync(`${entry.parentPath}/${entry.name}`).mtimeMs > builtAt,
  );
}

if (existsSync(built) && !sourcesNewerThanBuild()) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/main/cli.ts', import.meta.url).href);
}
