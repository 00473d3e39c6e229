import { Database } from 'lucide-react';
import { QueryState } from '../../components/layout/query-state';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '../../components/ui/dialog';
import { useSourceDatabases, type Source } from './hooks';

/** The databases a source can back up, read live from the server. */
export function DatabasesDialog({ source, onClose }: { source: Source; onClose(): void }) {
  const query = useSourceDatabases(source.id);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Databases on “{source.name}”</DialogTitle>
          <DialogDescription>What this source can back up; a job can take all of them or a selection.</DialogDescription>
        </DialogHeader>
        <QueryState query={query} what="the databases">
          {(databases) =>
            databases.length === 0 ? (
              <p className="text-sm text-muted-foreground">The server answered but lists no databases this user can read. Check the user's privileges.</p>
            ) : (
              <ul aria-label="Databases" className="grid max-h-80 gap-1 overflow-y-auto">
                {databases.map((name) => (
                  <li key={name} className="flex items-center gap-2 rounded-md bg-muted/60 px-3 py-1.5 font-mono text-sm">
                    <Database className="size-3.5 text-muted-foreground" aria-hidden /> {name}
                  </li>
                ))}
              </ul>
            )
          }
        </QueryState>
      </DialogContent>
    </Dialog>
  );
}
