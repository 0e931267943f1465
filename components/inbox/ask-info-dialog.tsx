'use client';

import { Loader2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { inputClasses } from '@/components/ui/field';
import { askInfoAction } from '@/lib/actions/inbox';
import type { InboxEntry } from '@/lib/operations/inbox-view';

/**
 * "Ask for information" from the inbox: the approver's question goes to the requester, and the item
 * waits (blocked) for the answer, then comes back to the same approver.
 */
export function AskInfoDialog({ entry, onCancel, onAsked }: { entry: InboxEntry | null; onCancel: () => void; onAsked: (entry: InboxEntry) => void }) {
  const requester = entry?.requester?.name ?? 'the requester';
  return (
    <Modal
      open={entry !== null}
      onOpenChange={(open) => !open && onCancel()}
      title={entry ? `Ask ${requester} about “${entry.title}”` : ''}
      description={`The approval waits until ${requester} answers on the request; then it comes back to you.`}
    >
      {entry && <AskForm key={entry.id} entry={entry} requester={requester} onCancel={onCancel} onAsked={onAsked} />}
    </Modal>
  );
}

function AskForm({ entry, requester, onCancel, onAsked }: { entry: InboxEntry; requester: string; onCancel: () => void; onAsked: (entry: InboxEntry) => void }) {
  const [question, setQuestion] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!question.trim()) return setError('Write the question for the requester.');
    setBusy(true);
    setError(null);
    const result = await askInfoAction(entry.id, question);
    setBusy(false);
    if (!result.ok) return setError(result.errors?.[0]?.message ?? result.error);
    onAsked(entry);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <div>
        <label htmlFor="ask-info-question" className="block text-sm font-medium">
          Your question for {requester}
          <span className="ml-0.5 text-red-600" aria-hidden>
            *
          </span>
          <span className="sr-only"> (required)</span>
        </label>
        <textarea
          id="ask-info-question"
          autoFocus
          rows={4}
          maxLength={5000}
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void submit(e);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'ask-info-error' : 'ask-info-help'}
          className={`${inputClasses} mt-1`}
          placeholder="What do you need to know before deciding?"
        />
        {error ? (
          <p id="ask-info-error" className="mt-1 text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : (
          <p id="ask-info-help" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            Ctrl+Enter to send, Escape to cancel.
          </p>
        )}
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={busy}>
          {busy && <Loader2 className="size-4 animate-spin" aria-hidden />}
          Ask {requester.split(' ')[0]}
        </Button>
      </div>
    </form>
  );
}
