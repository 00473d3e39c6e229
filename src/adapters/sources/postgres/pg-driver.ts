import type pg from 'pg';

let loading: Promise<typeof pg> | undefined;

/**
 * node-postgres, loaded on first use: a backup spawns pg_dump first and connects beside it.
 *
 * When it loads, pg asks whether it runs on Cloudflare Workers. Where the runtime has no `navigator` (Node 20;
 * Node 21 added one), it finds out by building a fetch `Response`, which loads Node's whole HTTP client
 * (undici): 25 ms of this thread, beside a dump that needs the CPU. A Node 21-style `navigator`, present only
 * while pg loads, answers the question at once.
 */
export function loadPgDriver(): Promise<typeof pg> {
  loading ??= (async () => {
    if ('navigator' in globalThis) return (await import('pg')).default;
    Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true });
    try {
      return (await import('pg')).default;
    } finally {
      delete (globalThis as { navigator?: unknown }).navigator;
    }
  })();
  return loading;
}
