import { cva, type VariantProps } from 'class-variance-authority';
import { CircleAlert, CircleCheck, Info } from 'lucide-react';
import type { ComponentProps } from 'react';
import { cn } from '../../lib/utils';

const alertVariants = cva('flex gap-3 rounded-md border p-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0', {
  variants: {
    variant: {
      info: 'border-primary/30 bg-primary/5',
      success: 'border-success/40 bg-success/10 [&>svg]:text-success',
      destructive: 'border-destructive/40 bg-destructive/10 [&>svg]:text-destructive',
    },
  },
  defaultVariants: { variant: 'info' },
});

const icons = { info: Info, success: CircleCheck, destructive: CircleAlert };

export function Alert({ className, variant, title, children, ...props }: ComponentProps<'div'> & VariantProps<typeof alertVariants> & { title?: string }) {
  const Icon = icons[variant ?? 'info'];
  return (
    <div role={variant === 'destructive' ? 'alert' : 'status'} className={cn(alertVariants({ variant }), className)} {...props}>
      <Icon aria-hidden />
      <div className="min-w-0 space-y-0.5">
        {title && <p className="font-medium">{title}</p>}
        <div className="break-words text-foreground/85">{children}</div>
      </div>
    </div>
  );
}
