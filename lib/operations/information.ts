/**
 * Asking for information (engine.md §3): the approver who holds the current step asks the requester a
 * question; the item waits `blocked` until the requester answers, then comes back to the same approver.
 * The question and the answer are part of the request's timeline (audit rows on the request, with text).
 */
import { within, type Ctx } from '@/lib/data/context';
import { AppError, forbidden } from '@/lib/errors';
import { writeAudit, diff } from './audit';
import { chainParties, PENDING_COLUMNS, type PendingRow } from './approvals';
import { checkIfMatch } from './etag';
import { findVisible } from './records';
import { typeByName, pending as pendingType } from './registry';
import { delegatorsFor } from '@/lib/delegation/delegations';
import { decisionVerdict } from './separation';
import { stateConflict, type RecordRow } from './define';
import { notify } from '@/lib/notifications/notify';
import { pauseSlaClock, resumeSlaClock } from '@/lib/sla/clock';

async function nameOf(ctx: Ctx, id: string | null): Promise<string> {
  if (!id) return 'the requester';
  const row = await ctx.db.selectFrom('people').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? 'the requester';
}

async function lockedItem(ctx: Ctx, id: string, ifMatch?: string | null): Promise<PendingRow> {
  const visible = await findVisible(ctx, pendingType, id);
  const item = (await ctx.db.selectFrom('pending_items').select(PENDING_COLUMNS).where('id', '=', visible.id).forUpdate().executeTakeFirstOrThrow()) as unknown as PendingRow;
  checkIfMatch(visible, ifMatch);
  if (item.type !== 'approval' || !item.engine || !item.entity_type || !item.entity_id) {
    throw new AppError('conflict', 'Only an approval of a request asks its requester for information.', {
      extensions: { current_status: item.status, allowed_actions: [] },
    });
  }
  return item;
}

async function auditBoth(ctx: Ctx, item: PendingRow, before: PendingRow, after: Record<string, unknown>, action: string, comment: string, at: string) {
  await writeAudit(ctx, { entityType: 'Pending', entityId: item.id, action, changes: diff(before, after), comment, at });
  const type = typeByName(item.entity_type!);
  if (type) await writeAudit(ctx, { entityType: type.name, entityId: item.entity_id!, action, changes: {}, comment, at });
}

/** POST /operations/pending/{id}/request_info: the current approver asks; the item waits for the answer. */
export async function requestInfo(ctx: Ctx, id: string, comment: string, ifMatch?: string | null): Promise<RecordRow> {
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const item = await lockedItem(tx, id, ifMatch);
    if (item.status === 'completed') throw stateConflict(pendingType, item, 'This approval is decided; there is nothing to ask.');
    if (item.info_requested_by) throw stateConflict(pendingType, item, 'A question is already waiting for the requester’s answer.');
    const parties = await chainParties(tx, item);
    const verdict = decisionVerdict(ctx.caller, item, parties, item.current_step_index ?? 0, await delegatorsFor(tx, ctx.caller.personId));
    if (!verdict.allowed || verdict.override) throw forbidden('Only the approver of the current step asks the requester for information.');
    const now = ctx.clock.now().toISOString();
    const asker = await nameOf(tx, ctx.caller.personId);
    const requester = await nameOf(tx, item.requested_by_id);
    const changes = {
      status: 'blocked' as const,
      info_requested_by: ctx.caller.personId,
      blocked_reason: `Waiting for ${requester} to answer ${asker}’s question.`,
      updated_at: now,
      updated_by: ctx.caller.personId,
    };
    const after = await tdb.updateTable('pending_items').set(changes).where('id', '=', item.id).returning(PENDING_COLUMNS).executeTakeFirstOrThrow();
    // The SLA clock waits with the item (engine.md §3: only while an answer is awaited).
    await pauseSlaClock(tx, item.id);
    await auditBoth(tx, item, item, changes, 'request_info', comment, now);
    await notify(tx, { type: 'info_requested', item: after as unknown as PendingRow, question: comment });
    return after as unknown as RecordRow;
  });
}

/** POST /operations/pending/{id}/respond: the requester answers; the item goes back to the same approver. */
export async function respondToInfo(ctx: Ctx, id: string, comment: string, ifMatch?: string | null): Promise<RecordRow> {
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const item = await lockedItem(tx, id, ifMatch);
    if (!item.info_requested_by || item.status !== 'blocked') throw stateConflict(pendingType, item, 'Nobody is waiting for an answer on this approval.');
    if (item.requested_by_id !== ctx.caller.personId) throw forbidden('Only the requester answers the approver’s question.');
    const now = ctx.clock.now().toISOString();
    const changes = { status: 'queued' as const, info_requested_by: null, blocked_reason: null, updated_at: now, updated_by: ctx.caller.personId };
    const after = await tdb.updateTable('pending_items').set(changes).where('id', '=', item.id).returning(PENDING_COLUMNS).executeTakeFirstOrThrow();
    await resumeSlaClock(tx, item.id);
    await auditBoth(tx, item, item, changes, 'respond', comment, now);
    await notify(tx, { type: 'info_answered', item: after as unknown as PendingRow, askedBy: item.info_requested_by, answer: comment });
    return after as unknown as RecordRow;
  });
}
