/**
 * The approvals engine: the Pending items that drive the inbox. Filing a request creates its approval
 * item and/or desk task in the same transaction; desk actions start and complete tasks; withdrawing closes
 * what still waits. Decisions on the chain are in decisions.ts.
 */
import type { Role } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';
import { isAdmin } from '@/lib/auth/caller';
import { forbidden, invalid } from '@/lib/errors';
import { writeAudit, diff } from './audit';
import { actionsFrom, type ApprovalStep, type RecordRow, type RecordType } from './define';
import { excludedPeople, reassignmentProblem, type ChainParties } from './separation';
import { requesterOf } from './visibility';

export const PENDING_COLUMNS = [
  'id', 'tenant_id', 'app_id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'source', 'source_type',
  'is_deleted', 'deleted_at', 'deleted_by', 'schema_version', 'type', 'source_id', 'status', 'priority',
  'assignee_id', 'assignee_role', 'due_at', 'title', 'entity_type', 'entity_id', 'requested_by_id',
  'description', 'current_step_index', 'total_steps', 'completed_at', 'engine', 'blocked_reason', 'tags',
] as const;

const DAY = 24 * 60 * 60 * 1000;

export type PendingRow = RecordRow & {
  type: string;
  assignee_id: string | null;
  assignee_role: Role | null;
  entity_type: string | null;
  entity_id: string | null;
  requested_by_id: string | null;
  current_step_index: number | null;
  total_steps: number | null;
  engine: boolean;
  blocked_reason: string | null;
};

/** The chain of a request as its fields stand: the requester's manager (admin when there is none), then the type's own steps. */
export async function chainFor(ctx: Ctx, type: RecordType, record: Record<string, unknown>): Promise<ApprovalStep[]> {
  if (!type.approvals) return [];
  const requesterId = requesterOf(type, record);
  const requester = requesterId
    ? await ctx.db.selectFrom('people').select(['manager_id']).where('id', '=', requesterId).executeTakeFirst()
    : undefined;
  const tenant = await ctx.db.tenant().select(['travel_approval_threshold']).executeTakeFirstOrThrow();
  const first: ApprovalStep = requester?.manager_id ? { assigneeId: requester.manager_id } : { assigneeRole: 'admin' };
  return [first, ...type.approvals.extraSteps(record, tenant)];
}

/** Where a step actually goes, once separation of duties has had its say (engine.md §2). */
export interface RoutedStep {
  assignee_id: string | null;
  assignee_role: Role | null;
  /** Set when nobody eligible remains: the item waits for an admin to reassign it. */
  blockedReason: string | null;
}

/**
 * Routes a step: to its person or role when someone eligible holds it; else to the tenant's admins
 * (minus the excluded people); else blocked, with words a person understands.
 */
export async function routeStep(ctx: Ctx, step: { assignee_id: string | null; assignee_role: Role | null }, excluded: Set<string>): Promise<RoutedStep> {
  const eligible = async (role: Role) => {
    const holders = await ctx.db
      .selectFrom('people')
      .select('id')
      .where((eb) => eb(eb.val(role), '=', eb.fn.any('roles')))
      .execute();
    return holders.some((p) => !excluded.has(p.id));
  };
  if (step.assignee_id && !excluded.has(step.assignee_id)) return { assignee_id: step.assignee_id, assignee_role: null, blockedReason: null };
  if (!step.assignee_id && step.assignee_role && (await eligible(step.assignee_role))) {
    return { assignee_id: null, assignee_role: step.assignee_role, blockedReason: null };
  }
  if (await eligible('admin')) return { assignee_id: null, assignee_role: 'admin', blockedReason: null };
  return {
    assignee_id: null,
    assignee_role: 'admin',
    blockedReason: 'Nobody may decide this step: everyone who could is the requester, filed it, or decided an earlier step. An admin must hand it to someone else.',
  };
}

/** The requester, the filer and the live decisions of an approval item: what separation of duties looks at. */
export async function chainParties(ctx: Ctx, item: { id: string; requested_by_id: string | null; created_by: string | null }): Promise<ChainParties> {
  const decisions = await ctx.db
    .selectFrom('approval_decisions')
    .select(['step_index', 'decided_by', 'on_behalf_of'])
    .where('pending_id', '=', item.id)
    .where('voided', '=', false)
    .execute();
  return { requesterId: item.requested_by_id, filedBy: item.created_by, decisions };
}

