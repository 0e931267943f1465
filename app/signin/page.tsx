import type { Metadata } from 'next';
import { connection } from 'next/server';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/shell/sign-in-form';
import { config } from '@/lib/config';
import { listDemoPeople } from '@/lib/data/accounts';
import { hasAnyTenant } from '@/lib/data/first-run';
import { currentUser } from '@/lib/auth/session';
import { signInErrorMessage } from '@/lib/auth/sign-in-errors';
import { safeCallbackPath } from '@/lib/http/safe-redirect';

export const metadata: Metadata = { title: 'Sign in' };

/** A new install with no tenant yet: say how to make the first one (there is no anonymous set-up page). */
function FirstRunNotice() {
  return (
    <section aria-labelledby="first-run-heading" className="rounded-xl border border-zinc-200 bg-white p-6 text-sm shadow-sm dark:border-zinc-800 dark:bg-zinc-950">
      <h2 id="first-run-heading" className="font-medium">No organisation has been set up yet</h2>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">On the server, create the first tenant and its administrator:</p>
      <pre className="mt-2 overflow-x-auto rounded-md bg-zinc-100 p-3 text-xs dark:bg-zinc-900">
        npm run setup -- --tenant &quot;Your company&quot; --admin-email you@example.com
      </pre>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">It prints a password for that administrator, who can then sign in here and add everyone else.</p>
    </section>
  );
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  await connection();
  const { callbackUrl, error } = await searchParams;
  const target = safeCallbackPath(callbackUrl);
  if (await currentUser()) redirect(target);
  const [demoPeople, anyTenant] = await Promise.all([config.demoMode ? listDemoPeople() : [], hasAnyTenant()]);
  return (
    <main className="flex min-h-dvh items-center justify-center bg-zinc-50 px-4 py-12 dark:bg-zinc-900">
      <div className="w-full max-w-md">
        <div className="mb-8 text-center">
          <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-lg bg-accent-600 text-lg font-semibold text-white">O</div>
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Opsdesk</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Requests, approvals and the desks that fulfil them.</p>
        </div>
        {anyTenant ? (
          <SignInForm callbackUrl={target} initialError={signInErrorMessage(error)} demoPeople={demoPeople} oidcName={config.oidc?.name} />
        ) : (
          <FirstRunNotice />
        )}
      </div>
    </main>
  );
}
