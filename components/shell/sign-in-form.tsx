'use client';

import { LogIn } from 'lucide-react';
import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { signInErrorMessage } from '@/lib/auth/sign-in-errors';

interface DemoPerson {
  email: string;
  name: string;
  roles: string[];
  tenantName: string;
}

export function SignInForm(props: { callbackUrl: string; initialError?: string; demoPeople: DemoPerson[]; oidcName?: string }) {
  const router = useRouter();
  const [error, setError] = useState(props.initialError);
  const [pending, startTransition] = useTransition();

  function submit(email: string, password: string) {
    setError(undefined);
    startTransition(async () => {
      const result = await signIn('credentials', { email, password, redirect: false });
      if (!result || result.error) {
        setError(signInErrorMessage(result?.error ?? 'CredentialsSignin'));
        return;
      }
      router.replace(props.callbackUrl);
      router.refresh();
    });
  }

  const tenants = [...new Set(props.demoPeople.map((p) => p.tenantName))];
  return (
    <div className="space-y-6">
      <form
        className="space-y-4 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-950"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          submit(String(data.get('email') ?? ''), String(data.get('password') ?? ''));
        }}
      >
        <div>
          <label htmlFor="email" className="block text-sm font-medium">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" required className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs dark:border-zinc-700 dark:bg-zinc-900" />
        </div>
        <div>
          <div className="flex items-baseline justify-between">
            <label htmlFor="password" className="block text-sm font-medium">Password</label>
            <Link href="/forgot-password" className="text-xs text-accent-700 underline-offset-2 hover:underline dark:text-accent-100">Forgot password?</Link>
          </div>
          <input id="password" name="password" type="password" autoComplete="current-password" required className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs dark:border-zinc-700 dark:bg-zinc-900" />
        </div>
        {error && <p role="status" data-testid="sign-in-error" className="text-sm text-red-700 dark:text-red-400">{error}</p>}
        <button type="submit" disabled={pending} className="flex w-full items-center justify-center gap-2 rounded-md bg-accent-600 px-3 py-2 text-sm font-medium text-white hover:bg-accent-700 disabled:opacity-60">
          <LogIn className="size-4" aria-hidden /> {pending ? 'Signing in…' : 'Sign in'}
        </button>
        {props.oidcName && (
          <button type="button" onClick={() => signIn('oidc', { callbackUrl: props.callbackUrl })} className="w-full rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900">
            Continue with {props.oidcName}
          </button>
        )}
      </form>

      {props.demoPeople.length > 0 && (
        <section aria-labelledby="demo-heading" className="rounded-xl border border-dashed border-zinc-300 p-4 dark:border-zinc-700">
          <h2 id="demo-heading" className="text-sm font-medium">Demo mode: sign in as anyone</h2>
          <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
            Every demo account&apos;s password is “demo”: the people below, and the rest of Acme Corp by their email (Priya, who runs sales, is priya@acme.example).
          </p>
          {tenants.map((tenant) => (
            <div key={tenant} className="mt-3">
              <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{tenant}</h3>
              <ul className="mt-1 grid grid-cols-2 gap-2">
                {props.demoPeople.filter((p) => p.tenantName === tenant).map((p) => (
                  <li key={p.email}>
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() => submit(p.email, 'demo')}
                      className="w-full rounded-md border border-zinc-200 px-3 py-2 text-left text-sm hover:border-accent-500 hover:bg-accent-50 disabled:opacity-60 dark:border-zinc-800 dark:hover:bg-zinc-900"
                      aria-label={`Sign in as ${p.name} (${p.email})`}
                    >
                      <span className="block font-medium">{p.name.split(' ')[0]}</span>
                      <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">{p.roles.filter((r) => r !== 'employee').join(', ') || 'employee'}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      )}
    </div>
  );
}
