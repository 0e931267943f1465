/**
 * The approvals engine: the Pending items that drive the inbox. Filing a request creates its approval
 * item (its chain resolved from the tenant's policy, lib/policies) and/or desk task in the same
 * transaction; an edit while the approval is open restarts the chain; desk actions start and complete
 * tasks; withdrawing closes what still waits. Decisions on the chain are in decisions.ts.
 */
import { sql } from 'kysely';
import type { Role } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';
import { isAdmin } from '@/lib/auth/caller';
import { forbidden, invalid } from '@/lib/errors';
import { notify } from '@/lib/notifications/notify';
import { emitWebhookEvent } from '@/lib/webhooks/events';
import { getPolicy } from '@/lib/policies/store';
import type { PolicyResource } from '@/lib/policies/policy';
import { resolveChain, routeStep, type ResolvedStep, type RoutedStep } from '@/lib/policies/resolve';
import { startSlaClock } from '@/lib/sla/clock';
import { scheduleExpiryCheck } from '@/lib/expiry/schedule';
import { writeAudit, diff } from './audit';
import { actionsFrom, type RecordRow, type RecordType } from './define';
import { excludedPeople, reassignmentProblem, type ChainParties } from './separation';
import { assertActivePerson } from '@/lib/directory/common';
import { requesterOf } from './visibility';

export const PENDING_COLUMNS = [
  'id', 'tenant_id', 'app_id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'source', 'source_type',
  'is_deleted', 'deleted_at', 'deleted_by', 'schema_version', 'type', 'source_id', 'status', 'priority',
  'assignee_id', 'assignee_role', 'due_at', 'title', 'entity_type', 'entity_id', 'requested_by_id',
  'description', 'current_step_index', 'total_steps', 'completed_at', 'engine', 'blocked_reason',
  'policy_version', 'candidate_ids', 'info_requested_by', 'outcome', 'tags', 'sla_started_at', 'remind_at', 'sla_paused_at',
] as const;

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
  policy_version: number | null;
  candidate_ids: string[] | null;
  info_requested_by: string | null;
  outcome?: 'approved' | 'rejected' | null;
};

/** Webhooks: an approval step now waits on its approvers (filing, the next step, a restart, a reassignment). */
export async function emitStepAssigned(ctx: Ctx, itemId: string): Promise<void> {
  const item = await ctx.db.selectFrom('pending_items').select(PENDING_COLUMNS).where('id', '=', itemId).executeTakeFirst();
  if (item && item.type === 'approval' && item.status !== 'completed') await emitWebhookEvent(ctx, 'approval.step_assigned', item);
}

/** Webhooks: a record's status moved (data: the record after, with `previous_status`). */
export async function emitStatusChanged(ctx: Ctx, type: RecordType, before: { status: string }, after: RecordRow): Promise<void> {
  if (before.status === after.status) return;
  await emitWebhookEvent(ctx, 'record.status_changed', { record_type: type.name, ...after, previous_status: before.status });
}

/** The chain a record would get now, under the policy in force (or a given version of it). */
export async function chainFor(ctx: Ctx, type: RecordType, record: Record<string, unknown>, version?: number) {
  if (!type.approvals) return { version: 0, steps: [] as ResolvedStep[] };
  const policy = await getPolicy(ctx, type.resource as PolicyResource, version);
  return resolveChain(ctx, type, record, policy);
}

/** The item's columns for a routed step. */
export function assignmentOf(routed: RoutedStep) {
  return {
    assignee_id: routed.assignee_id,
    assignee_role: routed.assignee_role,
    candidate_ids: routed.candidate_ids,
    status: routed.blockedReason ? ('blocked' as const) : ('queued' as const),
    blocked_reason: routed.blockedReason,
  };
}

