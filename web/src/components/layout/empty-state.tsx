import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

/** What to show when there is nothing yet: what this is and the next step to take. */
export function EmptyState({ icon: Icon, title, children, action }: { icon: LucideIcon; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed bg-card/50 px-6 py-14 text-center">
      <div className="rounded-full bg-primary/10 p-3 text-primary">
        <Icon className="size-6" aria-hidden />
      </div>
      <h2 className="text-base font-semibold">{title}</h2>
      <div className="max-w-md text-sm text-muted-foreground">{children}</div>
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