function priorityFor(type: RecordType, record: Record<string, unknown>, now: Date): number {
  if (type.name === 'Travel' && typeof record.departure_at === 'string') {
    const days = (new Date(record.departure_at).getTime() - now.getTime()) / DAY;
    if (days < 3) return 1;
    if (days < 14) return 2;
  }
  return 3;
}

async function insertItem(ctx: Ctx, values: Record<string, unknown>): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('pending_items', {
      id: ctx.clock.id('pnd'),
      app_id: ctx.caller.appId,
      created_at: now,
      updated_at: now,
      created_by: ctx.caller.personId,
      updated_by: ctx.caller.personId,
      source: 'edm',
      source_type: 'system',
      status: 'queued',
      tags: '{}',
      engine: true,
      ...values,
    } as never)
    .execute();
}

/** On filing: the approval item with its steps, and the desk task when the desk acts at once. */
export async function openItemsForNewRecord(ctx: Ctx, type: RecordType, record: RecordRow): Promise<void> {
  const now = ctx.clock.now();
  const steps = await chainFor(ctx, type, record);
  if (steps.length > 0) {
    const pendingId = ctx.clock.id('pnd');
    const parties: ChainParties = { requesterId: requesterOf(type, record), filedBy: record.created_by, decisions: [] };
    const first = await routeStep(ctx, { assignee_id: steps[0].assigneeId ?? null, assignee_role: steps[0].assigneeRole ?? null }, excludedPeople(parties, 0));
    await insertItem(ctx, {
      id: pendingId,
      created_by: record.created_by,
      type: 'approval',
      source_id: record.id,
      entity_type: type.name,
      entity_id: record.id,
      requested_by_id: requesterOf(type, record),
      title: type.title(record),
      description: (record[type.summaryField] ?? null) as string | null,
      total_steps: steps.length,
      current_step_index: 0,
      assignee_id: first.assignee_id,
      assignee_role: first.assignee_role,
      status: first.blockedReason ? 'blocked' : 'queued',
      blocked_reason: first.blockedReason,
      priority: priorityFor(type, record, now),
      due_at: new Date(now.getTime() + 2 * DAY).toISOString(),
    });
    await insertSteps(ctx, pendingId, type, record.id, steps);
  }
  if (type.deskTask?.openOn === 'create') await openDeskTask(ctx, type, record);
}

async function insertSteps(ctx: Ctx, pendingId: string, type: RecordType, recordId: string, steps: ApprovalStep[]): Promise<void> {
  await ctx.db
    .insertInto(
      'approval_steps',
      steps.map((step, index) => ({
        pending_id: pendingId,
        step_index: index,
        entity_type: type.name,
        entity_id: recordId,
        assignee_id: step.assigneeId ?? null,
        assignee_role: step.assigneeRole ?? null,
      })),
    )
    .execute();
}

/**
 * An edit while the approval is open is a new filing (engine.md §1): the decisions so far are voided
 * (kept, marked), the chain is built again from the record as it now stands, and the item goes back to
 * step 0. The caller holds the record's lock; the item is locked here (record, then item).
 */
export async function restartChain(ctx: Ctx, type: RecordType, after: RecordRow, changedFields: string[]): Promise<void> {
  const item = (await openItems(ctx, type.name, after.id).where('type', '=', 'approval').forUpdate().executeTakeFirst()) as PendingRow | undefined;
  if (!item) return;
  const now = ctx.clock.now().toISOString();
  const steps = await chainFor(ctx, type, after);
  await ctx.db.updateTable('approval_decisions').set({ voided: true }).where('pending_id', '=', item.id).where('voided', '=', false).execute();
  await ctx.db.deleteFrom('approval_steps').where('pending_id', '=', item.id).execute();
  await insertSteps(ctx, item.id, type, after.id, steps);
  const parties: ChainParties = { requesterId: requesterOf(type, after), filedBy: after.created_by, decisions: [] };
  const first = await routeStep(ctx, { assignee_id: steps[0].assigneeId ?? null, assignee_role: steps[0].assigneeRole ?? null }, excludedPeople(parties, 0));
  const changes = {
    current_step_index: 0,
    total_steps: steps.length,
    assignee_id: first.assignee_id,
    assignee_role: first.assignee_role,
    status: first.blockedReason ? 'blocked' : 'queued',
    blocked_reason: first.blockedReason,
    title: type.title(after),
    description: (after[type.summaryField] ?? null) as string | null,
    updated_at: now,
    updated_by: ctx.caller.personId,
  } as const;
  await ctx.db.updateTable('pending_items').set(changes).where('id', '=', item.id).execute();
  await writeAudit(ctx, {
    entityType: 'Pending',
    entityId: item.id,
    action: 'restart',
    changes: diff(item, changes),
    comment: `The request was edited (${changedFields.join(', ')}): its approval starts again from the first step.`,
    at: now,
  });
}

