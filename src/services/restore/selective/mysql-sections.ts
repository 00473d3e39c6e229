import { Transform, type TransformCallback } from 'node:stream';

/** Where a line of a mariadb-dump/mysqldump script belongs. */
export type DumpSection =
  | { kind: 'header' }
  | { kind: 'table' | 'data'; table: string }
  /** Views, routines, events and the closing statements. */
  | { kind: 'other' };

const LF = 0x0a;
const DASH = 0x2d;
/** Marker comments are short; a longer line starting with '-' is content. */
const MAX_MARKER = 4096;

function unquote(name: string): string {
  return name.replaceAll('``', '`');
}

/** The section a marker comment opens, or null for any other line. */
export function sectionOf(line: string): DumpSection | null {
  const text = line.trimEnd();
  let match = /^-- Table structure for table `(.*)`$/.exec(text);
  if (match) return { kind: 'table', table: unquote(match[1]!) };
  match = /^-- Dumping data for table `(.*)`$/.exec(text);
  if (match) return { kind: 'data', table: unquote(match[1]!) };
  if (/^-- (Temporary table structure for view|Temporary view structure for view|Final view structure for view|Dumping events for database|Dumping routines for database|Dump completed)/.test(text)) {
    return { kind: 'other' };
  }
  return null;
}

/**
 * Streams a SQL dump through, keeping only the sections `keep` accepts. Sections are found by the marker
 * comments the dump tools write before each table's structure and data; only lines starting with '-' are
 * ever buffered, so memory stays flat whatever the dump size.
 */
export class DumpSectionFilter extends Transform {
  private section: DumpSection = { kind: 'header' };
  private keeping: boolean;
  private atLineStart = true;
  private marker: Buffer[] | null = null;
  private markerLength = 0;

  constructor(
    private readonly keep: (section: DumpSection) => boolean,
    private readonly onSection: (section: DumpSection) => void = () => undefined,
  ) {
    super();
    this.keeping = keep(this.section);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.marker) {
        i = this.continueMarker(chunk, i);
        continue;
      }
      if (this.atLineStart && chunk[i] === DASH) {
        this.marker = [];
        this.markerLength = 0;
        continue;
      }
      const newline = chunk.indexOf(LF, i);
      const end = newline === -1 ? chunk.length : newline + 1;
      if (this.keeping) this.push(chunk.subarray(i, end));
      this.atLineStart = newline !== -1;
      i = end;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.marker) this.endMarker(Buffer.concat(this.marker));
    callback();
  }

  /** Collects a line starting with '-' up to its end; returns where reading continues. */
  private continueMarker(chunk: Buffer, start: number): number {
    const newline = chunk.indexOf(LF, start);
    const end = newline === -1 ? chunk.length : newline + 1;
    this.marker!.push(chunk.subarray(start, end));
    this.markerLength += end - start;
    if (newline !== -1) {
      this.endMarker(Buffer.concat(this.marker!));
      this.atLineStart = true;
    } else if (this.markerLength > MAX_MARKER) {
      if (this.keeping) this.push(Buffer.concat(this.marker!));
      this.marker = null;
      this.atLineStart = false;
    }
    return end;
  }

  private endMarker(line: Buffer): void {
    this.marker = null;
    const section = line.length <= MAX_MARKER ? sectionOf(line.toString('utf8')) : null;
    if (section) {
      this.section = section;
      this.keeping = this.keep(section);
      this.onSection(section);
    }
    if (this.keeping) this.push(line);
  }
}

/** Keeps the header and the structure and data of the chosen tables; views, routines and events are left out. */
export function tableFilter(tables: readonly string[]): DumpSectionFilter {
  const chosen = new Set(tables);
  return new DumpSectionFilter((section) => section.kind === 'header' || (section.kind !== 'other' && chosen.has(section.table)));
}
