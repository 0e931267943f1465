'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClasses } from '@/components/ui/field';
import { requestPasswordResetAction } from '@/lib/actions/account-links';

/** Ask for a reset link: the answer is the same whether or not the email has an account. */
export function ForgotPasswordForm() {
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const email = String(new FormData(event.currentTarget).get('email') ?? '');
        setError(null);
        startTransition(async () => {
          const result = await requestPasswordResetAction(email);
          if (result.ok) setMessage(result.message);
          else setError(result.errors?.[0]?.message ?? result.error);
        });
      }}
    >
      <Field id="email" label="Email" help="The email you sign in with." error={error ?? undefined} required>
        <input id="email" name="email" type="email" autoComplete="username" required aria-describedby="email-help" className={inputClasses} />
      </Field>
      {message && (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200" data-testid="reset-requested">
          {message}
        </p>
      )}
      <div className="flex items-center justify-between gap-3">
        <Link href="/signin" className="text-sm text-accent-700 underline-offset-2 hover:underline dark:text-accent-100">
          Back to sign in
        </Link>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Sending…' : 'Send the link'}
        </Button>
      </div>
    </form>
  );
}
