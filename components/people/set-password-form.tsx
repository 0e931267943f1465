'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClasses } from '@/components/ui/field';
import { acceptInvitationAction, resetPasswordAction } from '@/lib/actions/account-links';
import { PASSWORD_MIN } from '@/lib/people/password-policy';

/** Choose a password from an invitation or a reset link, then sign in with it straight away. */
export function SetPasswordForm({ token, mode, email, oidcName }: { token: string; mode: 'invitation' | 'reset'; email?: string | null; oidcName?: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const password = String(data.get('password') ?? '');
    const confirm = String(data.get('confirm') ?? '');
    setErrors({});
    setError(null);
    startTransition(async () => {
      const result = mode === 'invitation' ? await acceptInvitationAction(token, password, confirm) : await resetPasswordAction(token, password, confirm);
      if (!result.ok) {
        const byField = Object.fromEntries((result.errors ?? []).map((e) => [e.path, e.message]));
        setErrors(byField);
        setError(byField.password || byField.confirm ? null : result.error);
        return;
      }
      const signedIn = await signIn('credentials', { email: result.email, password, redirect: false });
      if (!signedIn || signedIn.error) {
        router.replace('/signin');
        return;
      }
      router.replace('/');
      router.refresh();
    });
  }

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit(event.currentTarget);
      }}
    >
      {email && (
        <p className="text-zinc-600 dark:text-zinc-400">
          You will sign in as <span className="font-medium text-zinc-900 dark:text-zinc-100">{email}</span>.
        </p>
      )}
      <Field id="password" label={mode === 'invitation' ? 'Choose a password' : 'New password'} help={`At least ${PASSWORD_MIN} characters.`} error={errors.password} required>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} aria-invalid={!!errors.password} aria-describedby="password-help" className={inputClasses} />
      </Field>
      <Field id="confirm" label="Type it again" error={errors.confirm} required>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required aria-invalid={!!errors.confirm} className={inputClasses} />
      </Field>
      {error && (
        <p role="status" className="text-sm text-red-700 dark:text-red-400" data-testid="link-error">
          {error}
        </p>
      )}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : mode === 'invitation' ? 'Set password and sign in' : 'Save and sign in'}
        </Button>
      </div>
      {oidcName && mode === 'invitation' && (
        <div className="border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400">Or skip the password and sign in through your company account:</p>
          <Button className="w-full" onClick={() => signIn('oidc', { callbackUrl: '/' })}>
            Continue with {oidcName}
          </Button>
        </div>
      )}
    </form>
  );
}
