import { Check, CircleDot, FilePlus2, MessageCircleQuestion, MessageCircleReply, Pencil, Trash2, X } from 'lucide-react';
import type { RecordType } from '@/lib/operations/define';
import { humanize } from '@/lib/format';
import { DateTime, Money } from '@/components/ui/formatted';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import type { ChainDecision } from './detail-data';
import { personName } from './field-value';
import { isEmptyValue, isPlumbing } from './plumbing';

export interface AuditEvent {
  id: string;
  action: string;
  actor_id: string | null;
  source_type: string;
  changes: Record<string, { from: unknown; to: unknown }>;
  comment: string | null;
  created_at: string;
}

function stepLabel(type: RecordType, event: AuditEvent): string {
  switch (event.action) {
    case 'create':
      return 'Filed';
    case 'update':
      return event.changes.status ? 'Status changed' : 'Edited';
    case 'delete':
      return 'Withdrawn';
    case 'approve':
      return event.changes.status ? 'Approved' : 'Approved a step';
    case 'reject':
      return 'Rejected';
    case 'cancel':
      // One word per meaning: a requester withdraws what is still waiting; a trip is cancelled.
      return 'Cancelled';
    case 'request_info':
      return 'Asked for information';
    case 'respond':
      return 'Answered';
    default:
      return type.actions[event.action]?.label ?? humanize(event.action);
  }
}

const ICONS: Record<string, typeof Check> = {
  create: FilePlus2,
  update: Pencil,
  delete: Trash2,
  approve: Check,
  reject: X,
  request_info: MessageCircleQuestion,
  respond: MessageCircleReply,
};

/** A decision's audit row with the decision it wrote: who decided on whose behalf, and their own comment. */
function decisionOf(event: AuditEvent, decisions: ChainDecision[]): ChainDecision | undefined {
  if (event.action !== 'approve' && event.action !== 'reject') return undefined;
  return decisions.find((d) => d.decided_by === event.actor_id && d.decision === event.action && d.decided_at === event.created_at);
}

/** "Tara Thompson on behalf of Bob Brennan", "Ada Adeyemi (admin override)", or just the actor. */
function actorOf(event: AuditEvent, decision: ChainDecision | undefined, names: Map<string, string>): string {
  const name = (id: string) => personName(names, id);
  const actor = event.actor_id ? name(event.actor_id) : 'System';
  if (decision?.on_behalf_of) return `${actor} on behalf of ${name(decision.on_behalf_of)}`;
  if (decision?.override) return `${actor} (admin override)`;
  return actor;
}

/** The words of a row: a decision's own comment (the audit's note repeats the delegation), else the audit comment. */
function commentOf(event: AuditEvent, decision: ChainDecision | undefined): string | null {
  return decision ? decision.comment : event.comment;
}

