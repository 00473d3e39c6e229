import { fileURLToPath } from 'node:url';
import { runWithCodeCache } from './code-cache.js';

/** The built CLI's entry: the one-file bundle of cli.ts (scripts/bundle-cli.mjs), started with V8's code cache. */
runWithCodeCache(fileURLToPath(new URL('../lifeboat.cjs', import.meta.url)));
