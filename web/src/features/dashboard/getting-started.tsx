import { Link } from '@tanstack/react-router';
import { CircleCheck, Circle } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';

/** The first steps, ticked off as they are done, so a new install says what to do next. */
export function GettingStarted({ sources, destinations }: { sources: number; destinations: number }) {
  const steps = [
    { done: sources > 0, label: 'Add a source: the database to protect', to: '/sources' as const },
    { done: destinations > 0, label: 'Add a destination: where backups are stored', to: '/destinations' as const },
    { done: false, label: 'Create a job that backs the source up on a schedule', to: '/jobs' as const },
  ];
  if (steps.every((s) => s.done)) return null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Get started</CardTitle>
        <CardDescription>Three steps to your first backup.</CardDescription>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-2">
          {steps.map((step) => (
            <li key={step.label} className="flex items-center gap-2 text-sm">
              {step.done ? <CircleCheck className="size-4 text-success" aria-label="Done" /> : <Circle className="size-4 text-muted-foreground" aria-label="To do" />}
              <Link to={step.to} className={step.done ? 'text-muted-foreground line-through' : 'hover:underline'}>
                {step.label}
              </Link>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