/** Keeps the chain's step row saying where the step went (the chain panel reads it), when it went to someone. */
export async function recordRouting(ctx: Ctx, pendingId: string, index: number, routed: RoutedStep): Promise<void> {
  if (!routed.assignee_id && !routed.assignee_role) return;
  await ctx.db
    .updateTable('approval_steps')
    .set({ assignee_id: routed.assignee_id, assignee_role: routed.assignee_role })
    .where('pending_id', '=', pendingId)
    .where('step_index', '=', index)
    .where('decision', 'is', null)
    .execute();
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

/** A stored step as the router reads it. */
export function storedStep(row: { assignee_role: Role | null; eligible_ids: string[] | null; min_approvals: number }): Pick<ResolvedStep, 'min' | 'role' | 'eligibleIds'> {
  return { min: row.min_approvals, role: row.eligible_ids ? null : row.assignee_role, eligibleIds: row.eligible_ids };
}

/** An item's priority when it opens: the type's own rule (a trip leaving soon is urgent), else 3. */
export function priorityFor(type: RecordType, record: Record<string, unknown>, now: Date): number {
  return type.priority?.(record, now) ?? 3;
}

export async function insertItem(ctx: Ctx, values: Record<string, unknown>): Promise<void> {
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

/**
 * On filing: the approval item with its chain, and the desk task when the desk acts at once. A chain
 * whose every step's condition fails approves the request at once (the policy asks for nobody).
 * Returns the record as it stands after filing.
 */
export async function openItemsForNewRecord(ctx: Ctx, type: RecordType, record: RecordRow): Promise<RecordRow> {
  const now = ctx.clock.now();
  let filed = record;
  let approvalOpen = false;
  if (type.approvals) {
    const chain = await chainFor(ctx, type, record);
    if (chain.steps.length > 0) {
      approvalOpen = true;
      const pendingId = ctx.clock.id('pnd');
      const parties: ChainParties = { requesterId: requesterOf(type, record), filedBy: record.created_by, decisions: [] };
      const first = await routeStep(ctx, chain.steps[0], excludedPeople(parties, 0));
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
        total_steps: chain.steps.length,
        current_step_index: 0,
        policy_version: chain.version,
        ...assignmentOf(first),
        priority: priorityFor(type, record, now),
      });
      await startSlaClock(ctx, pendingId);
      await insertSteps(ctx, pendingId, type, record.id, chain.steps);
      await recordRouting(ctx, pendingId, 0, first);
      await notify(ctx, { type: 'step_opened', itemId: pendingId });
      await emitStepAssigned(ctx, pendingId);
    } else {
      filed = await approveWithoutSteps(ctx, type, record, chain.version);
    }
  }
  // A desk that acts on filing waits for the approval when the policy asks for one (HR with steps).
  if (type.deskTask?.openOn === 'create' && !approvalOpen) await openDeskTask(ctx, type, record);
  return filed;
}

/** A final approval: the record is approved (or, with no such status, stays as filed) and its desk task opens. */
export async function afterApproval(ctx: Ctx, type: RecordType, record: RecordRow): Promise<void> {
  if (type.approvals?.approvedStatus === null) {
    if (type.deskTask?.openOn === 'create') await openDeskTask(ctx, type, record);
    return;
  }
  if (record.status === 'approved') await afterTransition(ctx, type, 'approve', record);
}

/** Whether the record's approval is still open (a desk does not act on a request until it is through). */
export async function approvalIsOpen(ctx: Ctx, type: RecordType, recordId: string): Promise<boolean> {
  if (!type.approvals) return false;
  const open = await openItems(ctx, type.name, recordId).where('type', '=', 'approval').executeTakeFirst();
  return !!open;
}

/** The policy asks for no approval of this request: it is approved as filed, and its desk task opens. */
async function approveWithoutSteps(ctx: Ctx, type: RecordType, record: RecordRow, version: number): Promise<RecordRow> {
  // A lifecycle with no approved status (HR) simply goes on: its desk task opens on filing.
  if (type.approvals?.approvedStatus === null) return record;
  const now = ctx.clock.now().toISOString();
  const stamps: Record<string, unknown> = { status: 'approved', updated_at: now };
  if ('approved_at' in type.stamps) stamps.approved_at = now;
  const after = (await ctx.db
    .updateTable(type.table)
    .set(stamps as never)
    .where('id', '=', record.id)
    .returning(type.columns as never)
    .executeTakeFirstOrThrow()) as unknown as RecordRow;
  await writeAudit(ctx, {
    entityType: type.name,
    entityId: record.id,
    action: 'approve',
    changes: diff(record, after),
    comment: `No approval needed under policy version ${version}.`,
    at: now,
  });
  await emitStatusChanged(ctx, type, record, after);
  await afterTransition(ctx, type, 'approve', after);
  return after;
}

export async function insertSteps(ctx: Ctx, pendingId: string, type: RecordType, recordId: string, steps: ResolvedStep[]): Promise<void> {
  await ctx.db
    .insertInto(
      'approval_steps',
      steps.map((step, index) => ({
        pending_id: pendingId,
        step_index: index,
        entity_type: type.name,
        entity_id: recordId,
        // A step of one named person keeps them as its assignee; a role step its role; several people neither.
        assignee_id: step.eligibleIds?.length === 1 ? step.eligibleIds[0] : null,
        assignee_role: step.role,
        approver: JSON.stringify(step.approver),
        min_approvals: step.min,
        eligible_ids: step.eligibleIds,
      })),
    )
    .execute();
}

/**
 * An edit while the approval is open is a new filing (engine.md §1): the decisions so far are voided
 * (kept, marked), the chain is built again from the record as it now stands under the policy then in
 * force, and the item goes back to step 0. The caller holds the record's lock; the item is locked here.
 */
