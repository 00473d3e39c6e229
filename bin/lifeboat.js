#!/usr/bin/env node
// Runs the built CLI (the bundle, through dist/main/start.js); when the TypeScript sources are newer than the
// build (or there is none), runs them directly.
import { existsSync, readdirSync, statSync } from 'node:fs';

const start = new URL('../dist/main/start.js', import.meta.url);
const bundle = new URL('../dist/lifeboat.cjs', import.meta.url);
const sources = new URL('../src/', import.meta.url);

function sourcesNewerThan(file) {
  if (!existsSync(sources)) return false;
  const builtAt = statSync(file).mtimeMs;
  return readdirSync(sources, { recursive: true, withFileTypes: true }).some(
    (entry) => entry.isFile() && statSync(`${entry.parentPath}/${entry.name}`).mtimeMs > builtAt,
  );
}

if (existsSync(start) && existsSync(bundle) && !sourcesNewerThan(bundle)) {
  await import(start.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/main/cli.ts', import.meta.url).href);
}
