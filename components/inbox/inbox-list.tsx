'use client';

import { useQueryClient } from '@tanstack/react-query';
import { Check, CheckCircle2, Keyboard, X } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { parseAsStringLiteral, useQueryState } from 'nuqs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import type { DecidedEntry } from '@/lib/operations/inbox-decided';
import type { DeskAction, InboxEntry } from '@/lib/operations/inbox-view';
import { AskInfoDialog } from './ask-info-dialog';
import { DecidedList } from './decided-list';
import { DecisionDialog, type DecisionRequest } from './decision-dialog';
import { GenerateDocumentDialog } from '@/components/documents/generate-document-dialog';
import { DeskActionDialog, type DeskRequest } from './desk-action-dialog';
import { InboxRow } from './inbox-row';
import { ShortcutsDialog } from './shortcuts-dialog';
import { useDeferredDecisions } from './use-deferred-decisions';
import { inboxKeys, useDeskAction, useInbox } from './use-inbox';

const FILTERS = ['all', 'approval', 'task', 'decided'] as const;
type Filter = (typeof FILTERS)[number];
const FILTER_LABELS: Record<Filter, string> = { all: 'All', approval: 'Approvals', task: 'Desk tasks', decided: 'Decided by me' };

/** An approval that can be decided now (not waiting for the requester's answer). */
const decidable = (entry: InboxEntry) => entry.kind === 'approval' && !entry.blockedReason;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function InboxList({
  initial,
  decided,
  total,
  totalLabel,
}: {
  initial: InboxEntry[];
  decided: DecidedEntry[];
  /** Everything waiting on the person; `initial` holds the most urgent of it. totalLabel: in their format. */
  total: number;
  totalLabel: string;
}) {
  const router = useRouter();
  const { data: entries = [] } = useInbox(initial);
  const decide = useDeferredDecisions();
  const desk = useDeskAction();

  const [filter, setFilter] = useQueryState('view', parseAsStringLiteral(FILTERS).withDefault('all'));
  const [focusIndex, setFocusIndex] = useState(0);
  const [selectedIds, setSelectedIds] = useState<Set<string>>(() => new Set());
  const [decision, setDecision] = useState<(DecisionRequest & { entries: InboxEntry[] }) | null>(null);
  const [deskRequest, setDeskRequest] = useState<DeskRequest | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [asking, setAsking] = useState<InboxEntry | null>(null);
  const [documentFor, setDocumentFor] = useState<InboxEntry | null>(null);
  const queryClient = useQueryClient();
  const rows = useRef(new Map<string, HTMLLIElement>());

  const visible = useMemo(() => (filter === 'decided' ? [] : filter === 'all' ? entries : entries.filter((e) => e.kind === filter)), [entries, filter]);
  // The tabs count what is loaded; when that is only the most urgent part of a longer inbox, they say so ("200+").
  const partial = total > initial.length;
  const counts = useMemo(() => {
    const shown = (n: number) => (partial && n > 0 ? `${n}+` : String(n));
    return { all: shown(entries.length), approval: shown(entries.filter((e) => e.kind === 'approval').length), task: shown(entries.filter((e) => e.kind === 'task').length), decided: null };
  }, [entries, partial]);
  // Items leave the list when decided; the selection and focus follow what is still there.
  const selected = useMemo(() => visible.filter((e) => selectedIds.has(e.id) && decidable(e)), [visible, selectedIds]);
  const index = Math.min(focusIndex, Math.max(visible.length - 1, 0));
  const focused = visible[index];
  const dialogOpen = decision !== null || deskRequest !== null || helpOpen || asking !== null || documentFor !== null;

  const toggle = (id: string) =>
    setSelectedIds((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const approveNow = (entry: InboxEntry) => decide.schedule({ entries: [entry], decision: 'approve' });
  const askDecision = (kind: 'approve' | 'reject', list: InboxEntry[]) => {
    if (list.length > 0) setDecision({ decision: kind, titles: list.map((e) => e.title), entries: list });
  };
  const runDesk = (entry: InboxEntry, action: DeskAction) => {
    if (action.opens === 'document') setDocumentFor(entry);
    else if (action.fields.length > 0) setDeskRequest({ entry, action });
    else desk.mutate({ entry, action: action.action, label: action.label, closesTask: action.closesTask, body: {} });
  };

  const move = (to: number) => {
    const next = Math.max(0, Math.min(to, visible.length - 1));
    setFocusIndex(next);
    const entry = visible[next];
    const row = entry && rows.current.get(entry.id);
    row?.focus({ preventScroll: true });
    row?.scrollIntoView({ block: 'nearest' });
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (dialogOpen || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      const key = event.key;
      if (key === '?') {
        event.preventDefault();
        setHelpOpen(true);
        return;
      }
      if (visible.length === 0) return;
      if (key === 'j' || key === 'ArrowDown') {
        event.preventDefault();
        move(index + 1);
      } else if (key === 'k' || key === 'ArrowUp') {
        event.preventDefault();
        move(index - 1);
      } else if (key === 'x' && focused) {
        event.preventDefault();
        if (decidable(focused)) toggle(focused.id);
        else if (focused.kind === 'approval') toast.info(focused.blockedReason ?? 'This approval waits.');
        else toast.info('Desk tasks are worked one at a time: use their own actions.');
      } else if (key === 'i' && focused) {
        event.preventDefault();
        if (decidable(focused)) setAsking(focused);
        else if (focused.kind === 'approval') toast.info(focused.blockedReason ?? 'This approval waits.');
        else toast.info('Questions are asked on approvals: open the request to comment on a desk task.');
      } else if (key === 'a' || key === 'r') {
        event.preventDefault();
        const kind = key === 'a' ? 'approve' : 'reject';
        if (selected.length > 0) askDecision(kind, selected);
        else if (focused?.kind === 'approval' && focused.blockedReason) toast.info(focused.blockedReason);
        else if (focused?.kind === 'approval') {
          if (kind === 'approve') approveNow(focused);
          else askDecision('reject', [focused]);
        } else if (focused) toast.info('This is a desk task: take its action on the right, or press o to open it.');
      } else if ((key === 'o' || key === 'Enter') && focused && !(event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)) {
        event.preventDefault();
        router.push(focused.href);
      } else if (key === 'Escape' && selectedIds.size > 0) {
        setSelectedIds(new Set());
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const allApprovals = visible.filter(decidable);
  const allSelected = allApprovals.length > 0 && selected.length === allApprovals.length;

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        {/* Two by two on a phone, so no tab breaks its words or hides past the edge; one line from md up. */}
        <div role="tablist" aria-label="Show" className="grid w-full grid-cols-2 gap-0.5 rounded-lg bg-zinc-100 p-0.5 text-sm md:inline-flex md:w-auto dark:bg-zinc-900">
          {FILTERS.map((value) => (
            <button
              key={value}
              role="tab"
              type="button"
              aria-selected={filter === value}
              onClick={() => {
                void setFilter(value === 'all' ? null : value);
                setFocusIndex(0);
              }}
              className={`whitespace-nowrap rounded-md px-2.5 py-2.5 font-medium md:py-1 ${
                filter === value ? 'bg-white text-zinc-900 shadow-xs dark:bg-zinc-800 dark:text-white' : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white'
              }`}
            >
              {FILTER_LABELS[value]}
              {counts[value] !== null && <span className="ml-1.5 tabular-nums text-zinc-600 dark:text-zinc-300">{counts[value]}</span>}
            </button>
          ))}
        </div>
        <button
          type="button"
          onClick={() => setHelpOpen(true)}
          className="hidden items-center gap-1.5 rounded-md px-2 py-1 text-xs text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 md:inline-flex dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
        >
          <Keyboard className="size-3.5" aria-hidden />
          Shortcuts
          <kbd className="rounded border border-zinc-300 px-1 font-mono text-[10px] dark:border-zinc-700">?</kbd>
        </button>
      </div>

      {filter === 'decided' ? (
        <DecidedList initial={decided} />
      ) : entries.length === 0 ? (
        <EmptyState
          icon={CheckCircle2}
          title="Your inbox is clear"
          description="Nothing waits on you right now. Approvals and desk tasks assigned to you or your role will show up here."
        />
      ) : (
      <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
        <div className="flex h-10 items-center gap-3 border-b border-zinc-200 bg-zinc-50/80 px-3 text-xs text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-400">
          {allApprovals.length > 0 ? (
            <input
              type="checkbox"
              aria-label="Select all approvals"
              checked={allSelected}
              onChange={() => setSelectedIds(allSelected ? new Set() : new Set(allApprovals.map((e) => e.id)))}
              className="size-3.5 rounded border-zinc-300 accent-accent-600"
            />
          ) : (
            <span className="size-3.5" aria-hidden />
          )}
          {selected.length > 0 ? (
            <div className="flex flex-1 items-center gap-2" data-testid="bulk-bar">
              <span className="font-medium text-zinc-900 dark:text-zinc-100">{selected.length} selected</span>
              <Button size="sm" variant="primary" onClick={() => askDecision('approve', selected)}>
                <Check className="size-3.5" aria-hidden />
                Approve selected
              </Button>
              <Button size="sm" variant="secondary" className="text-red-700 dark:text-red-400" onClick={() => askDecision('reject', selected)}>
                <X className="size-3.5" aria-hidden />
                Reject selected
              </Button>
              <button type="button" className="ml-auto hover:text-zinc-900 dark:hover:text-white" onClick={() => setSelectedIds(new Set())}>
                Clear
              </button>
            </div>
          ) : (
            <span className="flex-1">Most urgent first: priority, then time to breach</span>
          )}
        </div>
        {visible.length === 0 ? (
          <p className="px-4 py-10 text-center text-sm text-zinc-600 dark:text-zinc-400">
            {filter === 'approval' ? 'No approvals wait on you.' : 'No desk tasks wait on you.'}
          </p>
        ) : (
          <ul aria-label="Waiting on you">
            {visible.map((entry, i) => (
              <InboxRow
                key={entry.id}
                ref={(node) => {
                  if (node) rows.current.set(entry.id, node);
                  else rows.current.delete(entry.id);
                }}
                entry={entry}
                focused={i === index}
                selected={selectedIds.has(entry.id)}
                onFocus={() => setFocusIndex(i)}
                onToggle={() => toggle(entry.id)}
                onApprove={() => approveNow(entry)}
                onReject={() => askDecision('reject', [entry])}
                onAsk={() => setAsking(entry)}
                onDesk={(action) => runDesk(entry, action)}
              />
            ))}
          </ul>
        )}
        {partial && filter === 'all' ? (
          <p className="border-t border-zinc-200 px-3 py-2 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            These are the {initial.length} most urgent of the {totalLabel} items waiting on you; as you decide them, the next ones move up.
          </p>
        ) : null}
      </div>
      )}

      <DecisionDialog
        request={decision}
        onCancel={() => setDecision(null)}
        onConfirm={(comment) => {
          if (!decision) return;
          decide.schedule({ entries: decision.entries, decision: decision.decision, comment });
          setSelectedIds((current) => {
            const next = new Set(current);
            for (const e of decision.entries) next.delete(e.id);
            return next;
          });
          setDecision(null);
        }}
      />
      <DeskActionDialog
        request={deskRequest}
        onCancel={() => setDeskRequest(null)}
        onConfirm={(body) => {
          if (!deskRequest) return;
          const { entry, action } = deskRequest;
          desk.mutate({ entry, action: action.action, label: action.label, closesTask: action.closesTask, body });
          setDeskRequest(null);
        }}
      />
      <AskInfoDialog
        entry={asking}
        onCancel={() => setAsking(null)}
        onAsked={(entry) => {
          setAsking(null);
          toast.success(`Asked ${entry.requester?.name ?? 'the requester'}`, { description: `“${entry.title}” waits for the answer, then comes back to you.` });
          void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
          router.refresh();
        }}
      />
      {documentFor && (
        <GenerateDocumentDialog
          open
          onOpenChange={(open) => !open && setDocumentFor(null)}
          hrRequestId={documentFor.entityId}
          requestTitle={documentFor.title}
          requesterName={documentFor.requester?.name ?? null}
          canFulfil
          onFulfilled={() => void queryClient.invalidateQueries({ queryKey: inboxKeys.all })}
        />
      )}
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} />
    </div>
  );
}
