import { Check } from 'lucide-react';
import { useState } from 'react';
import { api, describeError, unwrap } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '../../components/ui/dialog';
import { cn } from '../../lib/utils';
import { ExecutionDetail } from '../executions/execution-detail';
import type { Execution } from '../executions/hooks';
import { useSourceDatabases, useSources } from '../sources/hooks';
import { NO_FILTERS, useStoredBackups, type StoredBackup } from '../storage/hooks';
import { chosen, describeRestore, newRestoreDraft, restoreProblems, STEPS, toRequest, type RestoreDraft } from './restore-draft';
import { StepBackup, StepTables, StepTarget } from './restore-steps';

/** Backup -> target -> tables -> confirmation; then the restore's own live execution view. */
export function RestoreWizard({ destinationId, backup: initial, onClose }: { destinationId: string; backup: StoredBackup; onClose(): void }) {
  const [draft, setDraft] = useState<RestoreDraft>(() => newRestoreDraft(initial));
  const [step, setStep] = useState(0);
  const [shown, setShown] = useState<string[]>([]);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [running, setRunning] = useState<Execution>();
  const listed = useStoredBackups(destinationId, NO_FILTERS, 0);
  const backups = listed.data?.items.length ? listed.data.items : [initial];
  const backup = backups.find((b) => b.key === draft.key);
  const last = step === STEPS.length - 1;

  const targets = chosen(draft, backups).map((c) => c.target).filter(Boolean);
  if (running) return <ExecutionDetail initial={running} title={`Restore into ${targets.join(', ') || 'the server'}`} onClose={onClose} />;

  const next = async () => {
    const problems = restoreProblems(draft, step, backup, backups);
    setShown(problems);
    if (problems.length || !backup) return;
    if (!last) return setStep(step + 1);
    setBusy(true);
    setFailure(undefined);
    try {
      setRunning(await unwrap(api.POST('/api/v1/restores', { params: { query: {} }, body: toRequest(destinationId, draft, backups) })));
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Restore a backup</DialogTitle>
          <DialogDescription>Step {step + 1} of {STEPS.length}: {STEPS[step]}</DialogDescription>
        </DialogHeader>
        <ol className="flex flex-wrap gap-2" aria-label="Steps">
          {STEPS.map((label, i) => (
            <li key={label}>
              <button type="button" onClick={() => i < step && setStep(i)} aria-current={i === step ? 'step' : undefined}
                className={cn('flex items-center gap-1.5 rounded-full border px-2.5 py-1 text-xs', i === step ? 'border-primary bg-primary/10 text-primary' : i < step ? 'text-foreground' : 'text-muted-foreground')}>
                {i < step ? <Check className="size-3" aria-hidden /> : <span aria-hidden>{i + 1}</span>} {label}
              </button>
            </li>
          ))}
        </ol>
        <div className="min-h-48">
          {step === 0 && <StepBackup draft={draft} onChange={setDraft} backups={backups} />}
          {step === 1 && <StepTarget draft={draft} onChange={setDraft} backups={backups} />}
          {step === 2 && <StepTables draft={draft} onChange={setDraft} destinationId={destinationId} />}
          {step === 3 && <Confirmation draft={draft} onChange={setDraft} backups={backups} />}
        </div>
        {shown.length > 0 && <Alert variant="destructive" title="Before going on">{shown.join('. ')}.</Alert>}
        {failure && <Alert variant="destructive" title="The restore did not start">{failure}</Alert>}
        <DialogFooter>
          <Button variant="outline" onClick={() => (step === 0 ? onClose() : setStep(step - 1))}>{step === 0 ? 'Cancel' : 'Back'}</Button>
          <Button variant={last && draft.clean ? 'destructive' : 'default'} onClick={next} disabled={busy}>
            {last ? (busy ? 'Starting…' : 'Restore now') : 'Next'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function Confirmation({ draft, onChange, backups }: { draft: RestoreDraft; onChange(d: RestoreDraft): void; backups: StoredBackup[] }) {
  const sources = useSources();
  const databases = useSourceDatabases(draft.targetSourceId);
  const items = chosen(draft, backups);
  const exists = (name: string) => (databases.data ? databases.data.includes(name) : undefined);
  const anyExists = items.some((c) => c.backup.database === null || exists(c.target));
  const sourceName = sources.data?.find((s) => s.id === draft.targetSourceId)?.name ?? 'the chosen source';
  const lines = describeRestore({ backups: items, sourceName, exists, tables: draft.tables, clean: draft.clean });
  return (
    <div className="grid gap-4">
      <Alert variant={anyExists && draft.clean ? 'destructive' : 'info'} title="What will happen">
        <ul className="list-disc space-y-1 pl-4" aria-label="What will happen">
          {lines.map((line, i) => <li key={`${i}-${line}`}>{line}</li>)}
        </ul>
      </Alert>
      {anyExists && (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 size-4 accent-[var(--destructive)]" checked={draft.clean} onChange={(e) => onChange({ ...draft, clean: e.target.checked })} />
          <span>Replace what already exists: drop and recreate objects the backup also holds</span>
        </label>
      )}
    </div>
  );
}
