'use client';
/**
 * The inbox's data on the client: one react-query cache entry, seeded by the server component and
 * refetched through a server action; desk actions remove their items at once and put them back, with a
 * toast saying why, when the server refuses (409: someone else decided first). Decisions wait five
 * seconds for an Undo first: use-deferred-decisions.ts.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { deskAction, fetchInboxAction } from '@/lib/actions/inbox';
import type { ActionFailure } from '@/lib/actions/run-action';
import type { InboxEntry } from '@/lib/operations/inbox-view';

export const inboxKeys = { all: ['inbox'] as const };

export function useInbox(initial: InboxEntry[]) {
  return useQuery({
    queryKey: inboxKeys.all,
    queryFn: async () => {
      const result = await fetchInboxAction();
      if (!result.ok) throw new Error(result.error);
      return result.entries;
    },
    initialData: initial,
    refetchOnWindowFocus: true,
  });
}

export function explain(failure: Pick<ActionFailure, 'status' | 'error'>, title: string): string {
  if (failure.status === 409) return `“${title}” was already decided or moved on by someone else. Your inbox is up to date now.`;
  if (failure.status === 403) return `You may not act on “${title}”: ${failure.error}`;
  if (failure.status === 404) return `“${title}” is no longer visible to you.`;
  return `“${title}”: ${failure.error}`;
}

/** Optimistically removes entries, then restores the ones the server refused. */
function useOptimisticRemoval<V>(run: (vars: V) => Promise<{ done: string[]; failed: ({ id: string } & ActionFailure)[]; message: string }>, idsOf: (vars: V) => string[]) {
  const client = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: run,
    onMutate: async (vars: V) => {
      await client.cancelQueries({ queryKey: inboxKeys.all });
      const previous = client.getQueryData<InboxEntry[]>(inboxKeys.all) ?? [];
      const ids = new Set(idsOf(vars));
      client.setQueryData<InboxEntry[]>(inboxKeys.all, previous.filter((entry) => !ids.has(entry.id)));
      return { previous };
    },
    onSuccess: (result, _vars, context) => {
      const titleOf = (id: string) => context?.previous.find((e) => e.id === id)?.title ?? 'This item';
      if (result.failed.length > 0) {
        const failedIds = new Set(result.failed.map((f) => f.id));
        const current = client.getQueryData<InboxEntry[]>(inboxKeys.all) ?? [];
        const restored = (context?.previous ?? []).filter((e) => failedIds.has(e.id) || current.some((c) => c.id === e.id));
        client.setQueryData(inboxKeys.all, restored);
        for (const failure of result.failed) toast.error(explain(failure, titleOf(failure.id)));
      }
      if (result.done.length > 0) toast.success(result.message);
    },
    onError: (_error, _vars, context) => {
      if (context) client.setQueryData(inboxKeys.all, context.previous);
      toast.error('The change did not reach the server. Check your connection and try again.');
    },
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: inboxKeys.all });
      router.refresh();
    },
  });
}

export interface DeskVars {
  entry: Pick<InboxEntry, 'id' | 'title' | 'entityType' | 'entityId'>;
  action: string;
  label: string;
  closesTask: boolean;
  body: Record<string, unknown>;
}

export function useDeskAction() {
  return useOptimisticRemoval<DeskVars>(
    async ({ entry, action, label, body }) => {
      const result = await deskAction(entry.entityType, entry.entityId, action, body);
      if (!result.ok) return { done: [], failed: [{ ...result, id: entry.id }], message: '' };
      return { done: [entry.id], failed: [], message: `${label}: “${entry.title}” is now ${result.status.replace(/_/g, ' ')}` };
    },
    // An action that only moves work on (HR "start", equipment "ordered") keeps the task in the inbox.
    (vars) => (vars.closesTask ? [vars.entry.id] : []),
  );
}
