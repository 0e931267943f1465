'use client';
/**
 * Safe decisions: a decision (single or bulk, by key or button) leaves the list at once and waits five
 * seconds behind a toast with Undo; then it is sent. Undo puts the rows back and nothing reaches the server.
 *
 * One timer is the undo window: the toast has no timer of its own (sonner's would run beside ours, pause on
 * hover and close the toast a moment before or after the send — an "Approved" landing on a toast already
 * on its way out was never seen). When our timer ends the window, the send starts and the same toast turns
 * into "Approving…", then into the server's answer; closing the toast ends the window early (sends now).
 *
 * Sending: through the inbox's server action (one call for a batch, each item decided on its own), also when
 * the inbox unmounts because the person navigated inside the app (the client keeps running). When the page
 * itself goes away (tab closed, reload, another site) a server action cannot outlive it, so `pagehide`
 * flushes what waits with `fetch(…, { keepalive: true })` to the REST endpoint of each item — the same
 * domain decision (performAction) — with an Idempotency-Key, so a decision is never made twice.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef } from 'react';
import { toast } from 'sonner';
import { decideAction, type Decision } from '@/lib/actions/inbox';
import type { InboxEntry } from '@/lib/operations/inbox-view';
import { explain, inboxKeys } from './use-inbox';

export const UNDO_WINDOW_MS = 5000;

export interface DecideVars {
  entries: InboxEntry[];
  decision: Decision;
  comment?: string;
}

interface Waiting extends DecideVars {
  key: string;
  timer: ReturnType<typeof setTimeout>;
  /** Set once the decision left for the server (by the timer, an unmount or pagehide): never twice. */
  sent: boolean;
}

function describe({ entries, decision }: DecideVars, done: boolean): string {
  const verb = decision === 'approve' ? (done ? 'Approved' : 'Approving') : done ? 'Rejected' : 'Rejecting';
  return entries.length === 1 ? `${verb} “${entries[0].title}”` : `${verb} ${entries.length} items`;
}

/** Sends what waits as the page goes away: requests the browser finishes after the page is gone. */
function sendWithKeepalive(waiting: Waiting): void {
  const body = JSON.stringify(waiting.comment?.trim() ? { comment: waiting.comment.trim() } : {});
  for (const entry of waiting.entries) {
    void fetch(`/api/v1/operations/pending/${encodeURIComponent(entry.id)}/${waiting.decision}`, {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `${waiting.key}-${entry.id}` },
      body,
    }).catch(() => undefined);
  }
}

export function useDeferredDecisions() {
  const client = useQueryClient();
  const router = useRouter();
  const waiting = useRef(new Map<string, Waiting>());

  const restore = useCallback(
    (entries: InboxEntry[]) => {
      const current = client.getQueryData<InboxEntry[]>(inboxKeys.all) ?? [];
      const have = new Set(current.map((e) => e.id));
      const back = entries.filter((e) => !have.has(e.id));
      // Back in the inbox's order: most urgent first (priority, then due date, then age).
      const order = (e: InboxEntry) => [e.priority, e.dueAt ?? '\uffff', e.createdAt] as const;
      const merged = [...current, ...back].sort((a, b) => {
        const [pa, da, ca] = order(a);
        const [pb, db, cb] = order(b);
        return pa - pb || da.localeCompare(db) || ca.localeCompare(cb);
      });
      client.setQueryData(inboxKeys.all, merged);
    },
    [client],
  );

  const send = useCallback(
    async (item: Waiting) => {
      // Undone (no longer waiting) or already on its way: never sent, never twice.
      if (item.sent || waiting.current.get(item.key) !== item) return;
      item.sent = true;
      clearTimeout(item.timer);
      waiting.current.delete(item.key);
      toast.loading(`${describe(item, false)}…`, { id: item.key, description: undefined, action: undefined, onDismiss: undefined, duration: Infinity });
      try {
        const result = await decideAction(
          item.entries.map((e) => e.id),
          item.decision,
          item.comment,
        );
        if (!result.ok) {
          restore(item.entries);
          toast.error(explain(result, item.entries.length === 1 ? item.entries[0].title : `${item.entries.length} items`), { id: item.key, duration: 8000 });
          return;
        }
        const failedIds = new Set(result.failed.map((f) => f.id));
        if (failedIds.size > 0) restore(item.entries.filter((e) => failedIds.has(e.id)));
        for (const failure of result.failed) {
          toast.error(explain(failure, item.entries.find((e) => e.id === failure.id)?.title ?? 'This item'), { duration: 8000 });
        }
        const done = item.entries.filter((e) => result.decided.includes(e.id));
        if (done.length > 0) toast.success(describe({ ...item, entries: done }, true), { id: item.key, duration: 4000 });
        else toast.dismiss(item.key);
      } catch {
        restore(item.entries);
        toast.error('The decision did not reach the server. Check your connection and try again.', { id: item.key, duration: 8000 });
      } finally {
        await client.invalidateQueries({ queryKey: inboxKeys.all });
        router.refresh();
      }
    },
    [client, restore, router],
  );

  const undo = useCallback(
    (key: string) => {
      const item = waiting.current.get(key);
      if (!item || item.sent) return;
      clearTimeout(item.timer);
      waiting.current.delete(key);
      restore(item.entries);
      toast.info(item.entries.length === 1 ? `Undone: “${item.entries[0].title}” is back in your inbox` : `Undone: ${item.entries.length} items are back in your inbox`, {
        id: key,
        description: undefined,
        action: undefined,
        onDismiss: undefined,
        duration: 3000,
      });
    },
    [restore],
  );

  const schedule = useCallback(
    (vars: DecideVars) => {
      if (vars.entries.length === 0) return;
      const key = `dec-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      const ids = new Set(vars.entries.map((e) => e.id));
      // Only the inbox's own list (exact): "Decided by me" (["inbox", "decided"]) keeps its refetch.
      void client.cancelQueries({ queryKey: inboxKeys.all, exact: true });
      client.setQueryData<InboxEntry[]>(inboxKeys.all, (current = []) => current.filter((e) => !ids.has(e.id)));
      const item: Waiting = { ...vars, key, sent: false, timer: setTimeout(() => void send(item), UNDO_WINDOW_MS) };
      waiting.current.set(key, item);
      // No duration of its own: the toast stays exactly until the timer above sends (or Undo).
      toast(describe(vars, false), {
        id: key,
        description: 'Sent in 5 seconds.',
        duration: Infinity,
        action: { label: 'Undo', onClick: () => undo(key) },
        onDismiss: () => void send(item),
      });
    },
    [client, send, undo],
  );

  // Leaving the inbox inside the app: what waits is sent now. Closing or reloading the page: keepalive.
  const sendRef = useRef(send);
  useEffect(() => {
    sendRef.current = send;
  }, [send]);
  useEffect(() => {
    const pending = waiting.current;
    const onPageHide = () => {
      for (const item of pending.values()) {
        if (item.sent) continue;
        item.sent = true;
        clearTimeout(item.timer);
        sendWithKeepalive(item);
      }
      pending.clear();
    };
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      for (const item of [...pending.values()]) void sendRef.current(item);
    };
  }, []);

  return { schedule, undo };
}
