'use client';

import { Loader2, Pencil, Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { deleteRecordAction, updateRecordAction } from '@/lib/actions/records';
import { Button, ButtonLink } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { DisabledButton } from '@/components/ui/disabled-button';
import { ActionDialog } from './action-dialog';
import type { ActionButton } from './detail-data';
import { FormAlert } from './form-alert';

const VARIANT = { primary: 'primary', danger: 'danger', neutral: 'secondary' } as const;

const STATUS_MOVE_LABEL: Record<string, string> = { processing: 'Start processing', blocked: 'Mark blocked', completed: 'Complete' };

/**
 * The buttons this person would look for on this record: those they may use now, each behind a confirm
 * dialog, and those they may not, disabled with the policy's reason on hover and focus.
 */
export function RecordActions({
  resource,
  id,
  title,
  actions,
  canEdit,
  canWithdraw,
  withdrawLabel,
  withdrawnHref,
  statusMoves = [],
}: {
  resource: string;
  id: string;
  title: string;
  actions: ActionButton[];
  canEdit: boolean;
  canWithdraw: boolean;
  withdrawLabel: string;
  /** Where the record is found once withdrawn (a request's Withdrawn view); none: it is gone from the screens. */
  withdrawnHref?: string;
  /** Statuses a pending item may move to next (by update). */
  statusMoves?: string[];
}) {
  const router = useRouter();
  const [open, setOpen] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const [withdrawError, setWithdrawError] = useState<string | null>(null);

  async function withdraw() {
    if (withdrawing) return;
    setWithdrawing(true);
    setWithdrawError(null);
    const result = await deleteRecordAction(resource, id);
    if (result.ok) {
      if (withdrawnHref) {
        toast.success(`Withdrawn “${title}”`, { description: 'It stays findable under Withdrawn.', action: { label: 'Show', onClick: () => router.push(withdrawnHref) } });
      } else {
        toast.success(`${withdrawLabel}: done`, { description: title });
      }
      router.push(`/${resource}`);
      return;
    }
    setWithdrawing(false);
    setWithdrawError(result.error.detail);
  }

  const [moving, setMoving] = useState<string | null>(null);
  async function moveTo(status: string) {
    if (moving) return;
    setMoving(status);
    const result = await updateRecordAction(resource, id, { status });
    setMoving(null);
    if (result.ok) {
      toast.success(`${STATUS_MOVE_LABEL[status] ?? status}: done`, { description: title });
      router.refresh();
    } else {
      toast.error('Status not changed', { description: result.error.detail });
    }
  }

  if (actions.length === 0 && statusMoves.length === 0 && !canEdit && !canWithdraw) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing for you to do here right now.</p>;
  }
  return (
    <div className="flex flex-wrap gap-2">
      {actions.map((button) => {
        const key = `${button.resource}:${button.action}`;
        if (button.disabledReason) {
          return (
            <DisabledButton key={key} reason={button.disabledReason}>
              {button.label}
            </DisabledButton>
          );
        }
        return (
          <span key={key}>
            <Button variant={VARIANT[button.tone]} onClick={() => setOpen(key)} title={button.description}>
              {button.label}
            </Button>
            <ActionDialog button={button} title={title} open={open === key} onOpenChange={(next) => setOpen(next ? key : null)} />
          </span>
        );
      })}
      {statusMoves.map((status) => (
        <Button key={status} variant={status === 'completed' ? 'primary' : 'secondary'} onClick={() => moveTo(status)} disabled={moving !== null}>
          {moving === status && <Loader2 className="size-4 animate-spin" aria-hidden />}
          {STATUS_MOVE_LABEL[status] ?? status}
        </Button>
      ))}
      {canEdit && (
        <ButtonLink href={`/${resource}/${id}/edit`}>
          <Pencil className="size-4" aria-hidden /> Edit
        </ButtonLink>
      )}
      {canWithdraw && (
        <>
          <Button variant="ghost" className="text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950/40" onClick={() => setOpen('withdraw')}>
            <Trash2 className="size-4" aria-hidden /> {withdrawLabel}
          </Button>
          <Modal
            open={open === 'withdraw'}
            onOpenChange={(next) => !withdrawing && setOpen(next ? 'withdraw' : null)}
            title={`${withdrawLabel} — ${title}?`}
            description={
              withdrawnHref
                ? 'It leaves your lists (you find it under Withdrawn, read-only) and whatever waits on it is closed. This cannot be undone.'
                : 'It disappears from lists and whatever waits on it is closed. This cannot be undone from the screens.'
            }
          >
            {withdrawError && <FormAlert title="Not withdrawn" detail={withdrawError} />}
            <div className="mt-4 flex justify-end gap-2">
              <Button variant="ghost" onClick={() => setOpen(null)} disabled={withdrawing}>
                Keep it
              </Button>
              <Button variant="danger" onClick={withdraw} disabled={withdrawing}>
                {withdrawing && <Loader2 className="size-4 animate-spin" aria-hidden />}
                {withdrawLabel}
              </Button>
            </div>
          </Modal>
        </>
      )}
    </div>
  );
}
