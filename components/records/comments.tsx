'use client';

import { Loader2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { addCommentAction } from '@/lib/actions/records';
import { Button } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';

export function CommentForm({ resource, id }: { resource: string; id: string }) {
  const router = useRouter();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!body.trim()) {
      setError('Write something first');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await addCommentAction(resource, id, body);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.errors[0]?.message ?? result.error.detail);
      return;
    }
    setBody('');
    toast.success('Comment added');
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-2" noValidate>
      <label htmlFor="comment-body" className="sr-only">
        Add a comment
      </label>
      <textarea
        id="comment-body"
        rows={3}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void submit(e);
        }}
        placeholder="Add a comment…"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'comment-error' : undefined}
        className={inputClasses}
      />
      <div className="flex items-center justify-between gap-2">
        {error ? (
          <p id="comment-error" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : (
          <p className="text-xs text-zinc-500 dark:text-zinc-400">Everyone who can see this request can read comments.</p>
        )}
        <Button type="submit" size="sm" disabled={busy}>
          {busy && <Loader2 className="size-4 animate-spin" aria-hidden />}
          Comment
        </Button>
      </div>
    </form>
  );
}