/**
 * Once approved, an edit or action may not slip past a step the chain would now need (engine.md §1):
 * the chain for the record as it would stand has more steps than the one it was approved with.
 * Returns the field to name, or null when nothing new would be needed. Admins are not asked.
 */
export async function fieldThatAddsStep(ctx: Ctx, type: RecordType, before: RecordRow, after: Record<string, unknown>): Promise<string | null> {
  if (!type.approvals || isAdmin(ctx.caller) || before.status === type.initialStatus) return null;
  const approved = await ctx.db
    .selectFrom('pending_items')
    .select(['id', 'total_steps'])
    .where('entity_type', '=', type.name)
    .where('entity_id', '=', before.id)
    .where('type', '=', 'approval')
    .where('engine', '=', true)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!approved) return null;
  const needed = await chainFor(ctx, type, after);
  if (needed.length <= (approved.total_steps ?? 1)) return null;
  const changed = Object.keys(after).filter((name) => name in type.fields && JSON.stringify(after[name] ?? null) !== JSON.stringify(before[name] ?? null));
  return type.approvals.conditionFields.find((name) => changed.includes(name)) ?? changed[0] ?? type.approvals.conditionFields[0];
}

async function openDeskTask(ctx: Ctx, type: RecordType, record: RecordRow): Promise<void> {
  const desk = type.deskTask!;
  const now = ctx.clock.now();
  await insertItem(ctx, {
    // The request's filer, whoever's action opened the task: separation of duties looks at it.
    created_by: record.created_by,
    type: 'task',
    source_id: record.id,
    entity_type: type.name,
    entity_id: record.id,
    requested_by_id: requesterOf(type, record),
    title: type.title(record),
    assignee_role: desk.role,
    priority: priorityFor(type, record, now),
    due_at: new Date(now.getTime() + 3 * DAY).toISOString(),
  });
}

/** The engine's open items of a record (client-made items that point at it are not the engine's). */
export function openItems(ctx: Ctx, entityType: string, entityId: string) {
  return ctx.db
    .selectFrom('pending_items')
    .select(PENDING_COLUMNS)
    .where('engine', '=', true)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .where('status', '!=', 'completed')
    .where('is_deleted', '=', false);
}

export async function setItemStatus(ctx: Ctx, item: { id: string; status: string }, status: 'processing' | 'completed', comment?: string | null) {
  if (item.status === status) return;
  const now = ctx.clock.now().toISOString();
  const changes = { status, updated_at: now, updated_by: ctx.caller.personId, ...(status === 'completed' ? { completed_at: now } : {}) };
  await ctx.db.updateTable('pending_items').set(changes).where('id', '=', item.id).execute();
  await writeAudit(ctx, { entityType: 'Pending', entityId: item.id, action: 'update', changes: diff(item, changes), comment, at: now });
}

/** After a desk action or any move to a final status: start or complete the record's open items. */
export async function afterTransition(ctx: Ctx, type: RecordType, action: string, after: RecordRow): Promise<void> {
  const items = await openItems(ctx, type.name, after.id).forUpdate().execute();
  const final = actionsFrom(type, after.status).length === 0;
  const desk = type.deskTask;
  for (const item of items) {
    const closes =
      final || (item.type === 'task' && !!desk && (desk.closeOn.includes(action) || desk.closeOn.includes(`${action}:${after.status}`)));
    if (closes) await setItemStatus(ctx, item, 'completed');
    else if (item.type === 'task' && desk?.startOn?.includes(action)) await setItemStatus(ctx, item, 'processing');
  }
  if (after.status === 'approved' && desk?.openOn === 'approved') await openDeskTask(ctx, type, after);
}

