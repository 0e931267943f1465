/**
 * The inbox as the screen shows it: each waiting pending item with the key fields of its request
 * inline (so most decisions need no click-through), who asked, and for desk tasks the desk's next
 * action when it is simple enough to take from the list. Reads through the same visibility rule as
 * getRecord, one query per record type.
 */
import { formatterFor, type Formatter } from '@/lib/format';
import type { Ctx } from '@/lib/data/context';
import { delegatorsFor } from '@/lib/delegation/delegations';
import { fulfilmentSetBy, statusAfter, type QuickActionField, type RecordRow, type RecordType } from './define';
import { listInbox } from './inbox';
import { mayTake } from './permissions';
import { visibleRecords } from './records';
import { typeByName } from './registry';
import { holdsStep, namedOn, type StepAssignment } from './separation';

/** A field of a quick action (declared by the type definition). */
export type DeskActionField = QuickActionField;

export interface DeskAction {
  action: string;
  label: string;
  tone: 'primary' | 'danger' | 'neutral';
  /** Whether the action completes the desk task (so the item leaves the inbox). */
  closesTask: boolean;
  /** No fields: the action runs on click. */
  fields: DeskActionField[];
  /** Opens a flow of its own (the generate-document dialog) rather than the short form. */
  opens?: 'document';
}

export interface InboxEntry {
  id: string;
  kind: 'approval' | 'task';
  title: string;
  priority: number;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  /** The record the item is about. */
  entityType: string;
  entityId: string;
  typeLabel: string;
  href: string;
  recordStatus: string | null;
  requester: { id: string; name: string } | null;
  /** Key fields of the request, formatted for reading. */
  fields: { label: string; value: string }[];
  /** The longer text (justification, purpose, specification, description). */
  summary: string | null;
  step: { index: number; total: number } | null;
  deskRole: string | null;
  deskActions: DeskAction[];
  /** The person away whose step this is, when the caller sees it only as their delegate ("for Bob"). */
  onBehalfOf: { id: string; name: string } | null;
  /** Why the item waits (blocked): e.g. for the requester's answer to the approver's question. */
  blockedReason: string | null;
  /** The approver asked the requester a question; the item comes back once they answer. */
  waitingForAnswer: boolean;
}

/**
 * Whose step the caller decides as a delegate: the first of their delegators the step names, unless the
 * step is the caller's own (by name or role), in which case they decide it for themselves.
 */
export function delegatedFor(caller: Ctx['caller'], step: StepAssignment, delegators: readonly string[]): string | null {
  if (holdsStep(caller, step)) return null;
  return delegators.find((id) => namedOn(id, step)) ?? null;
}

function keyFields(type: RecordType, r: RecordRow, format: Formatter): { fields: { label: string; value: string }[]; summary: string | null } {
  const fields = (type.inbox?.keyFields(r, format) ?? []).filter((f): f is { label: string; value: string } => !!f.value);
  const summary = r[type.summaryField];
  return { fields, summary: summary === null || summary === undefined || summary === '' ? null : String(summary) };
}

/** The fulfilment fields the action records at this stage, as the inbox's short form asks for them (all optional). */
function fulfilmentInputs(type: RecordType, action: string, to: string): QuickActionField[] {
  return Object.entries(type.fulfilment)
    .filter(([, spec]) => fulfilmentSetBy(spec, action, to))
    .map(([name, spec]) => ({
      name,
      label: spec.label,
      kind: spec.input === 'textarea' ? 'textarea' : spec.input === 'datetime' ? 'datetime' : spec.input === 'url' ? 'url' : 'text',
      help: spec.help.replace(/ \(extension\)\.$/, '.'),
      maxLength: (spec.schema as { maxLength?: number | null }).maxLength ?? undefined,
    }));
}

