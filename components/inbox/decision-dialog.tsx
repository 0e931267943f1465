'use client';

import { useState } from 'react';
import { Modal } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import { Field, inputClasses } from '@/components/ui/field';

export interface DecisionRequest {
  decision: 'approve' | 'reject';
  titles: string[];
}

/** The comment step of a decision: reject one item, or approve/reject several with one comment. */
export function DecisionDialog({
  request,
  onCancel,
  onConfirm,
}: {
  request: DecisionRequest | null;
  onCancel: () => void;
  onConfirm: (comment: string) => void;
}) {
  return (
    <Modal
      open={request !== null}
      onOpenChange={(open) => !open && onCancel()}
      title={request ? titleOf(request) : ''}
      description={request?.decision === 'reject' ? 'The requester sees your reason on their request.' : 'Your comment is kept with each decision.'}
    >
      {request && <DecisionForm key={request.titles.join('|')} request={request} onCancel={onCancel} onConfirm={onConfirm} />}
    </Modal>
  );
}

function titleOf({ decision, titles }: DecisionRequest): string {
  const verb = decision === 'approve' ? 'Approve' : 'Reject';
  return titles.length === 1 ? `${verb} “${titles[0]}”` : `${verb} ${titles.length} items`;
}

function DecisionForm({ request, onCancel, onConfirm }: { request: DecisionRequest; onCancel: () => void; onConfirm: (comment: string) => void }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const rejecting = request.decision === 'reject';
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    // A rejection says why: the requester reads the reason on their request (the server refuses one without).
    if (rejecting && !comment.trim()) {
      setError('Give the reason: the requester sees it on their request.');
      return;
    }
    onConfirm(comment.trim());
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {request.titles.length > 1 && (
        <ul className="max-h-32 overflow-auto rounded-md border border-zinc-200 px-3 py-2 text-sm text-zinc-700 dark:border-zinc-800 dark:text-zinc-300">
          {request.titles.map((title, i) => (
            <li key={i} className="truncate">
              {title}
            </li>
          ))}
        </ul>
      )}
      <Field
        id="decision-comment"
        label={rejecting ? 'Reason for the requester' : 'Comment (optional)'}
        required={rejecting}
        error={error ?? undefined}
        help="Ctrl+Enter to confirm, Escape to cancel. You can undo for 5 seconds after confirming."
      >
        <textarea
          id="decision-comment"
          autoFocus
          rows={3}
          maxLength={2000}
          value={comment}
          aria-invalid={error ? true : undefined}
          aria-required={rejecting || undefined}
          aria-describedby={error ? 'decision-comment-error decision-comment-help' : 'decision-comment-help'}
          onChange={(e) => {
            setComment(e.target.value);
            if (error && e.target.value.trim()) setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit(e);
          }}
          className={inputClasses}
          placeholder={rejecting ? 'Why it cannot go ahead, and what to do instead' : 'Anything the requester or the next step should know'}
        />
      </Field>
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Back
        </Button>
        <Button type="submit" variant={request.decision === 'approve' ? 'primary' : 'danger'}>
          {request.decision === 'approve' ? 'Approve' : 'Reject'}
          {request.titles.length > 1 ? ` ${request.titles.length}` : ''}
        </Button>
      </div>
    </form>
  );
}
