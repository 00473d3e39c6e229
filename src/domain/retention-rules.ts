/**
 * The individual retention rules. Each receives the successful backups sorted newest first and
 * returns which of them it keeps and why; retention.ts unites the answers. Rules never see failed
 * or locked state: that is decided once, in retention.ts.
 */
import { localParts, periodKey, PERIOD_KINDS, type LocalParts, type PeriodKind } from './retention-periods.js';

export interface Dated {
  createdAt: Date;
}

export interface RuleKeep<B> {
  backup: B;
  reason: string;
}

const DAY_MS = 86_400_000;

/** The `count` newest. */
export function keepLast<B extends Dated>(newestFirst: readonly B[], count: number): RuleKeep<B>[] {
  return newestFirst.slice(0, count).map((backup) => ({ backup, reason: `last ${count}` }));
}

/**
 * Those created at or after `now` minus `days` x 24 hours. Exact durations rather than calendar
 * days: "7 days" then means the same span whatever the zone and DST.
 */
export function keepDays<B extends Dated>(newestFirst: readonly B[], days: number, now: Date): RuleKeep<B>[] {
  const cutoff = now.getTime() - days * DAY_MS;
  return newestFirst
    .filter((backup) => backup.createdAt.getTime() >= cutoff)
    .map((backup) => ({ backup, reason: `within ${days} day${days === 1 ? '' : 's'}` }));
}

export type GfsCounts = Partial<Record<PeriodKind, number>>;

/**
 * Grandfather-father-son. For each period kind with a count K > 0: group the backups by their
 * period in `timeZone` (local hour, local calendar day, ISO week starting Monday, month, year);
 * order the groups by their newest backup; keep the newest backup of each of the first K groups.
 * So K counts periods THAT HAVE A BACKUP, not calendar periods back from now: "daily 7" keeps
 * seven daily backups even after a two-week outage, instead of silently keeping none.
 * The newest backup of a period is the first one met in the newest-first order.
 */
export function keepGfs<B extends Dated>(newestFirst: readonly B[], counts: GfsCounts, timeZone: string): RuleKeep<B>[] {
  const picks: RuleKeep<B>[] = [];
  // Reading local time is the costly part: once per backup, shared by all kinds.
  let parts: LocalParts[] | undefined;
  for (const kind of PERIOD_KINDS) {
    const count = counts[kind] ?? 0;
    if (count <= 0) continue;
    parts ??= newestFirst.map((backup) => localParts(backup.createdAt, timeZone));
    const seen = new Set<string>();
    for (let i = 0; i < newestFirst.length && seen.size < count; i++) {
      const key = periodKey(kind, parts[i]!);
      if (seen.has(key)) continue;
      seen.add(key);
      picks.push({ backup: newestFirst[i]!, reason: `${kind} ${key}` });
    }
  }
  return picks;
}
