import { Link } from '@tanstack/react-router';
import { Compass } from 'lucide-react';
import { EmptyState } from './components/layout/empty-state';
import { Button } from './components/ui/button';

export function NotFoundPage() {
  return (
    <div className="p-8">
      <EmptyState
        icon={Compass}
        title="This page does not exist"
        action={
          <Button asChild>
            <Link to="/">Go to the dashboard</Link>
          </Button>
        }
      >
        The address may be mistyped or the page may have moved.
      </EmptyState>
    </div>
  );
}
