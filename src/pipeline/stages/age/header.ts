import { ValidationError } from '../../../lib/errors.js';
import { decodeB64, encodeB64 } from './base64.js';
import { IntegrityError } from './errors.js';

export const VERSION_LINE = 'age-encryption.org/v1';
const MAC_MARKER = '---';
const COLUMNS = 64;
/** Far above any real header (an X25519 stanza is ~120 bytes); stops a garbage input from growing a buffer forever. */
export const MAX_HEADER_BYTES = 1 << 20;

/** One recipient stanza: `-> type args...` then a base64 body. */
export interface Stanza {
  type: string;
  args: string[];
  body: Buffer;
}

export interface ParsedHeader {
  stanzas: Stanza[];
  /** The header bytes the MAC covers: from the version line up to and including `---`. */
  macInput: Buffer;
  mac: Buffer;
  /** Header length in bytes including the MAC line's newline; the payload nonce starts here. */
  length: number;
}

/** The header text up to and including `---`, which is what the MAC covers. */
export function serializeHeaderBody(stanzas: Stanza[]): string {
  const parts = [`${VERSION_LINE}\n`];
  for (const stanza of stanzas) {
    parts.push(`-> ${[stanza.type, ...stanza.args].join(' ')}\n`);
    parts.push(wrapBody(encodeB64(stanza.body)));
  }
  parts.push(MAC_MARKER);
  return parts.join('');
}

export function serializeMacLine(mac: Uint8Array): string {
  return ` ${encodeB64(mac)}\n`;
}

/** 64-column lines; the last line is always shorter than 64 (empty when the text fills whole lines). */
export function wrapBody(b64: string): string {
  const lines: string[] = [];
  for (let offset = 0; offset + COLUMNS <= b64.length; offset += COLUMNS) lines.push(b64.slice(offset, offset + COLUMNS));
  lines.push(b64.slice(lines.length * COLUMNS));
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * Finds and parses the header at the start of `buffer`. Returns null while the MAC line has not fully
 * arrived yet. Strict: anything age itself would refuse is refused.
 */
export function parseHeader(buffer: Buffer): ParsedHeader | null {
  checkVersionPrefix(buffer);
  const marker = buffer.indexOf(`\n${MAC_MARKER} `);
  const end = marker < 0 ? -1 : buffer.indexOf(0x0a, marker + 1);
  if (end < 0) {
    if (buffer.length > MAX_HEADER_BYTES) throw new IntegrityError('Backup is damaged or is not an age file: no header end found');
    return null;
  }
  const text = buffer.toString('latin1', 0, end);
  if (!/^[\x20-\x7e\n]*$/.test(text)) throw malformed('unexpected characters');
  const lines = text.split('\n');
  const macLine = lines.pop()!;
  const stanzas = parseStanzas(lines.slice(1));
  const mac = decodeB64(macLine.slice(MAC_MARKER.length + 1), 'the header MAC', 32);
  return { stanzas, macInput: buffer.subarray(0, marker + 1 + MAC_MARKER.length), mac, length: end + 1 };
}

function checkVersionPrefix(buffer: Buffer): void {
  const expected = `${VERSION_LINE}\n`;
  const seen = buffer.toString('latin1', 0, Math.min(buffer.length, expected.length));
  if (expected.startsWith(seen)) return;
  if (seen.startsWith('-----BEGIN AGE')) throw new ValidationError('ASCII-armored age files are not supported: decrypt them with `age -d`');
  if (seen.startsWith('age-encryption.org/')) throw new ValidationError('Unsupported age format version (only age-encryption.org/v1 is supported)');
  throw new ValidationError('Not an age-encrypted file (it does not start with "age-encryption.org/v1")');
}

function parseStanzas(lines: string[]): Stanza[] {
  const stanzas: Stanza[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index++]!;
    if (!line.startsWith('-> ')) throw malformed('expected a stanza line starting with "-> "');
    const [type, ...args] = line.slice(3).split(' ');
    if (!type || [type, ...args].some((arg) => arg.length === 0)) throw malformed('empty stanza argument');
    const bodyLines: string[] = [];
    for (;;) {
      const bodyLine = lines[index++];
      if (bodyLine === undefined) throw malformed('stanza body is cut off');
      if (bodyLine.length > COLUMNS) throw malformed('stanza body line longer than 64 columns');
      bodyLines.push(bodyLine);
      if (bodyLine.length < COLUMNS) break;
    }
    stanzas.push({ type, args, body: decodeB64(bodyLines.join(''), 'a stanza body') });
  }
  if (stanzas.length === 0) throw malformed('no recipient stanza');
  return stanzas;
}

function malformed(detail: string): IntegrityError {
  return new IntegrityError(`Backup is damaged or was altered: malformed age header (${detail})`);
}
