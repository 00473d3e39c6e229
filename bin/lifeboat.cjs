#!/usr/bin/env node
// Runs the built CLI (the bundle, through dist/main/start.cjs); when the TypeScript sources are newer than the
// build (or there is none), runs them directly. CommonJS, as the built entry is: an ES module here would make
// every start set up Node's module loader first.
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.join(__dirname, '..');
const start = path.join(root, 'dist', 'main', 'start.cjs');
const bundle = path.join(root, 'dist', 'lifeboat.cjs');
const sources = path.join(root, 'src');

function sourcesNewerThan(file) {
  if (!existsSync(sources)) return false;
  const builtAt = statSync(file).mtimeMs;
  return readdirSync(sources, { recursive: true, withFileTypes: true }).some(
    (entry) => entry.isFile() && statSync(path.join(entry.parentPath, entry.name)).mtimeMs > builtAt,
  );
}

if (existsSync(start) && existsSync(bundle) && !sourcesNewerThan(bundle)) {
  require(start);
} else {
  void import('tsx/esm/api').then(({ register }) => {
    register();
    return import(pathToFileURL(path.join(root, 'src', 'main', 'cli.ts')).href);
  });
}
