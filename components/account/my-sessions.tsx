'use client';

import { Monitor, Terminal } from 'lucide-react';
import { signOut } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { RelativeTime } from '@/components/ui/relative-time';
import { revokeMyTokenAction } from '@/lib/actions/my-tokens';
import type { MyToken } from '@/lib/security/my-tokens';

export function MySessions({ tokens }: { tokens: MyToken[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const revoke = (token: MyToken) =>
    startTransition(async () => {
      const result = await revokeMyTokenAction(token.id);
      if (!result.ok) {
        toast.error(result.error);
      } else if (token.current) {
        await signOut({ callbackUrl: '/signin' });
      } else {
        toast.success(token.kind === 'session' ? 'Signed out that session.' : 'Revoked the token. Calls with it are refused from now on.');
        router.refresh();
      }
    });

  if (tokens.length === 0) return <EmptyState icon={Monitor} title="Nothing active" description="You have no other sessions or API tokens." />;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-zinc-600 dark:text-zinc-400">
          <tr>
            {['What', 'Started', 'Last used', 'Expires'].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">
                {h}
              </th>
            ))}
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {tokens.map((token) => {
            const Icon = token.kind === 'session' ? Monitor : Terminal;
            return (
              <tr key={token.id} data-testid="session-row" data-current={token.current || undefined}>
                <td className="px-3 py-2">
                  <div className="flex items-center gap-2">
                    <Icon className="size-4 shrink-0 text-zinc-500" aria-hidden />
                    <span className="font-medium text-zinc-900 dark:text-zinc-100">{token.kind === 'session' ? 'Browser session' : 'API token'}</span>
                    {token.current && (
                      <span className="rounded-full bg-accent-100 px-2 py-0.5 text-xs font-medium text-accent-700 dark:bg-accent-700 dark:text-white">This session</span>
                    )}
                  </div>
                  {token.label && <p className="mt-0.5 max-w-md truncate text-xs text-zinc-600 dark:text-zinc-400" title={token.label}>{token.label}</p>}
                </td>
                <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
                  <RelativeTime iso={token.created_at} />
                </td>
                <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">{token.last_used_at ? <RelativeTime iso={token.last_used_at} /> : 'Not yet'}</td>
                <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
                  <RelativeTime iso={token.expires_at} />
                </td>
                <td className="px-3 py-2 text-right">
                  <Button size="sm" variant="ghost" className="text-red-700 dark:text-red-400" disabled={pending} onClick={() => revoke(token)}>
                    {token.current ? 'Sign out' : 'Revoke'}
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
