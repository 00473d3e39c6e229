import { CircleCheck, CircleX, LoaderCircle } from 'lucide-react';
import type { TestOutcome } from './types';

/** The result of "Test connection", in words: what worked, or what failed and how to fix it. */
export function TestStatus({ pending, outcome }: { pending: boolean; outcome?: TestOutcome }) {
  if (pending) {
    return (
      <span role="status" className="inline-flex items-center gap-1.5 text-xs text-muted-foreground">
        <LoaderCircle className="size-3.5 animate-spin" aria-hidden /> Testing…
      </span>
    );
  }
  if (!outcome) return null;
  return outcome.ok ? (
    <span role="status" className="inline-flex items-center gap-1.5 text-xs font-medium text-success">
      <CircleCheck className="size-3.5 shrink-0" aria-hidden /> {outcome.message}
    </span>
  ) : (
    <span role="alert" className="inline-flex items-start gap-1.5 text-xs font-medium text-destructive">
      <CircleX className="mt-0.5 size-3.5 shrink-0" aria-hidden /> {outcome.message}
    </span>
  );
}
