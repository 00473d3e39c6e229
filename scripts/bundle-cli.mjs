// Bundles the compiled CLI (dist/main/cli.js) into one CommonJS file, dist/lifeboat.cjs, that bin/lifeboat.cjs
// runs with V8's code cache (src/main/code-cache.cts). Node 20 loads an ES module graph file by file and compiles
// each one at every start: about 185 ms before `lifeboat backup` can spawn its dump tool. One cached file starts
// in a fraction of that. Run after tsc (`npm run build` does both).
import { readFile } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

/**
 * Stay outside the bundle, loaded from node_modules when a command first needs them: native addons, packages
 * that start workers from their own files (pino), and the large clients only some commands use. None of them
 * imports zod, so our schemas and the libraries that read them (@hono/zod-openapi, better-auth) share one zod.
 * pg is inside (124 KB): a PostgreSQL backup loads it right after spawning pg_dump, and from the bundle it comes
 * with the code cache (20 ms less CPU beside the dump). Its optional native and Cloudflare parts stay out.
 */
export const EXTERNAL = [
  'better-sqlite3', 'ssh2', 'cpu-features', 'pino', 'pino-pretty', 'thread-stream',
  '@aws-sdk/*', '@smithy/*', 'mongodb', 'mysql2', 'pg-native', 'pg-cloudflare', 'ioredis', 'nodemailer', 'webdav', 'basic-ftp', 'prom-client',
];

/** `import.meta.url` keeps naming each module's own file, so paths found relative to it (web/dist, workers) still resolve. */
const ownUrls = {
  name: 'own-module-urls',
  setup(builder) {
    builder.onLoad({ filter: /\.(c|m)?js$/ }, async (args) => {
      const contents = await readFile(args.path, 'utf8');
      if (!contents.includes('import.meta.url')) return undefined;
      const relative = JSON.stringify(path.relative(dist, args.path));
      return { contents: contents.replaceAll('import.meta.url', `__moduleUrl(${relative})`), loader: 'js' };
    });
  },
};

export async function bundleCli() {
  const outfile = path.join(dist, 'lifeboat.cjs');
  await build({
    entryPoints: [path.join(dist, 'main', 'cli.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    // import() of a package left outside becomes require(): code run by vm.Script has no module loader of its
    // own for import() (Node 20.19+ requires ES modules too).
    supported: { 'dynamic-import': false },
    plugins: [ownUrls],
    // No comments, so the file is ASCII: V8 then holds it as a one-byte string, which reads in a third of the time.
    // Names stay as written, so a stack trace still reads; the source map is there for Node's --enable-source-maps.
    minifyWhitespace: true,
    sourcemap: 'linked',
    banner: { js: "const __moduleUrl = (file) => require('node:url').pathToFileURL(require('node:path').join(__dirname, file)).href;" },
    logLevel: 'warning',
  });
  // src/main/code-cache.cts reads the bundle as latin1, which is exact only for ASCII.
  if (!isAscii(await readFile(outfile))) throw new Error(`${outfile} is not ASCII: a non-ASCII character escaped esbuild's charset`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleCli();
