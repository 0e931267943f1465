'use client';

import { AlertTriangle, ArrowUpRight, Check, ChevronsUp, ClipboardList, Hourglass, MessageCircleQuestion, X } from 'lucide-react';
import Link from 'next/link';
import { forwardRef } from 'react';
import { DueIn } from '@/components/ui/due-in';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import { humanize } from '@/lib/format';
import type { DeskAction, InboxEntry } from '@/lib/operations/inbox-view';

// A thumb-sized target on a phone (44 px), compact beside the row on a wider screen.
const miniButton =
  'inline-flex h-11 items-center gap-1 rounded-md px-3 text-sm font-medium transition-colors disabled:opacity-50 focus-visible:outline-2 md:h-7 md:px-2 md:text-xs';
const TONES: Record<DeskAction['tone'] | 'approve', string> = {
  approve: 'bg-accent-600 text-white hover:bg-accent-700',
  primary: 'bg-accent-600 text-white hover:bg-accent-700',
  danger: 'text-red-700 ring-1 ring-inset ring-zinc-300 hover:bg-red-50 dark:text-red-400 dark:ring-zinc-700 dark:hover:bg-red-950/40',
  neutral: 'text-zinc-700 ring-1 ring-inset ring-zinc-300 hover:bg-zinc-100 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-800',
};

const DESKS: Record<string, string> = { it: 'IT', hr: 'HR', travel: 'Travel', admin: 'Admin' };

function PriorityMark({ priority }: { priority: number }) {
  if (priority <= 1)
    return (
      <span title="Urgent (priority 1)" className="text-red-600 dark:text-red-400">
        <ChevronsUp className="size-4" aria-hidden />
        <span className="sr-only">Urgent</span>
      </span>
    );
  if (priority === 2)
    return (
      <span title="High (priority 2)" className="text-amber-600 dark:text-amber-400">
        <ChevronsUp className="size-4" aria-hidden />
        <span className="sr-only">High priority</span>
      </span>
    );
  return <span className="size-4" title={`Priority ${priority}`} aria-hidden />;
}

export interface InboxRowProps {
  entry: InboxEntry;
  focused: boolean;
  selected: boolean;
  onFocus: () => void;
  onToggle: () => void;
  onApprove: () => void;
  onReject: () => void;
  onAsk: () => void;
  onDesk: (action: DeskAction) => void;
}

