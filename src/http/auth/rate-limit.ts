import { HTTPException } from 'hono/http-exception';

export interface RateRule {
  /** Attempts allowed per window. */
  max: number;
  windowMs: number;
}

/**
 * Fixed-window counters in memory, keyed by what is attacked (IP + account, IP + endpoint).
 * Enough for one node; with several nodes each keeps its own counts (documented limit).
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly now: () => number) {}

  /** Counts one attempt; throws 429 when the key is over its budget. */
  hit(key: string, rule: RateRule): void {
    const retry = this.check(key, rule, 1);
    if (retry > 0) throw tooMany(retry);
  }

  /** Throws 429 if `key` is already over budget, without counting. */
  assertOpen(key: string, rule: RateRule): void {
    const retry = this.check(key, rule, 0);
    if (retry > 0) throw tooMany(retry);
  }

  /** Counts a failure (for limits on failed attempts only). */
  fail(key: string, rule: RateRule): void {
    this.check(key, rule, 1);
  }

  private check(key: string, rule: RateRule, add: number): number {
    const now = this.now();
    if (this.hits.size > 50_000) this.sweep(now);
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) entry = { count: 0, resetAt: now + rule.windowMs };
    entry.count += add;
    this.hits.set(key, entry);
    return entry.count > rule.max || (add === 0 && entry.count >= rule.max) ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
  }
}

function tooMany(retryAfterSeconds: number): HTTPException {
  const res = new Response(
    JSON.stringify({ error: { code: 'rate_limited', message: `Too many attempts: try again in ${retryAfterSeconds} s` } }),
    { status: 429, headers: { 'content-type': 'application/json', 'retry-after': String(retryAfterSeconds) } },
  );
  return new HTTPException(429, { res, message: `Too many attempts: try again in ${retryAfterSeconds} s` });
}

export const RULES = {
  /** Password sign-in per IP + e-mail, and per IP over all accounts. */
  signInAccount: { max: 10, windowMs: 15 * 60_000 },
  signInIp: { max: 50, windowMs: 15 * 60_000 },
  /** TOTP and backup code checks per IP. */
  twoFactor: { max: 10, windowMs: 5 * 60_000 },
  /** Invalid bearer tokens per IP, token creation per user, first-run set-up per IP. */
  badToken: { max: 20, windowMs: 5 * 60_000 },
  tokenCreate: { max: 20, windowMs: 60 * 60_000 },
  setup: { max: 10, windowMs: 15 * 60_000 },
} satisfies Record<string, RateRule>;
