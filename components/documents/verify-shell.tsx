import { ShieldCheck } from 'lucide-react';

/** The public verification pages' frame: no navigation, no account, just the check. */
export function VerifyShell({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh items-start justify-center bg-zinc-50 px-4 py-12 sm:items-center dark:bg-zinc-900">
      <div className="w-full max-w-lg">
        <div className="mb-6 flex items-center gap-3">
          <div className="flex size-10 items-center justify-center rounded-lg bg-accent-600 text-white">
            <ShieldCheck className="size-5" aria-hidden />
          </div>
          <div>
            <p className="text-sm font-semibold text-zinc-900 dark:text-white">Opsdesk</p>
            <p className="text-xs text-zinc-600 dark:text-zinc-400">Document verification</p>
          </div>
        </div>
        {children}
        <p className="mt-6 text-xs text-zinc-600 dark:text-zinc-400">
          This page confirms only who issued a document, to whom, what kind and when, and whether it is still valid. It never shows the document’s content.
        </p>
      </div>
    </main>
  );
}
