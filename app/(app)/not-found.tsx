import { FileQuestion } from 'lucide-react';
import type { Metadata } from 'next';
import { NotFoundLinks } from '@/components/shell/not-found-links';

export const metadata: Metadata = { title: 'Not found' };

/** Inside the app's shell: a record or page that does not exist, or that this person may not see (HTTP 404). */
export default function AppNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center py-16 text-center">
      <FileQuestion className="mb-4 size-10 text-zinc-400" aria-hidden />
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">We can’t find that page</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        It may have been withdrawn or deleted, the link may be mistyped, or it may belong to someone whose requests you can’t see.
      </p>
      <div className="mt-6">
        <NotFoundLinks />
      </div>
    </div>
  );
}
