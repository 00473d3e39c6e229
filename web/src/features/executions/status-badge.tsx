import { Badge } from '../../components/ui/badge';

const VARIANTS = { succeeded: 'success', partial: 'warning', failed: 'destructive', cancelled: 'secondary', running: 'default', queued: 'outline' } as const;

export function StatusBadge({ status }: { status: string }) {
  return <Badge variant={VARIANTS[status as keyof typeof VARIANTS] ?? 'outline'}>{status}</Badge>;
}
