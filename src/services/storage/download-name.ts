/**
 * A file name for a downloaded artifact that still says what it is outside its folder:
 * `{source}/{database}/{stamp}.{ext}` becomes `{source}_{database}_{stamp}.{ext}`.
 */
export function downloadName(key: string): string {
  const segments = key.split('/').filter(Boolean);
  return segments.slice(-3).join('_') || 'backup';
}

/** Content-Disposition with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
