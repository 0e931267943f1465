import { Ban, Check, Clock, X } from 'lucide-react';
import { humanize } from '@/lib/format';
import { CalendarTime } from '@/components/ui/calendar-time';
import { DueIn } from '@/components/ui/due-in';
import { RelativeTime } from '@/components/ui/relative-time';
import type { Chain, OpenItem } from './detail-data';
import { personName } from './field-value';

const ROLE_LABEL: Record<string, string> = {
  admin: 'Admins',
  it: 'IT desk',
  hr: 'HR desk',
  travel: 'Travel desk',
  manager: 'Managers',
  employee: 'Employees',
};

export function roleLabel(role: string): string {
  return ROLE_LABEL[role] ?? humanize(role);
}

function holderName(step: { assignee_id: string | null; assignee_role: string | null }, names: Map<string, string>): string {
  if (step.assignee_id) return personName(names, step.assignee_id);
  if (step.assignee_role) return roleLabel(step.assignee_role);
  return 'Unassigned';
}

/**
 * Who holds the request now, since when, and by when it is expected (engine.md §4): "With Bob Brennan
 * since Tuesday, expected by Thursday 17:00"; a role step or desk task: "With the IT desk since …".
 */
export function NowWith({ chain, openItems, names, since, status, final }: { chain: Chain | null; openItems: OpenItem[]; names: Map<string, string>; since: string; status: string; final: boolean }) {
  let text: React.ReactNode;
  let when: string | null = null;
  let held: OpenItem | undefined;
  const approval = chain && chain.status !== 'completed' ? chain.steps.find((s) => s.step_index === chain.currentIndex) : undefined;
  const task = openItems.find((i) => i.type === 'task');
  if (approval && !approval.decision && chain!.status === 'blocked' && chain!.blockedReason) {
    // Blocked: nobody eligible is left to decide (an admin reassigns it), or a question waits for its answer.
    return (
      <div className="flex items-start gap-2.5 rounded-lg border border-red-200 bg-red-50 p-3 text-sm dark:border-red-500/30 dark:bg-red-400/10" data-testid="now-with" role="status">
        <Ban className="mt-0.5 size-4 shrink-0 text-red-700 dark:text-red-300" aria-hidden />
        <p className="font-medium text-red-900 dark:text-red-100">{chain!.blockedReason}</p>
      </div>
    );
  } else if (approval && !approval.decision) {
    const previous = chain!.steps.find((s) => s.step_index === chain!.currentIndex - 1);
    held = openItems.find((i) => i.id === chain!.itemId);
    text = (
      <>
        With {approval.assignee_id ? '' : 'the '}
        <strong className="font-semibold">{holderName(approval, names)}</strong> to approve
        {chain!.steps.length > 1 && <> (step {chain!.currentIndex + 1} of {chain!.steps.length})</>}
      </>
    );
    when = held?.sla_started_at ?? previous?.decided_at ?? since;
  } else if (task) {
    held = task;
    text = (
      <>
        With {task.assignee_id ? '' : 'the '}
        <strong className="font-semibold">{task.assignee_id ? holderName(task, names) : roleLabel(task.assignee_role ?? '')}</strong>
        {task.status === 'processing' ? ', in progress' : ', queued'}
      </>
    );
    when = task.sla_started_at ?? task.created_at;
  } else if (final) {
    text = <>Closed as {humanize(status).toLowerCase()}</>;
  } else {
    text = <>{humanize(status)}; nothing waits on anyone</>;
  }
  const due = held?.due_at && !held.sla_paused_at ? held.due_at : null;
  return (
    <div className="flex items-start gap-2.5 text-sm" data-testid="now-with">
      <Clock className="mt-0.5 size-4 shrink-0 text-zinc-500" aria-hidden />
      <p className="text-zinc-800 dark:text-zinc-200">
        {text}
        {when && (
          <span className="block text-xs text-zinc-600 dark:text-zinc-400" data-testid="now-with-when">
            since <CalendarTime iso={when} />
            {due && (
              <>
                , expected by <CalendarTime iso={due} withTime />
                <DueIn iso={due} onlyOverdue />
              </>
            )}
          </span>
        )}
      </p>
    </div>
  );
}

/** The open step: being decided, waiting for the requester's answer, or blocked (nobody eligible left). */
function currentLabel(chain: Chain): string {
  if (chain.status !== 'blocked') return 'deciding now';
  return chain.infoRequestedBy ? 'asked a question, waiting for the answer' : 'blocked';
}

export function ApprovalChain({ chain, names }: { chain: Chain; names: Map<string, string> }) {
  return (
    <ol className="space-y-3" aria-label="Approval chain">
      {chain.steps.map((step) => {
        const current = chain.status !== 'completed' && step.step_index === chain.currentIndex && !step.decision;
        const Icon = step.decision === 'approved' ? Check : step.decision === 'rejected' ? X : Clock;
        const tone =
          step.decision === 'approved'
            ? 'bg-emerald-50 text-emerald-700 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300'
            : step.decision === 'rejected'
              ? 'bg-red-50 text-red-700 ring-red-600/25 dark:bg-red-400/10 dark:text-red-300'
              : current
                ? 'bg-amber-50 text-amber-700 ring-amber-600/30 dark:bg-amber-400/10 dark:text-amber-300'
                : 'bg-zinc-50 text-zinc-400 ring-zinc-300 dark:bg-zinc-900 dark:text-zinc-500 dark:ring-zinc-700';
        return (
          <li key={step.step_index} className="flex gap-3" aria-current={current ? 'step' : undefined}>
            <span className={`flex size-6 shrink-0 items-center justify-center rounded-full ring-1 ring-inset ${tone}`}>
              <Icon className="size-3.5" aria-hidden />
            </span>
            <div className="min-w-0 text-sm">
              <p className="text-zinc-900 dark:text-zinc-100">
                <span className="font-medium">{holderName(step, names)}</span>
                <span className="text-zinc-600 dark:text-zinc-400">
                  {' '}
                  · {step.decision ? humanize(step.decision) : current ? currentLabel(chain) : chain.status === 'completed' ? 'not needed' : 'next'}
                </span>
              </p>
              {step.decision && step.decided_at && (
                <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="step-decider">
                  {step.decided_by ? personName(names, step.decided_by) : ''}
                  {step.on_behalf_of && <> on behalf of {personName(names, step.on_behalf_of)}</>} · <RelativeTime iso={step.decided_at} />
                </p>
              )}
              {step.comment && <p className="mt-1 rounded-md bg-zinc-50 px-2 py-1 text-xs text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300">{step.comment}</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
