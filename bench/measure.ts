import { readFileSync } from 'node:fs';
import { spawnTool } from '../src/lib/spawn.js';

/**
 * One benchmark case, Lifeboat against the bare tools. CPU seconds count the processes each side runs (tools
 * and the CLI): steadier than wall time on a busy machine. `ratio` is the quotient of the two medians;
 * `paired_ratio` the median of each Lifeboat run over the bare run just before it. Where they differ by more
 * than a few hundredths, single runs swing more than the difference being measured: run more rounds.
 * `ratio_ci90` is a 90% interval for `ratio` (a bootstrap over the run pairs): a target inside it is not settled
 * by these runs either way. `extra_s` is what Lifeboat adds in seconds (the difference of the medians): on an empty
 * database that is the fixed cost of a run, start and finish, which a ratio hides. `runs_s` lists every run's wall
 * seconds, bare/lifeboat, in order.
 */
export interface ComparisonRow extends Record<string, string | number> {
  case: string;
  bare_s: number;
  lifeboat_s: number;
  ratio: number;
  paired_ratio: number;
  ratio_ci90: string;
  extra_s: number;
  bare_cpu_s: number;
  lifeboat_cpu_s: number;
  lifeboat_peak_rss_mb: number;
  runs_s: string;
}

export interface Run {
  seconds: number;
  cpuSeconds: number;
}

/** The comparison of interleaved runs: `ours[i]` ran right after `bare[i]`. */
export function comparison(name: string, bare: Run[], ours: (Run & { peakRssMb: number })[]): ComparisonRow {
  const [bareMedian, oursMedian] = [median(bare.map((b) => b.seconds)), median(ours.map((o) => o.seconds))];
  return {
    case: name,
    bare_s: round(bareMedian),
    lifeboat_s: round(oursMedian),
    ratio: round(oursMedian / bareMedian),
    paired_ratio: round(median(ours.map((o, i) => o.seconds / bare[i]!.seconds))),
    ratio_ci90: ratioInterval(bare.map((b) => b.seconds), ours.map((o) => o.seconds)).map(round).join('-'),
    extra_s: round(oursMedian - bareMedian),
    bare_cpu_s: round(median(bare.map((b) => b.cpuSeconds))),
    lifeboat_cpu_s: round(median(ours.map((o) => o.cpuSeconds))),
    lifeboat_peak_rss_mb: Math.max(...ours.map((o) => o.peakRssMb)),
    runs_s: ours.map((o, i) => `${bare[i]!.seconds.toFixed(1)}/${o.seconds.toFixed(1)}`).join(' '),
  };
}

export const round = (n: number) => Math.round(n * 100) / 100;

/**
 * A 90% interval for median(ours) / median(bare): 2,000 resamples of the run pairs (pairs stay together, as
 * they ran side by side), seeded so the same runs always give the same interval.
 */
export function ratioInterval(bare: number[], ours: number[]): [number, number] {
  const random = seededRandom(bare.length);
  const ratios = Array.from({ length: 2000 }, () => {
    const picks = bare.map(() => Math.floor(random() * bare.length));
    return median(picks.map((i) => ours[i]!)) / median(picks.map((i) => bare[i]!));
  }).sort((a, b) => a - b);
  return [ratios[100]!, ratios[1899]!];
}

/** mulberry32: a small, well-mixed generator; Math.random cannot be seeded. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Median of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Wall time of an async step, in seconds. */
export async function timed(step: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await step();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) of every child process this one has waited for, and of their waited-for
 * children: cutime + cstime from /proc/self/stat. The difference around a step is the CPU its tools used.
 */
export function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND;
}

/** Wall and CPU seconds of a step that runs child processes (steadier than wall time on a busy machine). */
export async function timedWithCpu(step: () => Promise<void>): Promise<{ seconds: number; cpuSeconds: number }> {
  const cpuBefore = childrenCpuSeconds();
  const seconds = await timed(step);
  return { seconds, cpuSeconds: childrenCpuSeconds() - cpuBefore };
}

/**
 * Runs a command and samples its peak resident memory (VmHWM from /proc) until it exits.
 * Returns wall seconds, peak RSS in MB and the CPU seconds of the command and its children.
 */
export async function runMeasured(command: string, args: string[], env: Record<string, string> = {}): Promise<{ seconds: number; peakRssMb: number; cpuSeconds: number }> {
  let peak = 0;
  const started = process.hrtime.bigint();
  const cpuBefore = childrenCpuSeconds();
  const tool = spawnTool(command, args, { env: { ...process.env, ...env }, stdout: 'ignore' });
  const sample = () => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${tool.child.pid}/status`, 'utf8'));
      if (match) peak = Math.max(peak, Number(match[1]) / 1024);
    } catch {
      // the process already exited
    }
  };
  const timer = setInterval(sample, 50);
  try {
    await tool.done;
  } finally {
    clearInterval(timer);
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: Math.round(peak), cpuSeconds: childrenCpuSeconds() - cpuBefore };
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => String(row[c]))));
}
