import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Home' };

export default async function HomePage() {
  const { user } = await requireUser();
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Good to see you, {user.name.split(' ')[0]}</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Your open requests and what waits on you will show here.</p>
    </div>
  );
}
