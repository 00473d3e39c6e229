import { retentionPolicySchema, type RetentionPolicy } from '../../domain/retention.js';
import { ValidationError } from '../../lib/errors.js';

const SHORT: Record<string, (policy: RetentionPolicy, n: number) => void> = {
  'keep-last': (p, n) => void (p.keepLast = n),
  'keep-days': (p, n) => void (p.keepDays = n),
  hourly: (p, n) => void (p.gfs = { ...p.gfs, hourly: n }),
  daily: (p, n) => void (p.gfs = { ...p.gfs, daily: n }),
  weekly: (p, n) => void (p.gfs = { ...p.gfs, weekly: n }),
  monthly: (p, n) => void (p.gfs = { ...p.gfs, monthly: n }),
  yearly: (p, n) => void (p.gfs = { ...p.gfs, yearly: n }),
};

/**
 * A policy from the command line: JSON (`{"keepLast":7,"gfs":{"daily":7}}`) or the short form
 * `keep-last=7,keep-days=30,daily=7,weekly=4,monthly=12,yearly=3` (hourly too).
 */
export function parsePolicyText(text: string): RetentionPolicy {
  const trimmed = text.trim();
  let raw: unknown;
  if (trimmed.startsWith('{')) {
    try {
      raw = JSON.parse(trimmed);
    } catch (error) {
      throw new ValidationError(`--policy is not valid JSON: ${(error as Error).message}`);
    }
  } else {
    const policy: RetentionPolicy = {};
    for (const part of trimmed.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [name, value, extra] = part.split('=');
      const set = SHORT[name?.trim() ?? ''];
      if (!set || value === undefined || extra !== undefined || !/^\d+$/.test(value.trim())) {
        throw new ValidationError(`--policy: cannot read "${part}"; use ${Object.keys(SHORT).map((k) => `${k}=N`).join(',')} or JSON`);
      }
      set(policy, Number(value.trim()));
    }
    raw = policy;
  }
  const parsed = retentionPolicySchema.strict().safeParse(raw);
  if (!parsed.success) throw new ValidationError(`--policy: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'policy'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
