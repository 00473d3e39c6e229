import { Check } from 'lucide-react';
import { useState } from 'react';
import { describeError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '../../components/ui/dialog';
import { cn } from '../../lib/utils';
import { useGeneralSettings } from '../settings/general-settings';
import { useSaveJob, type Job } from './hooks';
import { draftFromJob, draftToInput, newDraft, stepProblems, STEPS, type JobDraft } from './job-draft';
import { JobStepChecks } from './job-step-checks';
import { JobStepHow } from './job-step-how';
import { JobStepNotify } from './job-step-notify';
import { JobStepRetention } from './job-step-retention';
import { JobStepWhat, JobStepWhere } from './job-step-what';
import { JobStepWhen } from './job-step-when';

/** The step-by-step job editor: each step says what it still needs before "Next" goes on. */
export function JobEditor({ job, onClose }: { job?: Job; onClose(): void }) {
  const defaults = useGeneralSettings().data;
  const [draft, setStoredDraft] = useState<JobDraft>(() => (job ? draftFromJob(job) : newDraft(defaults)));
  const [step, setStep] = useState(0);
  const [shown, setShown] = useState<string[]>([]);
  // A change may fix what "Before going on" listed: the list is checked again on the next "Next".
  const setDraft = (next: JobDraft) => {
    setStoredDraft(next);
    setShown([]);
  };
  const [failure, setFailure] = useState<string>();
  const save = useSaveJob();
  const last = step === STEPS.length - 1;

  const next = async () => {
    const problems = stepProblems(draft, STEPS[step]!);
    setShown(problems);
    if (problems.length) return;
    if (!last) return setStep(step + 1);
    setFailure(undefined);
    try {
      await save.mutateAsync({ id: job?.id, body: draftToInput(draft) });
      onClose();
    } catch (error) {
      setFailure(describeError(error));
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{job ? `Edit job “${job.name}”` : 'Create a backup job'}</DialogTitle>
          <DialogDescription>
            Step {step + 1} of {STEPS.length}: {STEPS[step]}
          </DialogDescription>
        </DialogHeader>
        <ol className="flex flex-wrap gap-2" aria-label="Steps">
          {STEPS.map((label, i) => (
            <li key={label}>
              <button
                type="button"
                onClick={() => i < step && setStep(i)}
                aria-current={i === step ? 'step' : undefined}
                className={cn('flex items-center gap-1.5 rounded-full border px-2.5 py-1 text-xs', i === step ? 'border-primary bg-primary/10 text-primary' : i < step ? 'text-foreground' : 'text-muted-foreground')}
              >
                {i < step ? <Check className="size-3" aria-hidden /> : <span aria-hidden>{i + 1}</span>} {label}
              </button>
            </li>
          ))}
        </ol>
        <div className="min-h-48 min-w-0">
          {STEPS[step] === 'Source' && <JobStepWhat draft={draft} onChange={setDraft} />}
          {STEPS[step] === 'Destinations' && <JobStepWhere draft={draft} onChange={setDraft} />}
          {STEPS[step] === 'Schedule' && <JobStepWhen draft={draft} onChange={setDraft} />}
          {STEPS[step] === 'Compression & encryption' && <JobStepHow draft={draft} onChange={setDraft} />}
          {STEPS[step] === 'Retention' && <JobStepRetention jobId={job?.id} draft={draft} onChange={setDraft} />}
          {STEPS[step] === 'Notifications' && <JobStepNotify draft={draft} onChange={setDraft} />}
          {STEPS[step] === 'Checks' && <JobStepChecks draft={draft} onChange={setDraft} />}
        </div>
        {shown.length > 0 && <Alert variant="destructive" title="Before going on">{shown.join('. ')}.</Alert>}
        {failure && <Alert variant="destructive" title="The job was not saved">{failure}</Alert>}
        <DialogFooter>
          <Button variant="outline" onClick={() => (step === 0 ? onClose() : setStep(step - 1))}>
            {step === 0 ? 'Cancel' : 'Back'}
          </Button>
          <Button onClick={next} disabled={save.isPending}>
            {last ? (save.isPending ? 'Saving…' : job ? 'Save job' : 'Create job') : 'Next'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
