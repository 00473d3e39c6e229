import { Download, Trash2, TriangleAlert } from 'lucide-react';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { formatBytes, formatDateTime } from '../../lib/format';
import { downloadUrl, type OrphanArtifact } from './hooks';

/** Artifacts without a sidecar: an interrupted upload, or files not made by Lifeboat. They cannot be restored. */
export function OrphansList({ destinationId, orphans, canWrite, onDelete }: { destinationId: string; orphans: OrphanArtifact[]; canWrite: boolean; onDelete(key: string): void }) {
  if (orphans.length === 0) return null;
  return (
    <Card className="mt-6 border-warning/50">
      <CardHeader>
        <CardTitle className="flex items-center gap-2"><TriangleAlert className="size-4 text-warning" aria-hidden /> Orphaned files ({orphans.length})</CardTitle>
        <CardDescription>These files have no sidecar, so they are not complete backups: usually an upload that was interrupted. They are cleaned up after a grace period.</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-1.5" aria-label="Orphaned files">
          {orphans.map((o) => (
            <li key={o.key} className="flex flex-wrap items-center gap-2 rounded-md border px-3 py-2 text-sm">
              <Badge variant="warning">orphan</Badge>
              <span className="min-w-0 flex-1 truncate font-mono text-xs" title={o.key}>{o.key}</span>
              <span className="text-xs text-muted-foreground">{formatBytes(o.size)} · {formatDateTime(o.modifiedAt)}</span>
              <Button variant="ghost" size="icon" asChild><a href={downloadUrl(destinationId, o.key)} download aria-label={`Download ${o.key}`}><Download aria-hidden /></a></Button>
              {canWrite && <Button variant="ghost" size="icon" disabled={o.locked} onClick={() => onDelete(o.key)} aria-label={`Delete ${o.key}`}><Trash2 aria-hidden /></Button>}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
