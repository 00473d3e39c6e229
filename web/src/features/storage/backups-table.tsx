import { Download, Lock, LockOpen, MoreHorizontal, RotateCcw, ShieldCheck, Trash2 } from 'lucide-react';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '../../components/ui/dropdown-menu';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { formatBytes, formatDateTime, formatDuration } from '../../lib/format';
import { downloadUrl, type StoredBackup } from './hooks';

export function backupLabel(b: StoredBackup): string {
  return `${b.source.name} / ${b.database ?? (b.kind === 'globals' ? 'server globals' : 'whole server')}`;
}

export interface BackupActions {
  canRestore: boolean;
  canWrite: boolean;
  canVerify: boolean;
  onVerify(b: StoredBackup): void;
  onRestore(b: StoredBackup): void;
  onDelete(b: StoredBackup): void;
  onToggleLock(b: StoredBackup): void;
}

/** What storage holds: one row per backup artifact, newest first, with what can be done with it. */
export function BackupsTable({ destinationId, items, actions }: { destinationId: string; items: StoredBackup[]; actions: BackupActions }) {
  return (
    <div className="rounded-lg border bg-card">
      <Table aria-label="Backups">
        <TableHeader>
          <TableRow>
            <TableHead>Backup</TableHead>
            <TableHead>Job</TableHead>
            <TableHead>Finished</TableHead>
            <TableHead className="text-right">Size</TableHead>
            <TableHead>Details</TableHead>
            <TableHead className="w-px"><span className="sr-only">Actions</span></TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((b) => (
            <TableRow key={b.key} aria-label={backupLabel(b)}>
              <TableCell>
                <span className="font-medium">{backupLabel(b)}</span>
                <span className="block text-xs text-muted-foreground">{b.source.engine} {b.source.serverVersion}</span>
              </TableCell>
              <TableCell>{b.job?.name ?? <span className="text-muted-foreground">—</span>}</TableCell>
              <TableCell className="whitespace-nowrap">
                {formatDateTime(b.finishedAt)}
                <span className="block text-xs text-muted-foreground">took {formatDuration(new Date(b.finishedAt).getTime() - new Date(b.startedAt).getTime())}</span>
              </TableCell>
              <TableCell className="whitespace-nowrap text-right font-mono text-xs">{formatBytes(b.storedSize)}</TableCell>
              <TableCell>
                <div className="flex flex-wrap gap-1">
                  <Badge variant="secondary">{b.compression}</Badge>
                  {b.encrypted && <Badge variant="default">encrypted</Badge>}
                  {b.locked && <Badge variant="warning" title={b.lock?.note ?? undefined}><Lock className="size-3" aria-hidden /> locked</Badge>}
                  {b.sizeMismatch && <Badge variant="destructive" title="The stored size differs from the sidecar: the artifact may be damaged">size mismatch</Badge>}
                </div>
              </TableCell>
              <TableCell>
                <div className="flex items-center justify-end gap-1">
                  {actions.canRestore && (
                    <Button size="sm" variant="outline" onClick={() => actions.onRestore(b)} aria-label={`Restore ${backupLabel(b)}`}>
                      <RotateCcw aria-hidden /> Restore
                    </Button>
                  )}
                  <DropdownMenu>
                    <DropdownMenuTrigger asChild>
                      <Button variant="ghost" size="icon" aria-label={`More actions for ${backupLabel(b)}`}><MoreHorizontal aria-hidden /></Button>
                    </DropdownMenuTrigger>
                    <DropdownMenuContent align="end">
                      <DropdownMenuItem asChild>
                        <a href={downloadUrl(destinationId, b.key)} download><Download aria-hidden /> Download</a>
                      </DropdownMenuItem>
                      {actions.canVerify && (
                        <DropdownMenuItem onSelect={() => actions.onVerify(b)}><ShieldCheck aria-hidden /> Verify (re-read and check)</DropdownMenuItem>
                      )}
                      {actions.canWrite && (
                        <>
                          <DropdownMenuItem onSelect={() => actions.onToggleLock(b)}>
                            {b.locked ? <><LockOpen aria-hidden /> Unlock</> : <><Lock aria-hidden /> Lock (keep from retention)</>}
                          </DropdownMenuItem>
                          <DropdownMenuSeparator />
                          <DropdownMenuItem className="text-destructive" disabled={b.locked} onSelect={() => actions.onDelete(b)}><Trash2 aria-hidden /> Delete</DropdownMenuItem>
                        </>
                      )}
                    </DropdownMenuContent>
                  </DropdownMenu>
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
