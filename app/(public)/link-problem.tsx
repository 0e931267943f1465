import Link from 'next/link';
import type { LinkState } from '@/lib/people/links';

const WORDS: Record<Exclude<LinkState, 'valid'>, string> = {
  used: 'This link has been used already. Links work once.',
  expired: 'This link has expired.',
  invalid: 'This link is not valid: it may have been replaced by a newer one, or mistyped.',
};

/** Why a link from an email no longer works, and what to do instead. */
export function LinkProblem({ state, next }: { state: Exclude<LinkState, 'valid'>; next: 'invitation' | 'reset' }) {
  return (
    <div className="space-y-4" data-testid="link-problem">
      <p>{WORDS[state]}</p>
      <p className="text-zinc-600 dark:text-zinc-400">
        {next === 'invitation' ? 'Ask your administrator to invite you again, or sign in if you already set a password.' : 'Ask for a new link; it works for 1 hour.'}
      </p>
      <div className="flex justify-end gap-3">
        <Link href={next === 'invitation' ? '/signin' : '/forgot-password'} className="text-sm font-medium text-accent-700 underline-offset-2 hover:underline dark:text-accent-100">
          {next === 'invitation' ? 'Go to sign in' : 'Ask for a new link'}
        </Link>
      </div>
    </div>
  );
}