export async function restartChain(ctx: Ctx, type: RecordType, after: RecordRow, changedFields: string[]): Promise<void> {
  const item = (await openItems(ctx, type.name, after.id).where('type', '=', 'approval').forUpdate().executeTakeFirst()) as PendingRow | undefined;
  if (!item) return;
  const now = ctx.clock.now().toISOString();
  const chain = await chainFor(ctx, type, after);
  await ctx.db.updateTable('approval_decisions').set({ voided: true }).where('pending_id', '=', item.id).where('voided', '=', false).execute();
  await ctx.db.deleteFrom('approval_steps').where('pending_id', '=', item.id).execute();
  const comment = `The request was edited (${changedFields.join(', ')}): its approval starts again from the first step.`;
  if (chain.steps.length === 0) {
    const changes = { status: 'completed' as const, completed_at: now, policy_version: chain.version, updated_at: now, updated_by: ctx.caller.personId };
    await ctx.db.updateTable('pending_items').set(changes).where('id', '=', item.id).execute();
    await writeAudit(ctx, { entityType: 'Pending', entityId: item.id, action: 'restart', changes: diff(item, changes), comment, at: now });
    await approveWithoutSteps(ctx, type, after, chain.version);
    return;
  }
  await insertSteps(ctx, item.id, type, after.id, chain.steps);
  const parties: ChainParties = { requesterId: requesterOf(type, after), filedBy: after.created_by, decisions: [] };
  const first = await routeStep(ctx, chain.steps[0], excludedPeople(parties, 0));
  await recordRouting(ctx, item.id, 0, first);
  const changes = {
    current_step_index: 0,
    total_steps: chain.steps.length,
    policy_version: chain.version,
    ...assignmentOf(first),
    info_requested_by: null,
    title: type.title(after),
    description: (after[type.summaryField] ?? null) as string | null,
    updated_at: now,
    updated_by: ctx.caller.personId,
  };
  await ctx.db.updateTable('pending_items').set(changes).where('id', '=', item.id).execute();
  await startSlaClock(ctx, item.id);
  await writeAudit(ctx, { entityType: 'Pending', entityId: item.id, action: 'restart', changes: diff(item, changes), comment, at: now });
  await notify(ctx, { type: 'step_opened', itemId: item.id, restarted: true });
  await emitStepAssigned(ctx, item.id);
}

/**
 * Once approved, an edit or action may not slip past a step the chain would now need (engine.md §1):
 * under the policy version it was approved with, the record as it would stand needs more steps than it
 * got. Returns the field to name, or null when nothing new would be needed. Admins are not asked.
 */
export async function fieldThatAddsStep(ctx: Ctx, type: RecordType, before: RecordRow, after: Record<string, unknown>): Promise<string | null> {
  if (!type.approvals || isAdmin(ctx.caller) || before.status === type.initialStatus) return null;
  // A revocation the engine filed (lib/expiry/revoke.ts) is covered by its grant's approval.
  if (before.created_by === null && (before.tags as { revokes?: unknown } | null)?.revokes) return null;
  const approved = await ctx.db
    .selectFrom('pending_items')
    .select(['id', 'total_steps', 'policy_version'])
    .where('entity_type', '=', type.name)
    .where('entity_id', '=', before.id)
    .where('type', '=', 'approval')
    .where('engine', '=', true)
    // An extension's one step is not the chain the request was approved with.
    .where(sql<unknown>`tags -> 'extension'`, 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const had = approved?.total_steps ?? 0;
  const needed = await chainFor(ctx, type, after, approved?.policy_version ?? undefined);
  if (needed.steps.length <= had) return null;
  const changed = Object.keys(after).filter((name) => name in type.fields && JSON.stringify(after[name] ?? null) !== JSON.stringify(before[name] ?? null));
  return type.approvals.conditionFields.find((name) => changed.includes(name)) ?? changed[0] ?? type.approvals.conditionFields[0] ?? 'status';
}

async function openDeskTask(ctx: Ctx, type: RecordType, record: RecordRow): Promise<void> {
  const desk = type.deskTask!;
  const now = ctx.clock.now();
  const taskId = ctx.clock.id('pnd');
  await insertItem(ctx, {
    id: taskId,
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
  });
  await startSlaClock(ctx, taskId);
  await notify(ctx, { type: 'task_opened', recordType: type, record, role: desk.role });
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
  if (status === 'completed') {
    const after = await ctx.db.selectFrom('pending_items').select(PENDING_COLUMNS).where('id', '=', item.id).executeTakeFirst();
    if (after) await emitWebhookEvent(ctx, 'pending.completed', after);
  }
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
  // A provisioned grant with an end date: its expiry warnings and revocation are queued (lib/expiry).
  if (after.status === 'provisioned' && action === 'provision') await scheduleExpiryCheck(ctx, after);
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
 * Nothing else of an engine item changes through update. The step keeps its SLA clock (lib/sla/clock.ts).
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
    // A deactivated person holds nothing (offboarding handed their work on): a step given to them would wait forever.
    await assertActivePerson(ctx, 'assignee_id', target.assignee_id);
  }
  const now = ctx.clock.now().toISOString();
  const set = {
    ...target,
    candidate_ids: null,
    ...(item.status === 'blocked' && item.blocked_reason && !item.info_requested_by ? { status: 'queued' as const, blocked_reason: null } : {}),
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
  await notify(ctx, { type: 'reassigned', item: after });
  await emitStepAssigned(ctx, item.id);
  return after;
}
