/**
 * The approvals engine: the Pending items that drive the inbox. Filing a request creates its approval
 * item and/or desk task in the same transaction; desk actions start and complete tasks; withdrawing closes
 * what still waits. Decisions on the chain are in decisions.ts.
 */
import type { Role } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';
import { invalid } from '@/lib/errors';
import { writeAudit, diff } from './audit';
import { actionsFrom, type ApprovalStep, type RecordRow, type RecordType } from './define';
import { requesterOf } from './visibility';

export const PENDING_COLUMNS = [
  'id', 'tenant_id', 'app_id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'source', 'source_type',
  'is_deleted', 'deleted_at', 'deleted_by', 'schema_version', 'type', 'source_id', 'status', 'priority',
  'assignee_id', 'assignee_role', 'due_at', 'title', 'entity_type', 'entity_id', 'requested_by_id',
  'description', 'current_step_index', 'total_steps', 'completed_at', 'tags',
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
};

/** The chain of a new request: the requester's manager (admin when there is none), then the type's own steps. */
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
    await insertItem(ctx, {
      id: pendingId,
      type: 'approval',
      source_id: record.id,
      entity_type: type.name,
      entity_id: record.id,
      requested_by_id: requesterOf(type, record),
      title: type.title(record),
      description: (record[type.summaryField] ?? null) as string | null,
      total_steps: steps.length,
      current_step_index: 0,
      assignee_id: steps[0].assigneeId ?? null,
      assignee_role: steps[0].assigneeRole ?? null,
      priority: priorityFor(type, record, now),
      due_at: new Date(now.getTime() + 2 * DAY).toISOString(),
    });
    await ctx.db
      .insertInto(
        'approval_steps',
        steps.map((step, index) => ({
          pending_id: pendingId,
          step_index: index,
          entity_type: type.name,
          entity_id: record.id,
          assignee_id: step.assigneeId ?? null,
          assignee_role: step.assigneeRole ?? null,
        })),
      )
      .execute();
  }
  if (type.deskTask?.openOn === 'create') await openDeskTask(ctx, type, record);
}

async function openDeskTask(ctx: Ctx, type: RecordType, record: RecordRow): Promise<void> {
  const desk = type.deskTask!;
  const now = ctx.clock.now();
  await insertItem(ctx, {
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

export function openItems(ctx: Ctx, entityType: string, entityId: string) {
  return ctx.db
    .selectFrom('pending_items')
    .select(PENDING_COLUMNS)
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
    .select(['id', 'status', 'current_step_index', 'total_steps'])
    .where('entity_type', '=', type.name)
    .where('entity_id', '=', recordId)
    .where('type', '=', 'approval')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!item) return null;
  return { item, steps: await approvalSteps(ctx, item.id) };
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

/** What ties an approval item to its record and requester is the engine's: an update may not rewrite it. */
const ENGINE_FIELDS = ['type', 'source_id', 'entity_type', 'entity_id', 'requested_by_id'] as const;

export function assertEngineFieldsKept(item: Record<string, unknown>, changes: Record<string, unknown>): void {
  const errors = ENGINE_FIELDS.filter((name) => name in changes && changes[name] !== item[name]).map((name) => ({
    path: name,
    message: 'Set by the approvals engine; an approval item keeps its request',
  }));
  if (errors.length > 0) throw invalid(errors, errors.map((e) => `${e.path}: ${e.message}`).join('; '));
}

/** Reassigns the current step when an approval item's assignee is changed by update. */
export async function reassignCurrentStep(ctx: Ctx, item: PendingRow, assignee: { assignee_id: string | null; assignee_role: Role | null }) {
  if (item.type !== 'approval') return;
  await ctx.db
    .updateTable('approval_steps')
    .set(assignee)
    .where('pending_id', '=', item.id)
    .where('step_index', '=', item.current_step_index ?? 0)
    .where('decision', 'is', null)
    .execute();
}