/** The desk's next steps a list can offer, as the type declares them, when the caller may take them now. */
function deskActionsFor(ctx: Ctx, type: RecordType, record: RecordRow, format: Formatter): DeskAction[] {
  const offered: DeskAction[] = [];
  for (const quick of type.inbox?.quickActions ?? []) {
    const spec = type.actions[quick.action];
    if (!spec || !spec.from.includes(record.status) || !mayTake(type, spec, ctx.caller, record)) continue;
    const to = statusAfter(spec, record, ctx.caller);
    const closeOn = type.deskTask?.closeOn ?? [];
    offered.push({
      action: quick.action,
      label: typeof quick.label === 'function' ? quick.label(to) : quick.label,
      tone: quick.tone ?? 'primary',
      fields: [...(quick.fields?.(record, format) ?? []), ...fulfilmentInputs(type, quick.action, to)],
      closesTask: closeOn.includes(quick.action) || closeOn.includes(`${quick.action}:${to}`),
      ...(quick.opens ? { opens: quick.opens } : {}),
    });
  }
  return offered;
}

/** The inbox as the screen shows it; key fields (dates, amounts) in the person's formats. */
export async function loadInbox(ctx: Ctx, format: Formatter = formatterFor()): Promise<InboxEntry[]> {
  const items = await listInbox(ctx);
  const idsByType = new Map<string, string[]>();
  for (const item of items) {
    if (!item.entity_type || !item.entity_id) continue;
    idsByType.set(item.entity_type, [...(idsByType.get(item.entity_type) ?? []), item.entity_id]);
  }
  const records = new Map<string, RecordRow>();
  await Promise.all(
    [...idsByType].map(async ([typeName, ids]) => {
      const type = typeByName(typeName);
      if (!type) return;
      const rows = (await visibleRecords(ctx, type).where('id', 'in', ids).execute()) as RecordRow[];
      for (const row of rows) records.set(row.id, row);
    }),
  );
  const delegators = await delegatorsFor(ctx, ctx.caller.personId);
  const principalOf = new Map(items.map((item) => [item.id, item.type === 'approval' ? delegatedFor(ctx.caller, item, delegators) : null]));
  const personIds = [...new Set([...items.map((i) => i.requested_by_id), ...principalOf.values()].filter((id): id is string => !!id))];
  const people = personIds.length
    ? await ctx.db.selectFrom('people').select(['id', 'name']).where('id', 'in', personIds).execute()
    : [];
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const now = ctx.clock.now().getTime();

  return items.map((item): InboxEntry => {
    const type = item.entity_type ? typeByName(item.entity_type) : undefined;
    const record = item.entity_id ? records.get(item.entity_id) : undefined;
    // An external approval shows what the integration sent: its entity, title and description.
    const external = item.entity_type && item.entity_id ? [{ label: item.entity_type, value: item.entity_id }] : [];
    const { fields, summary } = type && record ? keyFields(type, record, format) : { fields: external, summary: item.description };
    const kind = item.type === 'approval' ? 'approval' : 'task';
    const principal = principalOf.get(item.id) ?? null;
    return {
      id: item.id,
      kind,
      title: item.title ?? (type && record ? type.title(record) : 'Pending item'),
      priority: item.priority ?? 3,
      dueAt: item.due_at,
      overdue: !!item.due_at && new Date(item.due_at).getTime() < now,
      createdAt: item.created_at,
      entityType: item.entity_type ?? 'Pending',
      entityId: item.entity_id ?? item.id,
      typeLabel: type?.singular ?? item.entity_type ?? 'Pending item',
      href: type && record ? `/${type.resource}/${record.id}` : `/pending/${item.id}`,
      recordStatus: record?.status ?? null,
      requester: item.requested_by_id ? { id: item.requested_by_id, name: nameOf.get(item.requested_by_id) ?? 'Unknown person' } : null,
      fields,
      summary,
      step: kind === 'approval' && item.total_steps ? { index: item.current_step_index ?? 0, total: item.total_steps } : null,
      deskRole: kind === 'task' ? item.assignee_role : null,
      deskActions: kind === 'task' && type && record ? deskActionsFor(ctx, type, record, format) : [],
      onBehalfOf: principal ? { id: principal, name: nameOf.get(principal) ?? 'Unknown person' } : null,
      blockedReason: item.status === 'blocked' ? item.blocked_reason : null,
      waitingForAnswer: item.status === 'blocked' && !!item.info_requested_by,
    };
  });
}
