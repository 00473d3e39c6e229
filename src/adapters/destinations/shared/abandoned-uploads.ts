import { isTemporaryKey } from '../keys.js';

/**
 * A temporary upload file (`<key>.partial-<id>`) not written for this long was left by a process that died
 * mid-upload (killed, crashed, host lost power): its own clean-up never ran. A live upload writes as the dump
 * flows; even one held back by a slow source or a slower sibling destination does not go a whole day without a
 * byte. Another process's upload is recognised only by this age; this process's own uploads are known for sure.
 */
export const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/** Temporary files this process is writing now (by location), never taken for abandoned however long they wait. */
const writing = new Set<string>();

/** Marks `location` (a temporary file's full address) as being written until the returned function is called. */
export function markWriting(location: string): () => void {
  writing.add(location);
  return () => writing.delete(location);
}

/** A folder entry as the adapters' listings give it. */
export interface FolderEntry {
  name: string;
  isFile: boolean;
  modifiedAt: Date | undefined;
}

/**
 * The names in one folder's listing that are abandoned uploads: temporary, untouched for ABANDONED_AFTER_MS and
 * not being written by this process. `locationOf` gives an entry's address as markWriting() was told it.
 */
export function abandonedUploads(entries: Iterable<FolderEntry>, locationOf: (name: string) => string, now = Date.now()): string[] {
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile || !isTemporaryKey(entry.name) || !entry.modifiedAt) continue;
    if (now - entry.modifiedAt.getTime() < ABANDONED_AFTER_MS || writing.has(locationOf(entry.name))) continue;
    names.push(entry.name);
  }
  return names;
}

/**
 * Removes the abandoned uploads of one folder, best effort: called after an upload to that folder succeeded, so
 * the folder is known and writable. A failure here must not fail that upload; the next one tries again.
 */
export async function sweepAbandonedUploads(
  listFolder: () => Promise<Iterable<FolderEntry>>,
  locationOf: (name: string) => string,
  remove: (name: string) => Promise<unknown>,
): Promise<void> {
  try {
    for (const name of abandonedUploads(await listFolder(), locationOf)) await remove(name).catch(() => undefined);
  } catch {
    // listing failed: nothing removed, nothing lost
  }
}
