/**
 * External approvals (engine.md §6): an integration files an approval item for an entity of its own
 * system ("Expense", "Contract") with its steps, and the approvals engine runs it like an Opsdesk
 * request's chain — the inbox, separation of duties, delegation, reassignment, reminders from `due_at` —
 * except that there is no Opsdesk record to move: the final decision sets the item's `outcome`.
 *
 * The item is an engine item (`engine = true`, its steps in `approval_steps`), so nothing but the engine
 * and a reassignment by an admin or the step's holder changes it after filing: the integration that filed
 * it cannot reroute it.
 */
import { startSlaClock, startSlaClockUntil } from '@/lib/sla/clock';
import type { Role } from '@/db/schema';
import { isAdmin } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { forbidden, invalid, type FieldError } from '@/lib/errors';
import { notify } from '@/lib/notifications/notify';
import { routeStep } from '@/lib/policies/resolve';
import { assignmentOf, emitStepAssigned, recordRouting } from './approvals';
import type { RecordRow } from './define';
import { recordTypes } from './registry';
import { excludedPeople } from './separation';

export interface ExternalStep {
  assignee_id?: string;
  assignee_role?: Role;
}

/** Entity types whose approvals only the engine makes from an Opsdesk record (and Pending itself). */
export const OPSDESK_ENTITY_TYPES: ReadonlySet<string> = new Set(recordTypes.map((t) => t.name as string));

/** An approval item an integration filed with steps, run by the engine (no Opsdesk record behind it). */
export function isExternalApproval(item: Record<string, unknown>): boolean {
  return item.type === 'approval' && item.engine === true && typeof item.entity_type === 'string' && !OPSDESK_ENTITY_TYPES.has(item.entity_type);
}

/**
 * Checks an external approval before it is written and answers the item's engine columns. The filer is
 * an integration key (or an admin); every step names a person of the tenant who may decide it (not the
 * person it is for, not the filer, nobody twice — nobody decides two steps of one chain) or a role.
 */
export async function externalApprovalColumns(ctx: Ctx, parsed: Record<string, unknown>, requesterId: string): Promise<Record<string, unknown>> {
  const steps = parsed.steps as ExternalStep[];
  if (parsed.type !== 'approval') throw invalid([{ path: 'steps', message: "Only an item of type 'approval' has steps" }], "steps: Only an item of type 'approval' has steps");
  if (!ctx.caller.appId && !isAdmin(ctx.caller)) {
    throw forbidden('Only an integration key (or an admin) files an approval with steps; people file Opsdesk requests, whose approvers the policy chooses.');
  }
  const errors: FieldError[] = [];
  for (const field of ['entity_type', 'entity_id', 'title'] as const) {
    if (parsed[field] == null) errors.push({ path: field, message: 'Required for an approval with steps' });
  }
  for (const field of ['assignee_id', 'assignee_role'] as const) {
    if (parsed[field] != null) errors.push({ path: field, message: 'An approval with steps is assigned by its steps: leave this out' });
  }
  const named = steps.map((s) => s.assignee_id).filter((id): id is string => !!id);
  const people = named.length
    ? await ctx.db.selectFrom('people').select(['id', 'active']).where('id', 'in', named).execute()
    : [];
  const active = new Map(people.map((p) => [p.id, p.active]));
  const seen = new Set<string>();
  steps.forEach((step, index) => {
    const id = step.assignee_id;
    if (!id) return;
    const path = `steps.${index}.assignee_id`;
    if (!active.has(id)) errors.push({ path, message: 'No person with this id in your organisation' });
    else if (!active.get(id)) errors.push({ path, message: 'This person is no longer active' });
    else if (id === requesterId) errors.push({ path, message: 'Nobody approves what they asked for: name someone other than requested_by_id' });
    else if (id === ctx.caller.personId) errors.push({ path, message: 'Nobody decides what they filed' });
    else if (seen.has(id)) errors.push({ path, message: 'Nobody decides two steps of one chain: name another person' });
    seen.add(id);
  });
  if (errors.length > 0) throw invalid(errors, errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return { engine: true, total_steps: steps.length, current_step_index: 0, assignee_id: null, assignee_role: null, priority: parsed.priority ?? 3 };
}

/** After the item is written (same transaction): its steps, the first step's routing, and who is told. */
export async function openExternalApproval(ctx: Ctx, item: RecordRow, steps: ExternalStep[]): Promise<RecordRow> {
  const entityType = String(item.entity_type);
  const entityId = String(item.entity_id);
  await ctx.db
    .insertInto(
      'approval_steps',
      steps.map((step, index) => ({
        pending_id: item.id,
        step_index: index,
        entity_type: entityType,
        entity_id: entityId,
        assignee_id: step.assignee_id ?? null,
        assignee_role: step.assignee_role ?? null,
        approver: JSON.stringify(step.assignee_id ? { kind: 'person', person_id: step.assignee_id } : { kind: 'role', role: step.assignee_role }),
        min_approvals: 1,
        eligible_ids: step.assignee_id ? [step.assignee_id] : null,
      })),
    )
    .execute();
  const parties = { requesterId: (item.requested_by_id as string | null) ?? null, filedBy: item.created_by, decisions: [] };
  const first = steps[0];
  const routed = await routeStep(ctx, { min: 1, role: first.assignee_role ?? null, eligibleIds: first.assignee_id ? [first.assignee_id] : null }, excludedPeople(parties, 0));
  await recordRouting(ctx, item.id, 0, routed);
  const after = (await ctx.db
    .updateTable('pending_items')
    .set(assignmentOf(routed))
    .where('id', '=', item.id)
    .returningAll()
    .executeTakeFirstOrThrow()) as unknown as RecordRow;
  // Reminders and escalation as for Opsdesk's own steps (engine.md §4): until the due time the integration
  // sent, else the tenant's SLA for an approval step.
  const due = typeof item.due_at === 'string' ? new Date(item.due_at) : null;
  if (due && !Number.isNaN(due.getTime())) await startSlaClockUntil(ctx, item.id, due);
  else await startSlaClock(ctx, item.id);
  await notify(ctx, { type: 'step_opened', itemId: item.id });
  await emitStepAssigned(ctx, item.id);
  const clocked = await ctx.db.selectFrom('pending_items').select(['due_at', 'remind_at', 'sla_started_at', 'sla_cycle']).where('id', '=', item.id).executeTakeFirstOrThrow();
  return { ...item, ...pick(after, ['assignee_id', 'assignee_role', 'candidate_ids', 'status', 'blocked_reason']), due_at: clocked.due_at, remind_at: clocked.remind_at, sla_started_at: clocked.sla_started_at };
}

function pick(row: RecordRow, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, row[name]]));
}
