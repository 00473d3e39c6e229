import path from 'node:path';
import { runWithCodeCache } from './code-cache.cjs';

/**
 * The built CLI's entry: the one-file bundle of cli.ts (scripts/bundle-cli.mjs), started with V8's code cache.
 * CommonJS, like the bundle: an ES module entry would make every start set up Node's module loader first.
 */
const bundle = path.join(__dirname, '..', 'lifeboat.cjs');
// One cache per command: V8 keeps only the functions the run that wrote it compiled, so a cache written by
// `serve` or `--version` would hold little of what `backup` runs (measured: 50 ms more CPU for a backup).
const command = /^[a-z]{1,20}$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
runWithCodeCache(bundle, `${bundle}.${command}.v8cache`);
