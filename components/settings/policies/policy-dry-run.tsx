'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { FlaskConical, Search } from 'lucide-react';
import { useId, useState } from 'react';
import { PreviewStepList, useDebouncedValue } from '@/components/records/approval-preview';
import { inputClasses } from '@/components/ui/field';
import { Skeleton } from '@/components/ui/skeleton';
import { StatusBadge } from '@/components/ui/status-badge';
import { dryRunPolicyAction, findRequestsAction } from '@/lib/actions/policies';
import type { PolicyStep } from '@/lib/policies/policy';
import type { PreviewStep } from '@/lib/policies/preview';

async function unwrap<T extends { ok: boolean }>(promise: Promise<T>): Promise<Extract<T, { ok: true }>> {
  const result = await promise;
  if (!result.ok) throw new Error((result as unknown as { error: string }).error);
  return result as Extract<T, { ok: true }>;
}

function Chain({ steps, label, testId }: { steps: PreviewStep[]; label: string; testId: string }) {
  if (steps.length === 0) return <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid={testId}>No approval steps: approved at once.</p>;
  return <PreviewStepList steps={steps} label={label} testId={testId} />;
}

/**
 * "Who would approve this one?": pick an existing request and see the chain the unsaved draft would give
 * it, beside the chain the policy in force gives it. It runs again as the draft changes.
 */
export function PolicyDryRun({ resource, steps }: { resource: string; steps: PolicyStep[] | null }) {
  const id = useId();
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<{ id: string; title: string } | null>(null);
  const search = useDebouncedValue(q.trim(), 300);
  const found = useQuery({
    queryKey: ['policy-dry-run-requests', resource, search],
    queryFn: () => unwrap(findRequestsAction(resource, search)),
    placeholderData: keepPreviousData,
  });
  const stepsKey = JSON.stringify(steps);
  const run = useQuery({
    queryKey: ['policy-dry-run', resource, chosen?.id ?? null, stepsKey],
    queryFn: () => unwrap(dryRunPolicyAction(resource, steps, chosen!.id)),
    enabled: !!chosen && steps !== null,
    placeholderData: keepPreviousData,
  });
  const requests = found.data?.requests ?? [];

  return (
    <section aria-labelledby={`${id}-title`} className="mt-8 border-t border-zinc-200 pt-6 dark:border-zinc-800" data-testid="dry-run">
      <h2 id={`${id}-title`} className="flex items-center gap-2 text-sm font-semibold text-zinc-900 dark:text-white">
        <FlaskConical className="size-4 text-zinc-500" aria-hidden />
        Who would approve this one?
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Try your draft on an existing request before saving: nothing is changed.</p>
      <div className="mt-3 grid grid-cols-1 gap-4 lg:grid-cols-2">
        <div className="min-w-0">
          <label htmlFor={`${id}-q`} className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">
            Find a request
          </label>
          <div className="relative mt-1">
            <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
            <input
              id={`${id}-q`}
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="Search by title, destination, person…"
              className={`${inputClasses} pl-8`}
              aria-controls={`${id}-results`}
            />
          </div>
          <div id={`${id}-results`} className="mt-2 max-h-64 overflow-y-auto rounded-md border border-zinc-200 dark:border-zinc-800" aria-busy={found.isFetching || undefined}>
            {found.isPending && (
              <div role="status" aria-label="Loading requests" className="space-y-2 p-2">
                <Skeleton className="h-5 w-3/4" />
                <Skeleton className="h-5 w-2/3" />
              </div>
            )}
            {found.isError && <p className="p-2 text-sm text-red-700 dark:text-red-400">Could not search: {found.error.message}</p>}
            {found.data && requests.length === 0 && <p className="p-2 text-sm text-zinc-600 dark:text-zinc-400">No request matches “{search}”.</p>}
            {requests.length > 0 && (
              <ul aria-label="Requests to try">
                {requests.map((request) => (
                  <li key={request.id}>
                    <button
                      type="button"
                      onClick={() => setChosen({ id: request.id, title: request.title })}
                      aria-pressed={chosen?.id === request.id}
                      className="flex w-full items-center justify-between gap-2 px-3 py-2 text-left text-sm hover:bg-zinc-50 focus-visible:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-accent-500 aria-pressed:bg-accent-50 dark:hover:bg-zinc-900 dark:aria-pressed:bg-accent-500/15"
                    >
                      <span className="min-w-0 truncate text-zinc-900 dark:text-zinc-100">{request.title}</span>
                      <StatusBadge status={request.status} />
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
        <div aria-live="polite" className="min-w-0" data-testid="dry-run-result">
          {!chosen && <p className="rounded-md bg-zinc-50 px-3 py-6 text-center text-sm text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">Choose a request to see who would approve it.</p>}
          {chosen && steps === null && <p className="text-sm text-amber-800 dark:text-amber-300">Fix the highlighted steps to try the draft.</p>}
          {chosen && steps !== null && (
            <div className="space-y-4">
              <p className="text-sm text-zinc-700 dark:text-zinc-300">
                <span className="font-medium text-zinc-900 dark:text-white">{chosen.title}</span>
              </p>
              {run.isError && <p className="text-sm text-red-700 dark:text-red-400">Could not run: {run.error.message}</p>}
              {!run.data && run.isFetching && (
                <div role="status" aria-label="Running" className="space-y-2">
                  <Skeleton className="h-5 w-2/3" />
                  <Skeleton className="h-5 w-1/2" />
                </div>
              )}
              {run.data && (
                <>
                  <div>
                    <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-zinc-600 dark:text-zinc-400">With your draft</h3>
                    <Chain steps={run.data.draft.steps} label="With your draft" testId="dry-run-draft" />
                  </div>
                  <div>
                    <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-zinc-600 dark:text-zinc-400">With version {run.data.current.policy_version} (in force)</h3>
                    <Chain steps={run.data.current.steps} label="With the policy in force" testId="dry-run-current" />
                  </div>
                </>
              )}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
