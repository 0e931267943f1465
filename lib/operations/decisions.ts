/**
 * Approval decisions: approve/reject on a record (or on its approval item, the same decision) move the
 * chain on one conditional write at a time, so two people deciding the same step at once cannot both
 * win. The items themselves (opening, closing, desk tasks) are in approvals.ts.
 */
import { sql } from 'kysely';
import type { Role } from '@/db/schema';
import { within, type Ctx } from '@/lib/data/context';
import { AppError, deferOnFailure, forbidden, invalidField, isAppError } from '@/lib/errors';
import { withArticle } from '@/lib/format';
import { afterApproval, assignmentOf, emitStatusChanged, emitStepAssigned, recordRouting, chainParties, openItems, PENDING_COLUMNS, storedStep, type PendingRow } from './approvals';
import { notify } from '@/lib/notifications/notify';
import { startSlaClock } from '@/lib/sla/clock';
import { applyExtension, extensionOf } from '@/lib/expiry/extension';
import { routeStep } from '@/lib/policies/resolve';
import { delegatorsFor } from '@/lib/delegation/delegations';
import { writeAudit, diff } from './audit';
import { stateConflict, type ActionSpec, type RecordRow, type RecordType } from './define';
import { checkIfMatch } from './etag';
import { decisionVerdict, excludedPeople, holdsStep } from './separation';
import { isAdmin } from '@/lib/auth/caller';
import { isExternalApproval } from './external-approvals';
import { findVisible, presentRecords } from './records';
import { pending as pendingType, typeByName } from './registry';
import { parseInput } from './validate';
import { recordSecurityEvent } from '@/lib/security/events';
import { emitWebhookEvent } from '@/lib/webhooks/events';

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
  // An external approval (engine.md §6) is decided with the item as its own record: nothing else moves.
  const external = type.name === 'Pending';
  let query = external
    ? ctx.db
        .selectFrom('pending_items')
        .select(PENDING_COLUMNS)
        .where('id', '=', record.id)
        .where('engine', '=', true)
        .where('status', '!=', 'completed')
        .where('is_deleted', '=', false)
    : openItems(ctx, type.name, record.id);
  query = query.where('type', '=', 'approval');
  if (options.itemId) query = query.where('id', '=', options.itemId);
  const item = (await query.orderBy('created_at').forUpdate().executeTakeFirst()) as PendingRow | undefined;
  // An extension (lib/expiry/extension.ts) is decided on a provisioned grant; any other approval on a request still as filed.
  const extension = item && !external ? extensionOf(item) : null;
  if (!item || (!external && record.status !== (extension ? 'provisioned' : type.initialStatus))) throw conflict();
  const subject = external ? { entityType: item.entity_type ?? '', entityId: item.entity_id ?? '' } : { entityType: type.name, entityId: record.id };
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
  if (!step || step.entity_type !== subject.entityType || step.entity_id !== subject.entityId) throw conflict();
  if (step.decision) throw conflict(MOVED_ON);

  const { caller } = ctx;
  const parties = await chainParties(ctx, item);
  const delegators = await delegatorsFor(ctx, caller.personId);
  const verdict = decisionVerdict(caller, item, parties, index, delegators);
  if (!verdict.allowed) {
    if (verdict.alreadyDecided) throw conflict(verdict.reason ?? MOVED_ON);
    // Their step is behind them (decided, maybe by someone else a moment ago): the item has moved on.
    if (!holdsStep(caller, step) && !isAdmin(caller) && (await heldEarlierStep(ctx, item.id, index))) throw conflict(MOVED_ON);
    throw forbidden(verdict.reason ?? 'You may not decide this step.');
  }
  // A rejection says why (api.md): the requester reads it on their request. Checked once the caller may decide.
  if (decision.decision === 'reject' && !decision.comment?.trim()) {
    throw invalidField('comment', 'Give the reason for rejecting: the requester sees it on their request');
  }

  const now = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('approval_decisions', {
      id: ctx.clock.id('dec'),
      pending_id: item.id,
      entity_type: subject.entityType,
      entity_id: subject.entityId,
      step_index: index,
      decision: decision.decision,
      decided_by: caller.personId,
      on_behalf_of: verdict.onBehalfOf,
      comment: decision.comment ?? null,
      override: verdict.override,
      decided_at: now,
    })
    .execute();
  // N of M: the step completes with its quorum of distinct approvals, at the first rejection, or by an admin's override.
  const decidedSoFar = { ...parties, decisions: [...parties.decisions, { step_index: index, decided_by: caller.personId, on_behalf_of: verdict.onBehalfOf }] };
  const approvals = new Set(
    decidedSoFar.decisions.filter((d) => d.step_index === index).map((d) => d.on_behalf_of ?? d.decided_by),
  ).size;
  const stepDone = decision.decision === 'reject' || verdict.override || approvals >= step.min_approvals;
  if (stepDone) {
    const decided = await ctx.db
      .updateTable('approval_steps')
      .set({ decision: decision.decision === 'approve' ? 'approved' : 'rejected', decided_by: caller.personId, decided_at: now, comment: decision.comment ?? null })
      .where('pending_id', '=', item.id)
      .where('step_index', '=', index)
      .where('decision', 'is', null)
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) !== 1) throw conflict(MOVED_ON);
  }

  const lastStep = index + 1 >= (item.total_steps ?? 1);
  const final = decision.decision === 'reject' || (stepDone && lastStep);
  let itemChanges: Record<string, unknown>;
  if (final) {
    const outcome = decision.decision === 'approve' ? 'approved' : 'rejected';
    itemChanges = { status: 'completed', outcome, completed_at: now, updated_at: now, updated_by: caller.personId };
  } else if (!stepDone) {
    // The step waits for more approvals: whoever just approved leaves its list of names.
    const decider = verdict.onBehalfOf ?? caller.personId;
    itemChanges = {
      candidate_ids: item.candidate_ids ? item.candidate_ids.filter((id) => id !== decider) : null,
      updated_at: now,
      updated_by: caller.personId,
    };
  } else {
    const next = await ctx.db
      .selectFrom('approval_steps')
      .select(['assignee_role', 'eligible_ids', 'min_approvals'])
      .where('pending_id', '=', item.id)
      .where('step_index', '=', index + 1)
      .executeTakeFirstOrThrow();
    const routed = await routeStep(ctx, storedStep(next), excludedPeople(decidedSoFar, index + 1));
    await recordRouting(ctx, item.id, index + 1, routed);
    itemChanges = { current_step_index: index + 1, ...assignmentOf(routed), updated_at: now, updated_by: caller.personId };
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
  // The next step opens: its own SLA clock starts.
  if (stepDone && !final) await startSlaClock(ctx, item.id);
  const onBehalf = verdict.onBehalfOf ? await nameOf(ctx, verdict.onBehalfOf) : null;
  const note = [decision.comment, onBehalf ? `(on behalf of ${onBehalf})` : null, verdict.override ? '(admin override)' : null].filter(Boolean).join(' ');
  await writeAudit(ctx, {
    entityType: 'Pending',
    entityId: item.id,
    action: decision.decision,
    changes: diff(item, itemChanges),
    comment: note || null,
    at: now,
  });

  let recordAfter: RecordRow = external ? (advanced as unknown as RecordRow) : record;
  if (final && !external && extension) {
    if (decision.decision === 'approve') recordAfter = await applyExtension(ctx, record, extension);
  } else if (final && !external) {
    // A final approval moves the record to its approved status; a lifecycle without one (HR) stays as filed.
    const to = decision.decision === 'approve' ? (type.approvals?.approvedStatus ?? null) : 'rejected';
    const stamps: Record<string, unknown> = { updated_at: now, updated_by: caller.personId };
    if (to) stamps.status = to;
    if ('approver_id' in type.stamps) stamps.approver_id = caller.personId;
    // Types that stamp the approval's time (access requests) get it from the decision that approves.
    if ('approved_at' in type.stamps && to === 'approved') stamps.approved_at = now;
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
  if (!external) await writeAudit(ctx, {
    entityType: type.name,
    entityId: record.id,
    action: decision.decision,
    changes: final ? diff(record, recordAfter) : stepDone ? { approval_step: { from: index, to: index + 1 } } : { approvals: { from: approvals - 1, to: approvals } },
    comment: note || null,
    at: now,
  });
  await notify(ctx, {
    type: 'decision', item: advanced as unknown as PendingRow, stepIndex: index, stepDone, final,
    decision: decision.decision, comment: decision.comment ?? null, onBehalfOf: verdict.onBehalfOf, recordType: type, record: recordAfter,
  });
  // Webhooks, in the decision's transaction: the decision, then what it moved — the item as the API
  // presents it (with every step's `decisions`), so a receiver needs no second call.
  const [presented] = await presentRecords(ctx, pendingType, [advanced as unknown as RecordRow]);
  await emitWebhookEvent(ctx, 'approval.decided', {
    ...presented,
    decision: { step_index: index, decision: decision.decision, decided_by: caller.personId, on_behalf_of: verdict.onBehalfOf, comment: decision.comment ?? null, decided_at: now, override: verdict.override },
  });
  if (final) await emitWebhookEvent(ctx, 'pending.completed', presented);
  else if (stepDone) await emitStepAssigned(ctx, item.id);
  if (final && !external && recordAfter.status !== record.status) await emitStatusChanged(ctx, type, record, recordAfter);
  if (final && decision.decision === 'approve' && !external && !extension) await afterApproval(ctx, type, recordAfter);
  return { item: advanced as unknown as PendingRow, recordAfter, final };
}

async function nameOf(ctx: Ctx, personId: string): Promise<string> {
  const row = await ctx.db.selectFrom('people').select('name').where('id', '=', personId).executeTakeFirst();
  return row?.name ?? 'someone';
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
    if (isAppError(error) && error.kind === 'forbidden') {
      const record = () => recordRefusal(ctx, type, id, action, error.message);
      // Inside a caller's transaction (Idempotency-Key), the event is written once it has rolled back.
      if (ctx.db.isTransaction) deferOnFailure(error, record);
      else await record();
    }
    if (!isCollision(error)) throw error;
    const now = ctx.db.isTransaction ? null : await findVisible(ctx, type, id).catch(() => null);
    throw now ? stateConflict(type, now, MOVED_ON) : new AppError('conflict', MOVED_ON, { extensions: { current_status: null, allowed_actions: [] } });
  }
}

