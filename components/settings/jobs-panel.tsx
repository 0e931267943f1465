'use client';

import { Cog } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { RelativeTime } from '@/components/ui/relative-time';
import { discardJobAction, retryJobAction } from '@/lib/actions/jobs';
import type { JobState } from '@/db/schema';
import type { JobsPage } from '@/lib/jobs/admin';
import { TableFrame } from '@/components/ui/table-frame';

const STATES: { state: JobState | null; label: string }[] = [
  { state: null, label: 'All' },
  { state: 'queued', label: 'Queued' },
  { state: 'running', label: 'Running' },
  { state: 'failed', label: 'Failed' },
  { state: 'done', label: 'Done (7 days)' },
];

const BADGE: Record<JobState, string> = {
  queued: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  running: 'bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-300',
  done: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  failed: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
};

/** Settings → Jobs: the tenant's background jobs by state; Retry for a failed one, Discard for a failed one or one retrying. */
export function JobsPanel({ page, state, error }: { page: JobsPage; state: JobState | null; error: string | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const total = Object.values(page.counts).reduce((sum, n) => sum + n, 0);

  const act = (label: string, run: () => Promise<{ ok: boolean; error?: string }>) =>
    startTransition(async () => {
      const result = await run();
      if (result.ok) toast.success(label);
      else toast.error(result.error ?? 'Something went wrong.');
      router.refresh();
    });

  return (
    <div className="space-y-3" data-testid="jobs-panel">
      <nav aria-label="Job states" className="flex flex-wrap gap-1.5">
        {STATES.map((option) => {
          const count = option.state ? page.counts[option.state] : total;
          const current = option.state === state;
          return (
            <Link
              key={option.label}
              href={option.state ? `/settings?jobs_state=${option.state}#jobs` : '/settings#jobs'}
              scroll={false}
              aria-current={current ? 'page' : undefined}
              className={`rounded-full border px-2.5 py-1 text-sm ${current ? 'border-accent-600 bg-accent-50 font-medium text-accent-800 dark:bg-accent-600/15 dark:text-accent-100' : 'border-zinc-300 text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800'}`}
            >
              {option.label} <span className="tabular-nums text-zinc-600 dark:text-zinc-300">{count}</span>
            </Link>
          );
        })}
      </nav>
      {error ? <p className="text-sm text-red-700 dark:text-red-400">{error}</p> : null}
      {page.data.length === 0 ? (
        <EmptyState icon={Cog} title={state ? `No ${state} jobs` : 'No background jobs yet'} description="Reminders, emails and other background work show here while they wait, run or fail." />
      ) : (
        <TableFrame label="Background jobs">
          <table className="w-full text-left text-sm">
            <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-3 py-2">Job</th>
                <th scope="col" className="px-3 py-2">State</th>
                <th scope="col" className="px-3 py-2">Attempts</th>
                <th scope="col" className="px-3 py-2">When</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {page.data.map((job) => (
                <tr key={job.id} data-testid="job-row">
                  <td className="px-3 py-2 align-top">
                    <div className="font-medium text-zinc-900 dark:text-zinc-100">{job.name}</div>
                    {/* pg-boss's ids are UUIDs: one line, cut on a phone, whole on hover and when copied. */}
                    <div className="max-w-[11rem] truncate font-mono text-xs text-zinc-500 sm:max-w-none dark:text-zinc-400" title={job.id}>
                      {job.id}
                    </div>
                    {job.state === 'failed' && job.last_error ? (
                      <p className="mt-1 max-w-prose whitespace-pre-wrap break-words text-red-700 dark:text-red-400" data-testid="job-error">{job.last_error}</p>
                    ) : null}
                    {job.state === 'queued' && job.last_error ? (
                      // A failed attempt with attempts left: why, before it runs again.
                      <p className="mt-1 max-w-prose whitespace-pre-wrap break-words text-amber-800 dark:text-amber-300" data-testid="job-error">
                        Attempt {job.attempts} failed: {job.last_error}
                      </p>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 align-top">
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${BADGE[job.state]}`}>{job.state}</span>
                  </td>
                  <td className="px-3 py-2 align-top tabular-nums">
                    {job.attempts} of {job.max_attempts}
                  </td>
                  <td className="px-3 py-2 align-top text-zinc-600 dark:text-zinc-400">
                    {job.state === 'queued' ? (
                      <>runs <RelativeTime iso={job.run_at} /></>
                    ) : (
                      <RelativeTime iso={job.finished_at ?? job.updated_at} />
                    )}
                  </td>
                  <td className="px-3 py-2 text-right align-top">
                    {/* Discard for a failed job, or a queued one that has failed before (a scheduled reminder is left alone). */}
                    {job.state === 'failed' || (job.state === 'queued' && job.last_error) ? (
                      <div className="flex justify-end gap-1.5">
                        {job.state === 'failed' ? (
                          <Button size="sm" disabled={pending} onClick={() => act('Queued to run again', () => retryJobAction(job.id))}>
                            Retry
                          </Button>
                        ) : null}
                        <Button
                          size="sm"
                          variant="ghost"
                          disabled={pending}
                          aria-label={`Discard ${job.name} ${job.id}`}
                          onClick={() => act('Discarded', () => discardJobAction(job.id))}
                        >
                          Discard
                        </Button>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      {page.next_cursor ? <p className="text-xs text-zinc-500 dark:text-zinc-400">Showing the {page.data.length} most recent; filter by state to see others.</p> : null}
    </div>
  );
}
