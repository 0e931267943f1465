'use client';

import { Loader2, MessageCircleQuestion } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { performActionAction } from '@/lib/actions/records';
import { Button } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';
import { RelativeTime } from '@/components/ui/relative-time';
import type { InfoRequest } from './detail-data';

const first = (name: string) => name.split(' ')[0];

/**
 * An approver's open question (engine.md §3). The requester reads "Waiting for your answer" with a box to
 * answer; the asker and everyone else read who waits on whom. Answering sends the approval back to the
 * same approver.
 */
export function InfoRequestPanel({ request, viewerId, names }: { request: InfoRequest; viewerId: string; names: Map<string, string> }) {
  const asker = names.get(request.askedBy) ?? 'The approver';
  const requester = request.requesterId ? (names.get(request.requesterId) ?? 'the requester') : 'the requester';
  const youAnswer = viewerId === request.requesterId;
  const heading = youAnswer
    ? 'Waiting for your answer'
    : viewerId === request.askedBy
      ? `Waiting for ${first(requester)} to answer your question`
      : `Waiting for ${first(requester)} to answer ${first(asker)}’s question`;
  return (
    <div className="rounded-lg border border-amber-300 bg-amber-50 p-3 dark:border-amber-500/40 dark:bg-amber-400/10" data-testid="info-request">
      <p className="flex items-start gap-2 text-sm font-semibold text-amber-950 dark:text-amber-100">
        <MessageCircleQuestion className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>
          {heading}
          {youAnswer && request.question ? ':' : ''}
        </span>
      </p>
      {request.question && (
        <blockquote className="mt-2 rounded-md bg-white px-2.5 py-2 text-sm whitespace-pre-wrap text-zinc-900 ring-1 ring-amber-200 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-amber-500/30">
          {request.question}
          <footer className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            {asker}
            {request.askedAt && (
              <>
                {' '}
                · <RelativeTime iso={request.askedAt} />
              </>
            )}
          </footer>
        </blockquote>
      )}
      {youAnswer && <AnswerForm itemId={request.itemId} asker={asker} />}
    </div>
  );
}

function AnswerForm({ itemId, asker }: { itemId: string; asker: string }) {
  const router = useRouter();
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!answer.trim()) return setError(`Write your answer for ${first(asker)}.`);
    setBusy(true);
    setError(null);
    const result = await performActionAction('pending', itemId, 'respond', { comment: answer.trim() });
    setBusy(false);
    if (!result.ok) return setError(result.error.errors[0]?.message ?? result.error.detail);
    toast.success('Answer sent', { description: `The approval is back with ${asker}.` });
    setAnswer('');
    router.refresh();
  }

  return (
    <form onSubmit={submit} noValidate className="mt-3 space-y-2">
      <label htmlFor="info-answer" className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">
        Your answer
      </label>
      <textarea
        id="info-answer"
        rows={3}
        maxLength={5000}
        value={answer}
        onChange={(e) => setAnswer(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'info-answer-error' : undefined}
        className={inputClasses}
      />
      {error && (
        <p id="info-answer-error" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={busy}>
          {busy && <Loader2 className="size-4 animate-spin" aria-hidden />}
          Send answer
        </Button>
      </div>
    </form>
  );
}
