'use client';

import { useQuery } from '@tanstack/react-query';
import { Check, History, X } from 'lucide-react';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { inputClasses } from '@/components/ui/field';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { fetchDecidedAction } from '@/lib/actions/inbox';
import type { DecidedEntry } from '@/lib/operations/inbox-decided';

export const decidedKeys = { all: ['inbox', 'decided'] as const };

type DecisionFilter = 'all' | 'approve' | 'reject';

/** "Decided by me": what the person approved or rejected, newest first, with the request and its state now. */
export function DecidedList({ initial }: { initial: DecidedEntry[] }) {
  const { data: entries = [] } = useQuery({
    queryKey: decidedKeys.all,
    queryFn: async () => {
      const result = await fetchDecidedAction();
      if (!result.ok) throw new Error(result.error);
      return result.entries;
    },
    initialData: initial,
    // Opened right after a decision, the list must hold it: the page's data may predate it (its refresh
    // can still be on the way), so the tab always asks once when it opens.
    refetchOnMount: 'always',
  });
  const [decision, setDecision] = useState<DecisionFilter>('all');
  const [text, setText] = useState('');
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return entries.filter(
      (e) =>
        (decision === 'all' || e.decision === decision) &&
        (!needle || [e.title, e.requester?.name, e.comment, e.typeLabel].some((v) => v?.toLowerCase().includes(needle))),
    );
  }, [entries, decision, text]);

  if (entries.length === 0) {
    return (
      <EmptyState
        icon={History}
        title="Nothing decided yet"
        description="Approvals and rejections you make — yourself or for someone away — are listed here, newest first."
      />
    );
  }

  return (
    <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 bg-zinc-50/80 px-3 py-2 text-xs dark:border-zinc-800 dark:bg-zinc-900/60">
        <label className="sr-only" htmlFor="decided-filter">
          Decision
        </label>
        <select
          id="decided-filter"
          value={decision}
          onChange={(e) => setDecision(e.target.value as DecisionFilter)}
          className={`${inputClasses} h-8 w-auto py-0 text-xs`}
        >
          <option value="all">Approved and rejected</option>
          <option value="approve">Approved</option>
          <option value="reject">Rejected</option>
        </select>
        <label className="sr-only" htmlFor="decided-search">
          Search what you decided
        </label>
        <input
          id="decided-search"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Search title, requester, comment"
          className={`${inputClasses} h-8 min-w-0 flex-1 py-0 text-xs`}
        />
      </div>
      {shown.length === 0 ? (
        <p className="px-4 py-10 text-center text-sm text-zinc-600 dark:text-zinc-400">Nothing you decided matches.</p>
      ) : (
        <ul aria-label="Decided by me">
          {shown.map((entry) => (
            <DecidedRow key={entry.id} entry={entry} />
          ))}
        </ul>
      )}
    </div>
  );
}

function DecidedRow({ entry }: { entry: DecidedEntry }) {
  const approved = entry.decision === 'approve';
  const Icon = approved ? Check : X;
  return (
    <li data-testid="decided-item" className="flex gap-3 border-b border-zinc-100 px-3 py-2.5 last:border-b-0 dark:border-zinc-800/70">
      <span
        className={`mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full ${
          approved ? 'bg-emerald-50 text-emerald-700 dark:bg-emerald-400/10 dark:text-emerald-300' : 'bg-red-50 text-red-700 dark:bg-red-400/10 dark:text-red-300'
        }`}
      >
        <Icon className="size-3.5" aria-hidden />
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
          <Link href={entry.href} className="text-sm font-medium text-zinc-900 hover:text-accent-700 hover:underline dark:text-zinc-100">
            {entry.title}
          </Link>
          {entry.recordStatus && <StatusBadge status={entry.recordStatus} />}
        </div>
        <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          <span className={`font-medium ${approved ? 'text-emerald-800 dark:text-emerald-300' : 'text-red-800 dark:text-red-300'}`}>
            {approved ? 'You approved' : 'You rejected'}
          </span>
          {entry.onBehalfOf && <> for {entry.onBehalfOf.name}</>}
          {entry.step.total > 1 && <> step {entry.step.index + 1} of {entry.step.total}</>} <RelativeTime iso={entry.decidedAt} />
          {' · '}
          {entry.typeLabel}
          {entry.requester && <> for {entry.requester.name}</>}
          {entry.voided && <> · voided: the request was edited and its approval restarted</>}
          {entry.override && <> · admin override</>}
        </p>
        {entry.comment && <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">“{entry.comment}”</p>}
      </div>
    </li>
  );
}
