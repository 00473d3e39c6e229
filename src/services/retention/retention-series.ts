import { planRetention, type RetentionPolicy } from '../../domain/retention.js';
import type { BackupView } from '../storage/backup-view.js';

/**
 * Retention applies per series: each database of each source is its own line of backups, so "keep the
 * last 7" keeps 7 of each database, and each series keeps its own newest backup. Sources are taken by
 * the name frozen in the sidecar; a renamed source starts a new series (kept conservatively).
 */
export function seriesOf(backup: BackupView): string {
  return JSON.stringify([backup.job?.id ?? null, backup.source.name, backup.database, backup.kind]);
}

export interface PlannedKeep {
  backup: BackupView;
  reasons: string[];
}

export interface SeriesPlan {
  keep: PlannedKeep[];
  delete: BackupView[];
  summary: { kept: number; deleted: number; freedBytes: number };
}

/** Plans every series with planRetention and merges the answers, newest first. */
export function planSeries(backups: readonly BackupView[], policy: RetentionPolicy, context: { now: Date; timeZone: string }): SeriesPlan {
  const groups = new Map<string, BackupView[]>();
  for (const backup of backups) groups.set(seriesOf(backup), [...(groups.get(seriesOf(backup)) ?? []), backup]);
  const keep: PlannedKeep[] = [];
  const doomed: BackupView[] = [];
  for (const group of groups.values()) {
    const plan = planRetention(
      group.map((view) => ({ id: view.key, createdAt: new Date(view.startedAt), succeeded: true, locked: view.locked, size: view.storedSize, view })),
      policy,
      context,
    );
    keep.push(...plan.keep.map((k) => ({ backup: k.backup.view, reasons: k.reasons })));
    doomed.push(...plan.delete.map((d) => d.view));
  }
  const newestFirst = (a: BackupView, b: BackupView) => time(b) - time(a) || a.key.localeCompare(b.key);
  keep.sort((a, b) => newestFirst(a.backup, b.backup));
  doomed.sort(newestFirst);
  return { keep, delete: doomed, summary: { kept: keep.length, deleted: doomed.length, freedBytes: doomed.reduce((sum, b) => sum + b.storedSize, 0) } };
}

/**
 * A safety net under planRetention, checked right before deleting: never the newest backup of a series,
 * never a locked one (locks are re-read just before). Throws instead of deleting on any doubt.
 */
export function assertSafeToDelete(all: readonly BackupView[], doomed: readonly BackupView[], lockedKeys: ReadonlySet<string>): void {
  const newest = new Map<string, BackupView>();
  for (const backup of all) {
    const current = newest.get(seriesOf(backup));
    if (!current || time(backup) > time(current)) newest.set(seriesOf(backup), backup);
  }
  const newestKeys = new Set([...newest.values()].map((b) => b.key));
  for (const backup of doomed) {
    if (newestKeys.has(backup.key)) throw new Error(`Refusing to delete ${backup.key}: it is the newest backup of its series`);
    if (backup.locked || lockedKeys.has(backup.key)) throw new Error(`Refusing to delete ${backup.key}: it is locked`);
  }
}

function time(backup: BackupView): number {
  return new Date(backup.startedAt).getTime();
}
