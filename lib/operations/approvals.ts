/**
 * The approvals engine: the Pending items that drive the inbox. Filing a request creates its approval
 * item and/or desk task in the same transaction; decisions move the chain on, one conditional write at a
 * time, so two people deciding the same step at once cannot both win.
 */
import { withArticle } from '@/lib/format';
import { sql } from 'kysely';
import type { Role } from '@/db/schema';
import { isAdmin } from '@/lib/auth/caller';
import { within, type Ctx } from '@/lib/data/context';
import { AppError, forbidden, invalid, isAppError } from '@/lib/errors';
import { writeAudit, diff } from './audit';
import { actionsFrom, type ActionSpec, type ApprovalStep, type RecordRow, type RecordType } from './define';
import { checkIfMatch } from './etag';
import { findVisible } from './records';
import { pending as pendingType, typeByName } from './registry';
import { parseInput } from './validate';
import { requesterOf } from './visibility';

const PENDING_COLUMNS = [
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
      description: (record.justification ?? record.purpose ?? record.specification ?? null) as string | null,
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

function openItems(ctx: Ctx, entityType: string, entityId: string) {
  return ctx.db
    .selectFrom('pending_items')
    .select(PENDING_COLUMNS)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .where('status', '!=', 'completed')
    .where('is_deleted', '=', false);
}

async function setItemStatus(ctx: Ctx, item: { id: string; status: string }, status: 'processing' | 'completed', comment?: string | null) {
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

export interface Decision {
  decision: 'approve' | 'reject';
  comment?: string | null;
}

export interface DecisionResult {
  item: PendingRow;
  /** The record after the decision (unchanged status while steps remain). */
  recordAfter: RecordRow;
  final: boolean;
}

/** The step a decision is about: the approval item's current step when the request arrived. */
export interface SeenStep {
  itemId: string;
  index: number;
}

export interface DecideOptions {
  /** Decide this approval item (the item path); else the record's open approval item. */
  itemId?: string;
  /** The step the caller saw: if another decision moved the item on meanwhile, this one is a 409. */
  seen?: SeenStep | null;
  /** Checks on the locked item before anything is written (If-Match of the item path). */
  check?: (item: PendingRow) => Promise<void> | void;
}

const MOVED_ON = 'Someone else decided this step a moment ago; the request has moved on. Look at it again before deciding.';

/**
 * Decides the current step of a record's approval item. The caller has locked the record row; the item
 * row is locked here (always in that order: record, then item — as withdrawals and desk actions do, so
 * two paths never wait on each other). The step's decision is a conditional write (`decision is null`),
 * and the item's advance is conditional on the step index read, so a concurrent second decision finds
 * nothing to decide and gets 409; one that waited behind another decision of the step it saw finds the
 * item moved on and gets 409 too, rather than deciding the next step unseen.
 */
export async function decide(
  ctx: Ctx,
  type: RecordType,
  record: RecordRow,
  decision: Decision,
  conflict: (detail?: string) => AppError,
  options: DecideOptions = {},
): Promise<DecisionResult> {
  let query = openItems(ctx, type.name, record.id).where('type', '=', 'approval');
  if (options.itemId) query = query.where('id', '=', options.itemId);
  const item = (await query.orderBy('created_at').forUpdate().executeTakeFirst()) as PendingRow | undefined;
  if (!item || record.status !== type.initialStatus) throw conflict();
  const index = item.current_step_index ?? 0;
  if (options.seen && (options.seen.itemId !== item.id || options.seen.index !== index)) throw conflict(MOVED_ON);
  await options.check?.(item);
  const step = await ctx.db
    .selectFrom('approval_steps')
    .selectAll()
    .where('pending_id', '=', item.id)
    .where('step_index', '=', index)
    .executeTakeFirst();
  // The steps were written with the item, for its record: an item whose link was rewritten decides nothing.
  if (!step || step.entity_type !== type.name || step.entity_id !== record.id) throw conflict();
  if (step.decision) throw conflict(MOVED_ON);

  const { caller } = ctx;
  if (requesterOf(type, record) === caller.personId) throw forbidden('Nobody approves their own request.');
  const holds =
    step.assignee_id === caller.personId || (step.assignee_role !== null && caller.roles.includes(step.assignee_role));
  if (!holds && !isAdmin(caller)) {
    // Their step is behind them (decided, maybe by someone else a moment ago): the item has moved on.
    if (await heldEarlierStep(ctx, item.id, index)) throw conflict(MOVED_ON);
    throw forbidden('This approval step is not assigned to you.');
  }

  const now = ctx.clock.now().toISOString();
  const decided = await ctx.db
    .updateTable('approval_steps')
    .set({ decision: decision.decision === 'approve' ? 'approved' : 'rejected', decided_by: caller.personId, decided_at: now, comment: decision.comment ?? null })
    .where('pending_id', '=', item.id)
    .where('step_index', '=', index)
    .where('decision', 'is', null)
    .executeTakeFirst();
  if (Number(decided.numUpdatedRows) !== 1) throw conflict(MOVED_ON);

  const lastStep = index + 1 >= (item.total_steps ?? 1);
  const final = decision.decision === 'reject' || lastStep;
  let itemChanges: Record<string, unknown>;
  if (final) {
    itemChanges = { status: 'completed', completed_at: now, updated_at: now, updated_by: caller.personId };
  } else {
    const next = await ctx.db
      .selectFrom('approval_steps')
      .select(['assignee_id', 'assignee_role'])
      .where('pending_id', '=', item.id)
      .where('step_index', '=', index + 1)
      .executeTakeFirstOrThrow();
    itemChanges = {
      current_step_index: index + 1,
      assignee_id: next.assignee_id,
      assignee_role: next.assignee_role,
      status: 'queued',
      updated_at: now,
      updated_by: caller.personId,
    };
  }
  const advanced = await ctx.db
    .updateTable('pending_items')
    .set(itemChanges)
    .where('id', '=', item.id)
    .where('current_step_index', '=', index)
    .where('status', '!=', 'completed')
    .returning(PENDING_COLUMNS)
    .executeTakeFirst();
  if (!advanced) throw conflict(MOVED_ON);
  await writeAudit(ctx, {
    entityType: 'Pending',
    entityId: item.id,
    action: decision.decision,
    changes: diff(item, itemChanges),
    comment: decision.comment,
    at: now,
  });

  let recordAfter = record;
  if (final) {
    const to = decision.decision === 'approve' ? 'approved' : 'rejected';
    const stamps: Record<string, unknown> = { status: to, approver_id: caller.personId, updated_at: now, updated_by: caller.personId };
    if (type.name === 'AccessRequest' && to === 'approved') stamps.approved_at = now;
    const updated = await ctx.db
      .updateTable(type.table)
      .set(stamps as never)
      .where('id', '=', record.id)
      .where('status', '=', type.initialStatus as never)
      .returning(type.columns as never)
      .executeTakeFirst();
    if (!updated) throw conflict();
    recordAfter = updated as unknown as RecordRow;
  }
  await writeAudit(ctx, {
    entityType: type.name,
    entityId: record.id,
    action: decision.decision,
    changes: final ? diff(record, recordAfter) : { approval_step: { from: index, to: index + 1 } },
    comment: decision.comment,
    at: now,
  });
  if (final && recordAfter.status === 'approved') await afterTransition(ctx, type, 'approve', recordAfter);
  return { item: advanced as unknown as PendingRow, recordAfter, final };
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
  const steps = await ctx.db
    .selectFrom('approval_steps')
    .select(['step_index', 'assignee_id', 'assignee_role', 'decision', 'decided_by', 'decided_at', 'comment'])
    .where('pending_id', '=', item.id)
    .orderBy('step_index')
    .execute();
  return { item, steps };
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

/** 409 for an action not allowed from the record's status, with what is allowed instead. */
function stateConflict(type: RecordType, record: RecordRow, detail: string): AppError {
  return new AppError('conflict', detail, {
    extensions: { current_status: record.status, allowed_actions: actionsFrom(type, record.status) },
  });
}

/** PostgreSQL's answers to two transactions colliding (deadlock, serialization failure): a 409, not a 500. */
function isCollision(error: unknown): boolean {
  return !!error && typeof error === 'object' && 'code' in error && (error.code === '40P01' || error.code === '40001');
}

/** Whether the caller held (by id or role) or decided a step of the item that is behind it: decided, or before `current`. */
async function heldEarlierStep(ctx: Ctx, pendingId: string, current: number): Promise<boolean> {
  const { caller } = ctx;
  const row = await ctx.db
    .selectFrom('approval_steps')
    .select('step_index')
    .where('pending_id', '=', pendingId)
    .where((eb) => eb.or([eb('step_index', '<', current), eb('decision', 'is not', null)]))
    .where((eb) =>
      eb.or([
        eb('assignee_id', '=', caller.personId),
        eb('decided_by', '=', caller.personId),
        eb('assignee_role', '=', eb.fn.any(sql<Role[]>`${sql.val([...caller.roles])}::text[]`)),
      ]),
    )
    .executeTakeFirst();
  return !!row;
}

/**
 * The approval item as the caller sees it. Once a step moves on, its former approver no longer sees the
 * item (the next step's holders do); a late decision of theirs is answered 409 with the item's state,
 * not 404 — they knew the item, so nothing is disclosed.
 */
async function itemForDecider(ctx: Ctx, id: string): Promise<RecordRow> {
  try {
    return await findVisible(ctx, pendingType, id);
  } catch (error) {
    if (!isAppError(error) || error.kind !== 'not_found') throw error;
    let query = ctx.db.selectFrom('pending_items').select(pendingType.columns as never).where('id', '=', id).where('is_deleted', '=', false);
    if (ctx.caller.appId) query = query.where('app_id', '=', ctx.caller.appId);
    const item = (await query.executeTakeFirst()) as unknown as RecordRow | undefined;
    if (!item || !(await heldEarlierStep(ctx, id, (item.current_step_index as number | null) ?? 0))) throw error;
    throw stateConflict(pendingType, item, MOVED_ON);
  }
}

/** The step the caller sees on arrival, read before waiting for any lock: the one their decision is about. */
async function stepSeen(ctx: Ctx, type: RecordType, id: string): Promise<SeenStep | null> {
  const target = type.name === 'Pending' ? await itemForDecider(ctx, id) : await findVisible(ctx, type, id);
  let query = ctx.db.selectFrom('pending_items').select(['id', 'current_step_index']).where('type', '=', 'approval');
  query = type.name === 'Pending' ? query.where('id', '=', id) : query.where('entity_type', '=', type.name).where('entity_id', '=', target.id);
  const item = await query.where('status', '!=', 'completed').where('is_deleted', '=', false).orderBy('created_at').executeTakeFirst();
  return item ? { itemId: item.id, index: item.current_step_index ?? 0 } : null;
}

/**
 * approve/reject, on a record (AccessRequest, Equipment, Travel) or on its approval item: one decision
 * either way, in one transaction. Locks the record, then the item.
 */
export async function performDecision(
  ctx: Ctx,
  type: RecordType,
  id: string,
  action: string,
  spec: ActionSpec & { decision: 'approve' | 'reject' },
  input: unknown,
  options: { ifMatch?: string | null } = {},
): Promise<RecordRow> {
  const body = parseInput(spec.body ?? pendingType.actions.approve.body!, input) as { comment?: string };
  const decision: Decision = { decision: spec.decision, comment: body.comment };
  const seen = await stepSeen(ctx, type, id);
  try {
    return await ctx.db.transaction(async (tdb) => {
      const tx = within(ctx, tdb);
      if (type.name !== 'Pending') {
        const current = await findVisible(tx, type, id, { forUpdate: true });
        checkIfMatch(current, options.ifMatch);
        const conflict = (detail?: string) => stateConflict(type, current, detail ?? `Cannot ${action} ${withArticle(type.singular)} that is ${current.status}.`);
        if (!spec.from.includes(current.status)) throw conflict();
        return (await decide(tx, type, current, decision, conflict, { seen })).recordAfter;
      }
      return (await decideOnItem(tx, id, action, decision, seen, options.ifMatch)).item as RecordRow;
    });
  } catch (error) {
    if (!isCollision(error)) throw error;
    const now = ctx.db.isTransaction ? null : await findVisible(ctx, type, id).catch(() => null);
    throw now ? stateConflict(type, now, MOVED_ON) : new AppError('conflict', MOVED_ON, { extensions: { current_status: null, allowed_actions: [] } });
  }
}

/** A decision on the approval item itself: the decision is its record's. */
async function decideOnItem(ctx: Ctx, id: string, action: string, decision: Decision, seen: SeenStep | null, ifMatch?: string | null) {
  // Read without a lock: the record is locked first, then the item (see decide).
  const visible = await itemForDecider(ctx, id);
  const recordType = visible.type === 'approval' && typeof visible.entity_type === 'string' ? typeByName(visible.entity_type) : undefined;
  if (!recordType || !visible.entity_id) {
    throw new AppError('conflict', 'Only approval items are approved or rejected.', {
      extensions: { current_status: visible.status, allowed_actions: [] },
    });
  }
  const record = (await ctx.db
    .selectFrom(recordType.table)
    .select(recordType.columns as never)
    .where('id', '=', visible.entity_id as string)
    .forUpdate()
    .executeTakeFirst()) as unknown as RecordRow | undefined;
  let latest: RecordRow = visible;
  const conflict = (detail?: string) =>
    stateConflict(pendingType, latest, detail ?? `Cannot ${action} a pending item that is ${latest.status}.`);
  if (!record || visible.status === 'completed') throw conflict();
  return decide(ctx, recordType, record, decision, conflict, {
    itemId: id,
    seen,
    check: async () => {
      // Locked now: still visible to the caller (a reassignment may have taken it away), and as they read it.
      latest = await itemForDecider(ctx, id);
      checkIfMatch(latest, ifMatch);
    },
  }).catch(async (error: unknown) => {
    // The 409 of an item that moved on answers with its state now (the caller saw it on arrival).
    if (isAppError(error) && error.kind === 'conflict') {
      const now = await ctx.db.selectFrom('pending_items').select(PENDING_COLUMNS).where('id', '=', id).executeTakeFirst();
      if (now) latest = now as unknown as RecordRow;
      throw stateConflict(pendingType, latest, error.message);
    }
    throw error;
  });
}

export { PENDING_COLUMNS };
