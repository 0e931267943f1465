import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Not found' };

/** Any address outside the app's routes (HTTP 404); inside the shell, app/(app)/not-found.tsx answers. */
export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-6 text-center">
      <span className="mb-4 flex size-10 items-center justify-center rounded-lg bg-accent-600 text-lg font-semibold text-white" aria-hidden>
        O
      </span>
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">We can’t find that page</h1>
      <p className="mt-2 max-w-sm text-sm text-zinc-600 dark:text-zinc-400">The link may be mistyped, or the page may have moved.</p>
      <Link href="/" className="mt-6 inline-flex h-9 items-center rounded-md bg-accent-600 px-3.5 text-sm font-medium text-white hover:bg-accent-700">
        Go to Opsdesk
      </Link>
    </main>
  );
}
