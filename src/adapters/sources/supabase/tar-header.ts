/**
 * Just enough of the POSIX tar format (ustar + pax extended headers) to write files as a stream:
 * any tar reads the result. Names longer than ustar allows or not ASCII, and sizes past 8 GiB,
 * go into a pax header that precedes the entry.
 */
export const BLOCK = 512;
const MAX_USTAR_SIZE = 0o77777777777;

export interface TarEntry {
  name: string;
  size: number;
  mtime: Date;
}

function writeString(block: Buffer, offset: number, length: number, value: string): void {
  block.write(value, offset, length, 'utf8');
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  writeString(block, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

function ustarBlock(name: string, size: number, mtime: Date, type: '0' | 'x'): Buffer {
  const block = Buffer.alloc(BLOCK);
  writeString(block, 0, 100, name);
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, Math.floor(mtime.getTime() / 1000));
  block.fill(' ', 148, 156); // checksum is computed with its own field as spaces
  writeString(block, 156, 1, type);
  writeString(block, 257, 8, 'ustar\x0000');
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** A pax record is `<length> <key>=<value>\n`, where length counts the whole record, itself included. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

export function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** The header block(s) of one file entry; its data follows, then `padding(size)`. */
export function tarHeader(entry: TarEntry): Buffer {
  const plainName = Buffer.byteLength(entry.name) <= 100 && /^[\x20-\x7e]*$/.test(entry.name);
  const fitsSize = entry.size <= MAX_USTAR_SIZE;
  const header = ustarBlock(plainName ? entry.name : asciiFallback(entry.name), fitsSize ? entry.size : 0, entry.mtime, '0');
  if (plainName && fitsSize) return header;
  const records = Buffer.from(
    (plainName ? '' : paxRecord('path', entry.name)) + (fitsSize ? '' : paxRecord('size', String(entry.size))),
    'utf8',
  );
  const pax = ustarBlock('PaxHeader', records.length, entry.mtime, 'x');
  return Buffer.concat([pax, records, padding(records.length), header]);
}

/** The end of an archive: two zero blocks. */
export function tarTrailer(): Buffer {
  return Buffer.alloc(BLOCK * 2);
}

function asciiFallback(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').slice(-100);
}
