'use client';

import { KeyRound, Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { RelativeTime } from '@/components/ui/relative-time';
import { revokeKeyAction } from '@/lib/actions/settings';
import { humanize } from '@/lib/format';
import type { KeySummary } from '@/lib/operations/settings';
import { roleLabel } from './role-label';
import { MintKeyDialog, type ApplicationOption } from './mint-key-dialog';
import { TableFrame } from '@/components/ui/table-frame';

const STATUS_CLASSES: Record<KeySummary['status'], string> = {
  active: 'bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/30',
  expired: 'bg-zinc-100 text-zinc-700 ring-zinc-500/25 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-600',
  revoked: 'bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30',
};

export function IntegrationKeys({ applications, keys, adminRoles }: { applications: ApplicationOption[]; keys: KeySummary[]; adminRoles: string[] }) {
  const router = useRouter();
  const [minting, setMinting] = useState(false);
  const [revoking, setRevoking] = useState<KeySummary | null>(null);
  const [pending, startTransition] = useTransition();

  const revoke = () => {
    if (!revoking) return;
    startTransition(async () => {
      const result = await revokeKeyAction(revoking.id);
      if (result.ok) toast.success(`Revoked “${revoking.label}”. Calls with it are refused from now on.`);
      else toast.error(result.error);
      setRevoking(null);
      router.refresh();
    });
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
          A key lets an integration call the REST API as an application, with the roles you give it. It sees only records written with its
          application. The key is shown once; revoking it stops it at once.
        </p>
        <Button variant="primary" onClick={() => setMinting(true)}>
          <Plus className="size-4" aria-hidden />
          New key
        </Button>
      </div>

      {keys.length === 0 ? (
        <EmptyState icon={KeyRound} title="No integration keys yet" description="Create one for each system that calls the API, so each can be revoked on its own." />
      ) : (
        <TableFrame label="Integration keys">
          <table className="w-full text-left text-sm">
            <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                {['Label', 'Application', 'Roles', 'Created', 'Expires', 'Last used', 'Status'].map((h) => (
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
              {keys.map((key) => (
                <tr key={key.id} data-testid="key-row" data-key-id={key.id}>
                  <td className="px-3 py-2 font-medium text-zinc-900 dark:text-zinc-100">{key.label}</td>
                  <td className="px-3 py-2">{key.app_name}</td>
                  <td className="px-3 py-2 text-xs text-zinc-600 dark:text-zinc-400">{key.roles.map(roleLabel).join(', ')}</td>
                  <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
                    <RelativeTime iso={key.created_at} />
                  </td>
                  <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
                    <RelativeTime iso={key.expires_at} />
                  </td>
                  <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">{key.last_used_at ? <RelativeTime iso={key.last_used_at} /> : 'Never'}</td>
                  <td className="px-3 py-2">
                    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_CLASSES[key.status]}`}>{humanize(key.status)}</span>
                  </td>
                  <td className="px-3 py-2 text-right">
                    {key.status !== 'revoked' && (
                      <Button size="sm" variant="ghost" className="text-red-700 dark:text-red-400" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.label}`}>
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}

      <MintKeyDialog open={minting} onOpenChange={setMinting} applications={applications} adminRoles={adminRoles} />
      <Modal
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={`Revoke “${revoking?.label ?? ''}”?`}
        description="Every call made with this key is refused from now on. This cannot be undone; mint a new key if it is needed again."
      >
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setRevoking(null)}>
            Cancel
          </Button>
          <Button variant="danger" onClick={revoke} disabled={pending}>
            {pending ? 'Revoking…' : 'Revoke key'}
          </Button>
        </div>
      </Modal>
    </div>
  );
}
