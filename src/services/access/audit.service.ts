import { z } from 'zod';
import { AuditRepo, type AuditQuery } from '../../db/repositories/access/audit.repo.js';
import { SettingsRepo } from '../../db/repositories/settings.repo.js';
import { parseJson, toNumber } from '../../db/dialect.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';

export interface AuditActor {
  kind: 'user' | 'token' | 'anonymous' | 'system';
  userId?: string;
  email?: string;
  tokenId?: string;
}

export interface AuditEvent {
  actor: AuditActor;
  action: string;
  target?: string;
  outcome: 'success' | 'failure' | 'denied';
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

export const RETENTION_KEY = 'audit.retention_days';
export const DEFAULT_RETENTION_DAYS = 90;
export const retentionSchema = z.object({ retentionDays: z.number().int().min(1).max(3650) });

const PRUNE_EVERY_MS = 3_600_000;

/**
 * Who did what, when and from where. Recording never fails the caller's request: a failure is logged.
 * Old entries are pruned at most once an hour, on the write path, so no timer is needed.
 */
export class AuditService {
  private lastPrune = 0;

  constructor(
    private readonly repo: AuditRepo,
    private readonly settings: SettingsRepo,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async record(event: AuditEvent): Promise<void> {
    try {
      const now = this.clock.now();
      await this.repo.insert({
        at: now.toISOString(),
        actor_kind: event.actor.kind,
        actor_id: event.actor.userId ?? null,
        actor_email: event.actor.email ?? null,
        token_id: event.actor.tokenId ?? null,
        action: event.action,
        target: event.target ?? null,
        outcome: event.outcome,
        ip: event.ip ?? null,
        user_agent: event.userAgent?.slice(0, 300) ?? null,
        details: event.details ? JSON.stringify(event.details) : null,
      });
      if (now.getTime() - this.lastPrune > PRUNE_EVERY_MS) {
        this.lastPrune = now.getTime();
        await this.prune();
      }
    } catch (error) {
      this.logger.error({ err: error, action: event.action }, 'Could not write the audit log');
    }
  }

  async list(query: AuditQuery) {
    const rows = await this.repo.query(query);
    return rows.map((row) => ({
      id: toNumber(row.id),
      at: row.at,
      actor: { kind: row.actor_kind, userId: row.actor_id, email: row.actor_email, tokenId: row.token_id },
      action: row.action,
      target: row.target,
      outcome: row.outcome,
      ip: row.ip,
      userAgent: row.user_agent,
      details: parseJson<Record<string, unknown> | null>(row.details, null),
    }));
  }

  async retentionDays(): Promise<number> {
    return (await this.settings.get<number>(RETENTION_KEY)) ?? DEFAULT_RETENTION_DAYS;
  }

  async setRetentionDays(days: number): Promise<void> {
    await this.settings.set(RETENTION_KEY, retentionSchema.parse({ retentionDays: days }).retentionDays);
    await this.prune();
  }

  /** Deletes entries older than the retention setting; returns how many. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - (await this.retentionDays()) * 86_400_000);
    return this.repo.deleteBefore(cutoff.toISOString());
  }
}
