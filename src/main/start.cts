import path from 'node:path';
import { runWithCodeCache } from './code-cache.cjs';

/**
 * The built CLI's entry: the one-file bundle of cli.ts (scripts/bundle-cli.mjs), started with V8's code cache.
 * CommonJS, like the bundle: an ES module entry would make every start set up Node's module loader first.
 */
runWithCodeCache(path.join(__dirname, '..', 'lifeboat.cjs'));
