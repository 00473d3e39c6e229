import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { walkFiles } from './storage-check.js';

const run = promisify(execFile);

/** Samples the full command lines of every process (`ps -eww -o args`) until stopped: where argv leaks would show. */
export function samplePs(everyMs = 25) {
  const samples: string[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      samples.push((await run('ps', ['-eww', '-o', 'args'], { maxBuffer: 16 * 1024 * 1024 })).stdout);
      await new Promise((resolve) => setTimeout(resolve, everyMs)); // sampling rate, not a wait for a condition
    }
  })();
  return {
    samples,
    stop: async () => {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

export interface Haystack {
  name: string;
  bytes: Buffer;
}

/** Every file under a folder as a haystack (the app database, its WAL, sidecars, artifacts...). */
export function folderHaystacks(root: string, label: string): Haystack[] {
  return walkFiles(root).map((file) => ({ name: `${label}/${file}`, bytes: readFileSync(path.join(root, file)) }));
}

/** Where each secret appears in plaintext (UTF-8 bytes, also as base64 and hex, which logs sometimes use). */
export function findSecrets(secrets: Record<string, string>, haystacks: Haystack[]): string[] {
  const found: string[] = [];
  for (const [label, secret] of Object.entries(secrets)) {
    const needles = [Buffer.from(secret), Buffer.from(Buffer.from(secret).toString('base64')), Buffer.from(Buffer.from(secret).toString('hex'))];
    for (const haystack of haystacks) {
      if (needles.some((needle) => haystack.bytes.includes(needle))) found.push(`${label} in ${haystack.name}`);
    }
  }
  return found;
}