/** A refused decision is a security event, kept even though the decision's transaction rolled back. */
async function recordRefusal(ctx: Ctx, type: RecordType, id: string, action: string, reason: string): Promise<void> {
  if (!ctx.root) return;
  await recordSecurityEvent(ctx.root, {
    kind: 'decision_refused',
    actorId: ctx.caller.personId,
    subjectId: id,
    detail: { resource: type.resource, action, reason },
    at: ctx.clock.now(),
  }).catch((error: unknown) => console.error('[security] could not record a refused decision', error));
}

/** A decision on the approval item itself: the decision is its record's. */
async function decideOnItem(ctx: Ctx, id: string, action: string, decision: Decision, seen: SeenStep | null, ifMatch?: string | null) {
  // Read without a lock: the record is locked first, then the item (see decide).
  const visible = await itemForDecider(ctx, id);
  const external = isExternalApproval(visible);
  const named = visible.type === 'approval' && typeof visible.entity_type === 'string' ? typeByName(visible.entity_type) : undefined;
  // An external approval's "record" is the item itself (decide locks it as the record, then as the item).
  const recordType = external ? pendingType : named?.name === 'Pending' ? undefined : named;
  if (!recordType || !visible.entity_id) {
    throw new AppError('conflict', 'Only approval items are approved or rejected.', {
      extensions: { current_status: visible.status, allowed_actions: [] },
    });
  }
  const record = (await ctx.db
    .selectFrom(recordType.table)
    .select(recordType.columns as never)
    .where('id', '=', external ? id : (visible.entity_id as string))
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
