import { Link } from '@tanstack/react-router';
import { Construction } from 'lucide-react';
import { EmptyState } from '../../components/layout/empty-state';
import { PageHeader } from '../../components/layout/page-header';
import { Button } from '../../components/ui/button';

/** Shown for a section whose API this server does not offer yet, instead of a page full of errors. */
export function UnavailablePage({ title, description }: { title: string; description: string }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState
        icon={Construction}
        title={`${title} are not available on this server yet`}
        action={
          <Button asChild variant="outline">
            <Link to="/sources">Set up sources</Link>
          </Button>
        }
      >
        This version of the Lifeboat server does not offer this section yet. Meanwhile you can add your sources and destinations so they are ready.
      </EmptyState>
    </>
  );
}