export const InboxRow = forwardRef<HTMLLIElement, InboxRowProps>(function InboxRow(
  { entry, focused, selected, onFocus, onToggle, onApprove, onReject, onAsk, onDesk },
  ref,
) {
  const headingId = `inbox-${entry.id}-title`;
  return (
    <li
      ref={ref}
      tabIndex={-1}
      aria-labelledby={headingId}
      aria-current={focused ? 'true' : undefined}
      data-testid="inbox-item"
      data-id={entry.id}
      data-kind={entry.kind}
      onClick={onFocus}
      className={`group relative flex flex-wrap gap-x-3 gap-y-2 border-b md:flex-nowrap border-zinc-100 px-3 py-2.5 outline-none focus-visible:outline-none! last:border-b-0 dark:border-zinc-800/70 ${
        focused ? 'bg-accent-50/70 dark:bg-accent-600/10' : selected ? 'bg-zinc-50 dark:bg-zinc-900' : 'hover:bg-zinc-50/70 dark:hover:bg-zinc-900/50'
      }`}
    >
      {focused && <span className="absolute inset-y-0 left-0 w-0.5 bg-accent-600" aria-hidden />}
      <div className="flex items-start gap-2 pt-0.5">
        {entry.kind === 'approval' && !entry.blockedReason ? (
          <input
            type="checkbox"
            checked={selected}
            onChange={onToggle}
            onClick={(e) => e.stopPropagation()}
            aria-label={`Select “${entry.title}”`}
            title="Select (x)"
            className="mt-0.5 size-3.5 rounded border-zinc-300 accent-accent-600"
          />
        ) : (
          <span className="size-3.5" aria-hidden />
        )}
        <PriorityMark priority={entry.priority} />
      </div>

      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
          <h3 id={headingId} className="min-w-0 break-words text-sm font-medium md:truncate text-zinc-900 dark:text-zinc-50">
            <Link href={entry.href} className="hover:underline" onClick={(e) => e.stopPropagation()}>
              {entry.title}
            </Link>
          </h3>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            {entry.kind === 'approval' ? (
              <>
                {entry.typeLabel} · approval{entry.step && entry.step.total > 1 ? ` step ${entry.step.index + 1} of ${entry.step.total}` : ''}
              </>
            ) : (
              <span className="inline-flex items-center gap-1">
                <ClipboardList className="size-3" aria-hidden />
                {entry.typeLabel} · {DESKS[entry.deskRole ?? ''] ?? humanize(entry.deskRole)} desk task
              </span>
            )}
            {entry.requester && <> · from <span className="text-zinc-700 dark:text-zinc-300">{entry.requester.name}</span></>}
          </span>
          {entry.onBehalfOf && (
            <span
              className="self-center rounded-full bg-accent-50 px-1.5 py-px text-xs font-medium text-accent-700 ring-1 ring-inset ring-accent-600/20 dark:bg-accent-600/20 dark:text-accent-100"
              title={`${entry.onBehalfOf.name} is away: you decide this on their behalf`}
              data-testid="on-behalf-of"
            >
              for {entry.onBehalfOf.name.split(' ')[0]}
              <span className="sr-only"> ({entry.onBehalfOf.name} is away; you decide on their behalf)</span>
            </span>
          )}
          {entry.kind === 'task' && entry.recordStatus && (
            <span className="self-center">
              <span className="sr-only">Status: </span>
              <StatusBadge status={entry.recordStatus} />
            </span>
          )}
        </div>
        {entry.fields.length > 0 && (
          <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
            {entry.fields.map((field) => (
              <div key={field.label} className="flex gap-1">
                <dt className="text-zinc-500 dark:text-zinc-400">{field.label}</dt>
                <dd className="font-medium text-zinc-800 dark:text-zinc-200">{field.value}</dd>
              </div>
            ))}
          </dl>
        )}
        {entry.summary && <p className="mt-1 line-clamp-2 text-xs text-zinc-600 dark:text-zinc-400">{entry.summary}</p>}
        {entry.blockedReason && (
          <p className="mt-1.5 inline-flex items-start gap-1.5 rounded-md bg-amber-50 px-2 py-1 text-xs font-medium text-amber-900 dark:bg-amber-400/10 dark:text-amber-200" data-testid="blocked-reason">
            <Hourglass className="mt-px size-3.5 shrink-0" aria-hidden />
            {entry.blockedReason}
          </p>
        )}
      </div>

      {/* On a phone: a line of its own under the text (the due time, then the buttons); beside it from md up. */}
      <div className="flex w-full flex-wrap items-center justify-between gap-x-3 gap-y-1.5 pl-12.5 md:w-auto md:shrink-0 md:flex-col md:flex-nowrap md:items-end md:justify-start md:pl-0">
        <span className={`text-xs tabular-nums ${entry.overdue ? 'font-medium text-red-700 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400'}`}>
          {entry.waitingForAnswer && entry.dueAt ? (
            <span title="The SLA clock waits while the requester's answer is awaited">Clock paused</span>
          ) : entry.overdue && entry.dueAt ? (
            <span className="inline-flex items-center gap-1" data-testid="overdue">
              <AlertTriangle className="size-3" aria-hidden />
              <DueIn iso={entry.dueAt} capitalize />
            </span>
          ) : entry.dueAt ? (
            <DueIn iso={entry.dueAt} capitalize />
          ) : (
            <RelativeTime iso={entry.createdAt} />
          )}
        </span>
        <div className="flex items-center gap-2 md:gap-1" onClick={(e) => e.stopPropagation()}>
          {entry.kind === 'approval' && entry.blockedReason ? (
            <Link href={entry.href} className={`${miniButton} ${TONES.neutral}`} aria-label={`Open “${entry.title}”`}>
              Open
              <ArrowUpRight className="size-3.5" aria-hidden />
            </Link>
          ) : entry.kind === 'approval' ? (
            <>
              <button type="button" className={`${miniButton} ${TONES.neutral}`} onClick={onAsk} aria-label={`Ask for information about “${entry.title}”`} title="Ask the requester for information (i)">
                <MessageCircleQuestion className="size-3.5" aria-hidden />
                Ask
              </button>
              <button type="button" className={`${miniButton} ${TONES.danger}`} onClick={onReject} aria-label={`Reject “${entry.title}”`} title="Reject (r)">
                <X className="size-3.5" aria-hidden />
                Reject
              </button>
              <button type="button" className={`${miniButton} ${TONES.approve}`} onClick={onApprove} aria-label={`Approve “${entry.title}”`} title="Approve (a)">
                <Check className="size-3.5" aria-hidden />
                Approve
              </button>
            </>
          ) : (
            <>
              {entry.deskActions.map((action) => (
                <button key={`${action.action}:${action.opens ?? ''}`} type="button" className={`${miniButton} ${TONES[action.tone]}`} onClick={() => onDesk(action)}>
                  {action.label}
                  {(action.fields.length > 0 || action.opens) && '…'}
                </button>
              ))}
              <Link href={entry.href} className={`${miniButton} ${TONES.neutral}`} aria-label={`Open “${entry.title}”`}>
                Open
                <ArrowUpRight className="size-3.5" aria-hidden />
              </Link>
            </>
          )}
        </div>
      </div>
    </li>
  );
});
