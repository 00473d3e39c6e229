/**
 * The one naming scheme for backups on storage: `{source}/{database}/{YYYY-MM-DD_HH-mm-ss}.{ext}` in UTC,
 * with the sidecar at `<artifact>.meta.json`. Names are made safe as path segments here, so adapters
 * and users never see traversal or control characters from a source or database name.
 */
export const SIDECAR_SUFFIX = '.meta.json';

/** Lifeboat's own files on a destination (configuration exports): not backups, never orphans. */
export const SYSTEM_PREFIX = '_lifeboat/';
export const CONFIG_EXPORT_PREFIX = `${SYSTEM_PREFIX}config/`;

export function isSystemKey(key: string): boolean {
  return key.startsWith(SYSTEM_PREFIX) || key.includes(`/${SYSTEM_PREFIX}`);
}

export interface ArtifactNameParts {
  source: string;
  /** Database name; undefined for single-database engines or server-wide (globals) artifacts. */
  database?: string;
  startedAt: Date;
  /** Full extension without leading dot, e.g. 'dump.zst.age'. */
  extension: string;
}

export function artifactKey(parts: ArtifactNameParts, prefix = ''): string {
  const stamp = parts.startedAt.toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-');
  const segments = [safeSegment(parts.source), safeSegment(parts.database ?? '_server'), `${stamp}.${parts.extension}`];
  return [trimSlashes(prefix), ...segments].filter(Boolean).join('/');
}

/** Adds a counter before the extension when a name is already taken (two runs in the same second). */
export function disambiguate(key: string, attempt: number): string {
  if (attempt <= 1) return key;
  const slash = key.lastIndexOf('/');
  const dot = key.indexOf('.', slash + 1);
  return `${key.slice(0, dot)}_${attempt}${key.slice(dot)}`;
}

export function sidecarKey(artifact: string): string {
  return `${artifact}${SIDECAR_SUFFIX}`;
}

export function isSidecarKey(key: string): boolean {
  return key.endsWith(SIDECAR_SUFFIX);
}

export function artifactKeyOf(sidecar: string): string {
  return sidecar.slice(0, -SIDECAR_SUFFIX.length);
}

/** Keeps letters (any script), digits and `._-@+=`; everything else becomes '_'. Never '.', '..' or empty. */
export function safeSegment(name: string): string {
  const cleaned = name.normalize('NFC').replace(/[^\p{L}\p{N}._\-@+=]/gu, '_').slice(0, 120);
  if (cleaned === '' || /^\.+$/.test(cleaned)) return `_${cleaned}`;
  return cleaned;
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '');
}
