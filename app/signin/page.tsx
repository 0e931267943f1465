import type { Metadata } from 'next';
import { connection } from 'next/server';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/shell/sign-in-form';
import { config } from '@/lib/config';
import { listDemoPeople } from '@/lib/data/accounts';
import { currentUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  await connection();
  if (await currentUser()) redirect('/');
  const { callbackUrl, error } = await searchParams;
  const demoPeople = config.demoMode ? await listDemoPeople() : [];
  return (
    <main className="flex min-h-dvh items-center justify-center bg-zinc-50 px-4 py-12 dark:bg-zinc-900">
      <div className="w-full max-w-md">
        <div className="mb-8 text-center">
          <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-lg bg-accent-600 text-lg font-semibold text-white">O</div>
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Opsdesk</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Requests, approvals and the desks that fulfil them.</p>
        </div>
        <SignInForm
          callbackUrl={callbackUrl && callbackUrl.startsWith('/') ? callbackUrl : '/'}
          initialError={error ? 'Sign-in failed. Check your email and password.' : undefined}
          demoPeople={demoPeople}
          oidcName={config.oidc?.name}
        />
      </div>
    </main>
  );
}
