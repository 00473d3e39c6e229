import type { NotificationChecksRepo } from '../../../db/repositories/notifications/checks.repo.js';
import type { Clock } from '../../../lib/clock.js';

/** What is known about one watched condition (a source that does not answer, a destination over its limit). */
interface ConditionState {
  failing: boolean;
  /** Consecutive failing observations. */
  streak: number;
  /** When people were last told (ISO), while it keeps failing. */
  notifiedAt: string | null;
}

export interface ConditionPolicy {
  /** Failing observations in a row before anyone is told: one failed connection is not an outage. */
  raiseAfter: number;
  /** While a condition keeps failing, tell people again after this long (a reminder, not a storm). */
  remindAfterMs: number;
}

const CLEAR: ConditionState = { failing: false, streak: 0, notifiedAt: null };

/**
 * Turns repeated observations into few notifications: one when a condition has failed `raiseAfter` times in a
 * row, a reminder every `remindAfterMs` while it lasts, and a fresh one after it cleared and failed again.
 * State lives in the app database and changes by compare-and-set, so each worker may observe and exactly one
 * of them notifies.
 */
export class ConditionLog {
  constructor(private readonly repo: NotificationChecksRepo, private readonly clock: Clock, private readonly policy: ConditionPolicy) {}

  /** Records one observation; true when the caller should notify now. */
  async observe(key: string, failing: boolean): Promise<boolean> {
    // Another worker may record its observation in between: then this one is applied on top of it.
    for (let tries = 0; tries < 5; tries++) {
      const outcome = await this.apply(key, failing);
      if (outcome !== 'conflict') return outcome;
    }
    return false;
  }

  private async apply(key: string, failing: boolean): Promise<boolean | 'conflict'> {
    const stored = await this.repo.get(key);
    const previous = stored === undefined ? CLEAR : (JSON.parse(stored) as ConditionState);
    const now = this.clock.now();
    if (!failing) {
      if (previous.failing || previous.streak > 0) await this.repo.replace(key, stored, JSON.stringify(CLEAR), now.toISOString());
      return false;
    }
    const streak = previous.streak + 1;
    const quiet = previous.notifiedAt !== null && now.getTime() - Date.parse(previous.notifiedAt) < this.policy.remindAfterMs;
    const due = streak >= this.policy.raiseAfter && !quiet;
    const next: ConditionState = { failing: true, streak, notifiedAt: due ? now.toISOString() : previous.notifiedAt };
    if (!(await this.repo.replace(key, stored, JSON.stringify(next), now.toISOString()))) return 'conflict';
    return due;
  }
}
