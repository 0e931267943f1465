'use client';

import { CheckCircle2, Circle, ListChecks } from 'lucide-react';
import Link from 'next/link';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { offboardingChecklistAction } from '@/lib/actions/people-lifecycle';
import type { Checklist } from '@/lib/people/checklist';

const PATHS: Record<string, string> = { AccessRequest: '/access-requests', Equipment: '/equipment', Travel: '/travel', HRRequest: '/hr-requests', Pending: '/pending' };

/** A deactivated person's offboarding: what was done and what still waits on someone. */
export function OffboardingChecklist({ person }: { person: { id: string; name: string } }) {
  const [open, setOpen] = useState(false);
  const [checklist, setChecklist] = useState<Checklist | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  const load = (next: boolean) => {
    setOpen(next);
    if (!next) return;
    setChecklist(null);
    setError(null);
    startTransition(async () => {
      const result = await offboardingChecklistAction(person.id);
      if (result.ok) setChecklist(result.checklist);
      else setError(result.error);
    });
  };

  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => load(true)} aria-label={`Offboarding checklist of ${person.name}`}>
        <ListChecks className="size-4" aria-hidden />
        Checklist
      </Button>
      <Modal open={open} onOpenChange={load} title={`Offboarding ${person.name}`} description="What deactivation did, and what still waits on someone.">
        {error && <p className="text-sm text-red-700 dark:text-red-400">{error}</p>}
        {!checklist && !error && (
          <div className="space-y-2" aria-busy>
            <Skeleton className="h-5 w-3/4" />
            <Skeleton className="h-5 w-2/3" />
            <Skeleton className="h-5 w-1/2" />
          </div>
        )}
        {checklist && (
          <div className="space-y-3" data-testid="offboarding-checklist">
            <p className="text-sm font-medium">{checklist.remaining === 0 ? 'Nothing remains.' : `${checklist.remaining} item${checklist.remaining === 1 ? '' : 's'} remain${checklist.remaining === 1 ? 's' : ''}.`}</p>
            <ul className="max-h-96 space-y-2 overflow-y-auto">
              {[...checklist.items].sort((a, b) => Number(a.status === 'done') - Number(b.status === 'done')).map((item, index) => (
                <li key={`${item.kind}-${item.entity_id ?? index}-${item.status}`} className="flex gap-2 text-sm">
                  {item.status === 'done' ? <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400" aria-label="Done" /> : <Circle className="mt-0.5 size-4 shrink-0 text-amber-600 dark:text-amber-400" aria-label="Remaining" />}
                  <span>
                    {item.entity_type && item.entity_id && PATHS[item.entity_type] ? (
                      <Link href={`${PATHS[item.entity_type]}/${item.entity_id}`} className="font-medium text-accent-700 underline-offset-2 hover:underline dark:text-accent-100">
                        {item.title}
                      </Link>
                    ) : (
                      <span className="font-medium">{item.title}</span>
                    )}
                    {item.detail && <span className="block text-xs text-zinc-600 dark:text-zinc-400">{item.detail}</span>}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </Modal>
    </>
  );
}