/** Withdrawing (deleting) a request closes whatever still waits on it. */
export async function closeItemsOfWithdrawn(ctx: Ctx, type: RecordType, recordId: string): Promise<void> {
  const items = await openItems(ctx, type.name, recordId).forUpdate().execute();
  for (const item of items) await setItemStatus(ctx, item, 'completed', 'Request withdrawn');
}

/** The approval chain of a record with each step's decision: shown on the detail screen. */
export async function approvalChain(ctx: Ctx, type: RecordType, recordId: string) {
  const item = await ctx.db
    .selectFrom('pending_items')
    .select(['id', 'status', 'current_step_index', 'total_steps', 'requested_by_id', 'created_by', 'blocked_reason'])
    .where('entity_type', '=', type.name)
    .where('entity_id', '=', recordId)
    .where('type', '=', 'approval')
    .where('engine', '=', true)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!item) return null;
  return { item, steps: await approvalSteps(ctx, item.id), parties: await chainParties(ctx, item) };
}

/** The steps of one approval item, in order, with each decision. */
export async function approvalSteps(ctx: Ctx, pendingId: string) {
  return ctx.db
    .selectFrom('approval_steps')
    .select(['step_index', 'assignee_id', 'assignee_role', 'decision', 'decided_by', 'decided_at', 'comment'])
    .where('pending_id', '=', pendingId)
    .orderBy('step_index')
    .execute();
}

/**
 * Reassigns an engine item's current step (engine.md §2): admins, or the step's current holder when not
 * a party to the request, may hand it to a person who could decide it or to a role other than employee.
 * Nothing else of an engine item changes through update.
 */
export async function reassignEngineItem(ctx: Ctx, item: PendingRow, changes: Record<string, unknown>): Promise<PendingRow> {
  const touched = Object.keys(changes).filter((name) => JSON.stringify(changes[name] ?? null) !== JSON.stringify(item[name] ?? null));
  const other = touched.filter((name) => name !== 'assignee_id' && name !== 'assignee_role');
  if (other.length > 0) {
    throw forbidden(`The approvals engine keeps this item: only its assignee can change (hand it to someone else), not ${other.join(', ')}.`);
  }
  if (touched.length === 0) return item;
  const target = {
    assignee_id: ('assignee_id' in changes ? changes.assignee_id : item.assignee_id) as string | null,
    assignee_role: ('assignee_role' in changes ? changes.assignee_role : item.assignee_role) as Role | null,
  };
  // Naming a person hands the step to them alone; naming only a role hands it to the role.
  if ('assignee_id' in changes && changes.assignee_id && !('assignee_role' in changes)) target.assignee_role = null;
  if ('assignee_role' in changes && changes.assignee_role && !('assignee_id' in changes)) target.assignee_id = null;
  const index = item.current_step_index ?? 0;
  const parties = await chainParties(ctx, item);
  const problem = reassignmentProblem(target, parties, index);
  if (problem) throw invalid([problem], problem.message);
  if (target.assignee_id) {
    const person = await ctx.db.selectFrom('people').select('id').where('id', '=', target.assignee_id).executeTakeFirst();
    if (!person) throw invalid([{ path: 'assignee_id', message: 'No person with this id in your organisation' }], 'No person with this id in your organisation');
  }
  const now = ctx.clock.now().toISOString();
  const set = {
    ...target,
    ...(item.status === 'blocked' && item.blocked_reason ? { status: 'queued' as const, blocked_reason: null } : {}),
    updated_at: now,
    updated_by: ctx.caller.personId,
  };
  const after = (await ctx.db.updateTable('pending_items').set(set).where('id', '=', item.id).returning(PENDING_COLUMNS).executeTakeFirstOrThrow()) as unknown as PendingRow;
  if (item.type === 'approval') {
    await ctx.db
      .updateTable('approval_steps')
      .set(target)
      .where('pending_id', '=', item.id)
      .where('step_index', '=', index)
      .where('decision', 'is', null)
      .execute();
  }
  await writeAudit(ctx, { entityType: 'Pending', entityId: item.id, action: 'reassign', changes: diff(item, set), at: now });
  return after;
}
