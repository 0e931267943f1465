/**
 * The inbox as the screen shows it: each waiting pending item with the key fields of its request
 * inline (so most decisions need no click-through), who asked, and for desk tasks the desk's next
 * action when it is simple enough to take from the list. Reads through the same visibility rule as
 * getRecord, one query per record type.
 */
import type { Ctx } from '@/lib/data/context';
import { delegatorsFor } from '@/lib/delegation/delegations';
import { formatDate, formatMoney, humanize } from '@/lib/format';
import { statusAfter, type RecordRow, type RecordType } from './define';
import { listInbox } from './inbox';
import { mayTake } from './permissions';
import { visibleRecords } from './records';
import { typeByName } from './registry';
import { holdsStep, namedOn, type StepAssignment } from './separation';

export interface DeskActionField {
  name: string;
  label: string;
  kind: 'text' | 'url' | 'select' | 'textarea';
  options?: { value: string; label: string }[];
  required?: boolean;
  defaultValue?: string;
  /** Shown (and sent) only while another field has this value. */
  showWhen?: { field: string; equals: string };
}

export interface DeskAction {
  action: string;
  label: string;
  tone: 'primary' | 'danger' | 'neutral';
  /** Whether the action completes the desk task (so the item leaves the inbox). */
  closesTask: boolean;
  /** No fields: the action runs on click. */
  fields: DeskActionField[];
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

function keyFields(type: RecordType, r: RecordRow): { fields: { label: string; value: string }[]; summary: string | null } {
  const text = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
  const pairs: [string, string | null][] = [];
  let summary: string | null = null;
  switch (type.name) {
    case 'AccessRequest':
      pairs.push(['System', text(r.system_id)], ['Access', humanize(text(r.access_type))], ['Entitlement', text(r.entitlement_type)]);
      if (r.expires_at) pairs.push(['Expires', formatDate(r.expires_at as string)]);
      break;
    case 'Travel':
      pairs.push(
        ['Destination', text(r.destination)],
        ['Dates', `${formatDate(r.departure_at as string)} – ${formatDate(r.return_at as string)}`],
        ['Estimated cost', r.estimated_cost == null ? null : formatMoney(Number(r.estimated_cost))],
      );
      break;
    case 'Equipment':
      pairs.push(['Equipment', humanize(text(r.equipment_type))], ['Cost', r.cost == null ? null : formatMoney(Number(r.cost))]);
      break;
    case 'HRRequest':
      pairs.push(['Type', humanize(text(r.type))], ['Deliverable', humanize(text(r.deliverable_type))]);
      break;
  }
  summary = text(r[type.summaryField]);
  return { fields: pairs.filter((p): p is [string, string] => !!p[1]).map(([label, value]) => ({ label, value })), summary };
}

/** The desk's next steps a list can offer: short forms at most, never the full record editor. */
function deskActionsFor(ctx: Ctx, type: RecordType, record: RecordRow): DeskAction[] {
  const offered: DeskAction[] = [];
  const offer = (action: string, label: string, fields: DeskActionField[] = [], tone: DeskAction['tone'] = 'primary') => {
    const spec = type.actions[action];
    if (!spec || !spec.from.includes(record.status) || !mayTake(type, spec, ctx.caller, record)) return;
    const to = statusAfter(spec, record, ctx.caller);
    const closeOn = type.deskTask?.closeOn ?? [];
    offered.push({ action, label, tone, fields, closesTask: closeOn.includes(action) || closeOn.includes(`${action}:${to}`) });
  };
  switch (type.name) {
    case 'HRRequest':
      offer('start', 'Start', [], 'neutral');
      offer('fulfill', 'Fulfil', [
        {
          name: 'deliverable_type',
          label: 'Deliverable',
          kind: 'select',
          required: true,
          defaultValue: (record.deliverable_type as string | null) ?? 'digital',
          options: [
            { value: 'digital', label: 'Digital (a link)' },
            { value: 'physical', label: 'Physical' },
          ],
        },
        { name: 'deliverable_url', label: 'Link to the document', kind: 'url', required: true, showWhen: { field: 'deliverable_type', equals: 'digital' } },
      ]);
      offer('reject', 'Reject', [{ name: 'reason', label: 'Reason for the requester', kind: 'textarea', required: true }], 'danger');
      break;
    case 'AccessRequest':
      offer('provision', 'Provision', [
        { name: 'entitlement_type', label: 'Entitlement granted', kind: 'text', defaultValue: (record.entitlement_type as string | null) ?? '' },
      ]);
      break;
    case 'Equipment':
      if (type.actions.provision.from.includes(record.status)) offer('provision', `Mark ${statusAfter(type.actions.provision, record, ctx.caller)}`);
      break;
    case 'Travel':
      offer('book', 'Book');
      break;
  }
  return offered;
}

export async function loadInbox(ctx: Ctx): Promise<InboxEntry[]> {
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
    const { fields, summary } = type && record ? keyFields(type, record) : { fields: [], summary: item.description };
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
      typeLabel: type?.singular ?? 'Pending item',
      href: type && record ? `/${type.resource}/${record.id}` : `/pending/${item.id}`,
      recordStatus: record?.status ?? null,
      requester: item.requested_by_id ? { id: item.requested_by_id, name: nameOf.get(item.requested_by_id) ?? 'Unknown person' } : null,
      fields,
      summary,
      step: kind === 'approval' && item.total_steps ? { index: item.current_step_index ?? 0, total: item.total_steps } : null,
      deskRole: kind === 'task' ? item.assignee_role : null,
      deskActions: kind === 'task' && type && record ? deskActionsFor(ctx, type, record) : [],
      onBehalfOf: principal ? { id: principal, name: nameOf.get(principal) ?? 'Unknown person' } : null,
      blockedReason: item.status === 'blocked' ? item.blocked_reason : null,
      waitingForAnswer: item.status === 'blocked' && !!item.info_requested_by,
    };
  });
}
