import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** `npm run proof` sets PROOF_FULL=1: the long variants (20 crashes, 200 real backups, more fuzz runs). */
export const FULL = process.env.PROOF_FULL === '1';
/** Per test: the long variants run for minutes; the CI ones stay well inside this on a busy 2-core machine. */
export const PROOF_TIMEOUT = FULL ? 1_800_000 : 180_000;
export const RESULTS_DIR = path.resolve('test-artifacts/proof');

export type Figure = number | string | boolean;

/** One row of docs/reliability.md: what was tested, how, and what the run measured. */
export interface ProofResult {
  id: string;
  area: 'crash' | 'abuse' | 'storage faults' | 'database faults' | 'load';
  what: string;
  how: string;
  /** What must hold for the row to pass, e.g. "0 executions left running". */
  expectation: string;
  figures: Record<string, Figure>;
  passed: boolean;
  /** Free text: a known product gap the row documents. */
  note?: string;
}

/**
 * Collects the rows of one test file and writes them to test-artifacts/proof/<file>.json when the file ends.
 * Each test file writes its own JSON (vitest runs files in parallel processes); `npm run proof:report` merges them.
 */
export function proofRecorder(file: string) {
  const rows = new Map<string, ProofResult>();
  return {
    record(row: ProofResult): void {
      rows.set(row.id, row);
    },
    flush(): void {
      if (rows.size === 0) return;
      mkdirSync(RESULTS_DIR, { recursive: true });
      const out = { file, mode: FULL ? 'full' : 'ci', finishedAt: new Date().toISOString(), node: process.version, rows: [...rows.values()] };
      writeFileSync(path.join(RESULTS_DIR, `${file}.json`), `${JSON.stringify(out, null, 2)}\n`);
    },
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing crash schedule can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Polls a condition against a real server or process until it holds, failing after a deadline. */
export async function until<T>(condition: () => Promise<T | undefined | false>, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // polling a real process, not waiting for time to pass
  }
}
