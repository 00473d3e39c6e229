import { Progress as ProgressPrimitive } from 'radix-ui';
import type { ComponentProps } from 'react';
import { cn } from '../../lib/utils';

/** A determinate bar when `value` is a number, an indeterminate shimmer when it is null. */
export function Progress({ className, value, ...props }: ComponentProps<typeof ProgressPrimitive.Root>) {
  const determinate = typeof value === 'number';
  return (
    <ProgressPrimitive.Root className={cn('relative h-2 w-full overflow-hidden rounded-full bg-secondary', className)} value={value} {...props}>
      <ProgressPrimitive.Indicator
        className={cn('h-full bg-primary transition-all', !determinate && 'w-1/3 animate-pulse')}
        style={determinate ? { width: `${Math.max(0, Math.min(100, value))}%` } : undefined}
      />
    </ProgressPrimitive.Root>
  );
}