/** The lifecycle: filing, decisions and transitions (edits are in the history), each with who, when and comment. */
export function Timeline({ type, events, names, decisions = [] }: { type: RecordType; events: AuditEvent[]; names: Map<string, string>; decisions?: ChainDecision[] }) {
  // Edits are in the history; an update that moves a pending item's status is a lifecycle step.
  const steps = events.filter((e) => e.action !== 'update' || e.changes?.status);
  return (
    <ol className="relative space-y-4 border-l border-zinc-200 pl-5 dark:border-zinc-800" aria-label="Lifecycle">
      {steps.map((event) => {
        const Icon = ICONS[event.action] ?? CircleDot;
        const status = event.changes.status?.to;
        const decision = decisionOf(event, decisions);
        const comment = commentOf(event, decision);
        const thread = event.action === 'request_info' || event.action === 'respond';
        return (
          <li key={event.id} className="relative">
            <span className="absolute -left-[31px] flex size-5 items-center justify-center rounded-full border border-zinc-200 bg-white dark:border-zinc-700 dark:bg-zinc-900">
              <Icon className="size-3 text-zinc-600 dark:text-zinc-300" aria-hidden />
            </span>
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
              <span className="font-medium text-zinc-900 dark:text-zinc-100">{stepLabel(type, event)}</span>
              {typeof status === 'string' && <StatusBadge status={status} />}
            </div>
            <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
              {actorOf(event, decision, names)} · <RelativeTime iso={event.created_at} />
              {event.source_type === 'api' ? ' · via API' : event.source_type === 'email' ? ' · from email' : ''}
            </p>
            {comment && thread ? (
              <p
                data-testid={event.action === 'request_info' ? 'thread-question' : 'thread-answer'}
                className={`mt-1.5 rounded-lg px-2.5 py-1.5 text-sm whitespace-pre-wrap ${
                  event.action === 'request_info'
                    ? 'rounded-tl-sm bg-amber-50 text-amber-950 ring-1 ring-inset ring-amber-200 dark:bg-amber-400/10 dark:text-amber-100 dark:ring-amber-500/30'
                    : 'ml-4 rounded-tr-sm bg-accent-50 text-zinc-900 ring-1 ring-inset ring-accent-100 dark:bg-accent-600/15 dark:text-zinc-100 dark:ring-accent-700/40'
                }`}
              >
                {comment}
              </p>
            ) : comment ? (
              <p className="mt-1.5 rounded-md bg-zinc-50 px-2.5 py-1.5 text-sm text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200">{comment}</p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A changed value as a person reads it: names for people, dates formatted, money and statuses in words. */
function short(value: unknown, field: string, type: RecordType, names: Map<string, string>): React.ReactNode {
  if (field === 'approval_step' && typeof value === 'number') return `step ${value + 1}`;
  if (typeof value === 'string' && names.has(value)) return names.get(value)!;
  if (typeof value === 'string' && (type.fields[field]?.input ?? type.stamps[field]?.input) === 'person') return personName(names, value);
  if (typeof value === 'string' && ISO_TIME.test(value)) return <DateTime iso={value} />;
  const input = type.fields[field]?.input ?? type.stamps[field]?.input;
  if (typeof value === 'number' && input === 'money') return <Money amount={value} />;
  if (typeof value === 'string' && (field === 'status' || input === 'select')) return humanize(value);
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The audit log of the record: every write with the fields it changed. */
export function History({ type, events, names, decisions = [] }: { type: RecordType; events: AuditEvent[]; names: Map<string, string>; decisions?: ChainDecision[] }) {
  const labelOf = (field: string) => type.fields[field]?.label ?? type.stamps[field]?.label ?? humanize(field);
  return (
    <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
      {events.map((event) => {
        // What changed in words: a field that was empty is "set", one emptied is "cleared"; bookkeeping is left out.
        const fields = Object.entries(event.changes ?? {}).filter(
          ([k, change]) => (event.action !== 'create' || k === 'status') && !isPlumbing(k) && !(isEmptyValue(change.from) && isEmptyValue(change.to)),
        );
        return (
          <li key={event.id} className="py-2.5 first:pt-0 last:pb-0">
            <p className="text-zinc-900 dark:text-zinc-100">
              <span className="font-medium">{actorOf(event, decisionOf(event, decisions), names)}</span>{' '}
              <span className="text-zinc-600 dark:text-zinc-400">{stepLabel(type, event).toLowerCase()}</span>
              <span className="text-zinc-500 dark:text-zinc-400"> · <RelativeTime iso={event.created_at} /></span>
            </p>
            {fields.length > 0 && event.action !== 'create' && (
              <ul className="mt-1 space-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
                {fields.map(([field, change]) => (
                  <li key={field}>
                    <span className="font-medium text-zinc-700 dark:text-zinc-300">{labelOf(field)}</span>
                    {isEmptyValue(change.from) ? (
                      <>: {short(change.to, field, type, names)}</>
                    ) : isEmptyValue(change.to) ? (
                      <> cleared (was {short(change.from, field, type, names)})</>
                    ) : (
                      <>
                        : {short(change.from, field, type, names)} → {short(change.to, field, type, names)}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}
