import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { DumpSectionFilter, sectionOf, tableFilter } from './mysql-sections.js';

const DUMP = [
  '-- MariaDB dump 10.19',
  '/*!40101 SET NAMES utf8mb4 */;',
  '--',
  '-- Table structure for table `a`',
  '--',
  'CREATE TABLE `a` (x int);',
  '--',
  '-- Dumping data for table `a`',
  '--',
  "INSERT INTO `a` VALUES (1),('-- Table structure for table `b`');",
  '--',
  '-- Table structure for table `odd ``q`',
  '--',
  'CREATE TABLE `odd ``q` (y int);',
  '-- Dumping data for table `odd ``q`',
  'INSERT INTO `odd ``q` VALUES (2);',
  '--',
  '-- Final view structure for view `v`',
  'CREATE VIEW v AS SELECT 1;',
  '',
].join('\n');

/** Feeds the dump in chunks of `size` bytes, so markers are cut at every position. */
async function run(filter: DumpSectionFilter, size: number): Promise<string> {
  const bytes = Buffer.from(DUMP);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return text(Readable.from(chunks).pipe(filter));
}

describe('dump sections', () => {
  it('recognises markers and unquotes names', () => {
    expect(sectionOf('-- Table structure for table `odd ``q`\n')).toEqual({ kind: 'table', table: 'odd `q' });
    expect(sectionOf('-- Dumping routines for database \'x\'')).toEqual({ kind: 'other' });
    expect(sectionOf('-- just a comment')).toBeNull();
  });

  it('keeps only the chosen tables, whatever the chunk boundaries', async () => {
    for (const size of [1, 2, 7, 64, 4096]) {
      const out = await run(tableFilter(['odd `q']), size);
      expect(out).toContain('/*!40101 SET NAMES utf8mb4 */;');
      expect(out).toContain('CREATE TABLE `odd ``q` (y int);');
      expect(out).toContain('INSERT INTO `odd ``q` VALUES (2);');
      expect(out).not.toContain('CREATE TABLE `a`');
      expect(out).not.toContain('CREATE VIEW');
    }
  });

  it('passes everything through when keeping every section, and lists tables', async () => {
    const seen: string[] = [];
    const all = new DumpSectionFilter(() => true, (s) => s.kind === 'table' && seen.push(s.table));
    expect(await run(all, 5)).toBe(DUMP);
    expect(seen).toEqual(['a', 'odd `q']);
  });
});
