import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** Identifies the bundle a cache was made from: V8 itself only compares the source's length. */
const KEY_BYTES = 16;

/**
 * Runs a CommonJS bundle as Node would, but with V8's code cache kept beside it (`<file>.v8cache`): a start
 * then deserialises the functions an earlier run compiled instead of parsing and compiling them again. Node 22
 * does this by itself (module.enableCompileCache); Node 20 offers only vm.Script's cachedData. The cache is
 * written once, at the end of the first successful run without a usable one (a failed run may have stopped
 * before most of its code ran); where it cannot be written (a read-only install) every start simply compiles.
 * Returns whether V8 took the cache.
 */
export function runWithCodeCache(file: string, cacheFile = `${file}.v8cache`): boolean {
  // The bundle is ASCII (scripts/bundle-cli.mjs checks), and latin1 decodes ASCII exactly, ten times faster than utf8.
  const source = readFileSync(file, 'latin1');
  const key = bundleKey(file);
  const cachedData = readCache(cacheFile, key);
  // The bundle must not use import(): vm.Script code has no module loader for it (scripts/bundle-cli.mjs).
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', (code) => code === 0 && writeCache(cacheFile, key, script.createCachedData()));
  }
  const module = { exports: {} };
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  run(module.exports, createRequire(file), module, file, path.dirname(file));
  return cachedData !== undefined && !script.cachedDataRejected;
}

/** The function Node wraps around every CommonJS module, so the bundle sees require, module, __filename and __dirname. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
}

function bundleKey(file: string): Buffer {
  const { size, mtimeMs } = statSync(file);
  const key = Buffer.alloc(KEY_BYTES);
  key.writeDoubleLE(size, 0);
  key.writeDoubleLE(mtimeMs, 8);
  return key;
}

function readCache(cacheFile: string, key: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return data.subarray(0, KEY_BYTES).equals(key) ? data.subarray(KEY_BYTES) : undefined;
}

/** Written under a temporary name and renamed, so a concurrent start never reads half a cache. */
function writeCache(cacheFile: string, key: Buffer, data: Buffer): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([key, data]), { mode: 0o644 });
    renameSync(temporary, cacheFile);
  } catch {
    // Not writable here: later starts compile as this one did. A run must not fail for want of a cache.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing was written
    }
  }
}
