import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** DESIGN.md section 5: http -> services -> {db, jobs, pipeline, adapters}; lower layers never reach up. */
const FORBIDDEN: Record<string, string[]> = {
  'src/adapters': ['src/http', 'src/services', 'src/db', 'src/jobs', 'src/pipeline', 'src/main'],
  'src/pipeline': ['src/http', 'src/services', 'src/db', 'src/jobs', 'src/main'],
  'src/domain': ['src/http', 'src/services', 'src/db', 'src/jobs', 'src/pipeline', 'src/adapters', 'src/main'],
  'src/lib': ['src/http', 'src/services', 'src/db', 'src/jobs', 'src/pipeline', 'src/adapters', 'src/domain', 'src/main'],
  'src/db': ['src/http', 'src/services', 'src/jobs', 'src/pipeline', 'src/main'],
  'src/services': ['src/http', 'src/main'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) =>
    path.relative(process.cwd(), path.resolve(path.dirname(file), m[1]!)),
  );
}

describe('layering', () => {
  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    it(`${layer} imports nothing from ${forbidden.join(', ')}`, () => {
      const violations = sourceFiles(layer).flatMap((file) =>
        imports(file)
          .filter((target) => forbidden.some((f) => target === f || target.startsWith(`${f}/`)))
          .map((target) => `${file} -> ${target}`),
      );
      expect(violations).toEqual([]);
    });
  }

  it('only the queue claims work: nothing else moves an execution to running', () => {
    const offenders = sourceFiles('src').filter(
      (file) => !file.endsWith('.test.ts') && /status: 'running', started_at/.test(readFileSync(file, 'utf8')) && !/src\/jobs\/queue[^/]*\.ts$/.test(file),
    );
    expect(offenders).toEqual([]);
    expect(readFileSync('src/jobs/queue-local.ts', 'utf8')).toMatch(/status: 'running', started_at/);
  });
});
