/**
 * Asking to extend a provisioned grant (engine.md §4, `extend`): the requester names a later `expires_at`
 * (within the catalogue's max_days) and a reason; an approval item with one step — the policy's first step,
 * resolved now with separation of duties (so nobody approves their own extension; a step left with nobody
 * goes to admins) — waits in the approvers' inboxes. Approved, `expires_at` moves and the expiry warnings
 * start again for the new date; rejected, nothing changes. One open extension per grant.
 *
 * The decision itself is the approvals engine's (decisions.ts): an item whose tags carry `extension` is an
 * extension of a provisioned grant, and `applyExtension` is what its final approval does.
 */
import { within, type Ctx } from '@/lib/data/context';
import { checkAccessRequestAgainstCatalogue } from '@/lib/directory/catalogue';
import { AppError, forbidden, invalid } from '@/lib/errors';
import { notify } from '@/lib/notifications/notify';
import { chainFor, emitStepAssigned, insertItem, insertSteps, openItems, recordRouting, assignmentOf } from '@/lib/operations/approvals';
import { writeAudit, diff } from '@/lib/operations/audit';
import { stateConflict, type RecordRow } from '@/lib/operations/define';
import { checkIfMatch } from '@/lib/operations/etag';
import { actionRefusal } from '@/lib/operations/permissions';
import { findVisible } from '@/lib/operations/records';
import { accessRequest } from '@/lib/operations/registry';
import { excludedPeople } from '@/lib/operations/separation';
import { parseInput } from '@/lib/operations/validate';
import { routeStep, type ResolvedStep } from '@/lib/policies/resolve';
import { startSlaClock } from '@/lib/sla/clock';
import { accessEnded } from './ended';
import { scheduleExpiryCheck } from './schedule';

export interface ExtensionAsk {
  expires_at: string;
  reason: string;
  /** The grant's end when the extension was asked. */
  from: string | null;
}

/** The extension an approval item asks for, or null for an ordinary approval. */
export function extensionOf(item: object): ExtensionAsk | null {
  const raw = (item as { tags?: unknown }).tags;
  const tags = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
  const ext = tags?.extension;
  return ext && typeof ext === 'object' ? (ext as ExtensionAsk) : null;
}

/** With no first step in the policy, an extension still needs someone: the tenant's admins. */
const ADMIN_STEP: ResolvedStep = { approver: { kind: 'role', role: 'admin' }, min: 1, role: 'admin', eligibleIds: null };

export async function requestExtension(ctx: Ctx, id: string, input: unknown, ifMatch?: string | null): Promise<RecordRow> {
  const type = accessRequest;
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const grant = await findVisible(tx, type, id, { forUpdate: true });
    checkIfMatch(grant, ifMatch);
    const refusal = actionRefusal(type, type.actions.extend, ctx.caller, grant);
    if (refusal) throw forbidden('Only the person the access is for may ask to extend it.');
    if (grant.status !== 'provisioned') throw stateConflict(type, grant, `Only provisioned access is extended; this request is ${grant.status}.`);
    if (grant.access_type === 'revoke') throw stateConflict(type, grant, 'A revocation is not extended.');
    if (!grant.expires_at) throw stateConflict(type, grant, 'This access has no end date to extend.');
    // Ended is ended, whether or not the expiry job has run yet: request the access anew.
    if (accessEnded(grant, ctx.clock.now())) throw stateConflict(type, grant, endedDetail(grant));
    // Who and when first (404, 403, 409), then what: the body is read once the caller may ask at all.
    const body = parseInput(type.actions.extend.body, input) as { expires_at: string; reason: string };
    const now = ctx.clock.now();
    const wanted = new Date(body.expires_at);
    if (wanted.getTime() <= new Date(grant.expires_at as string).getTime()) {
      throw invalid([{ path: 'expires_at', message: 'Choose a date after the current end of the access' }], 'expires_at must be later than the current end.');
    }
    const catalogue = await checkAccessRequestAgainstCatalogue(tx, { ...grant, expires_at: body.expires_at }, ['expires_at']);
    if (catalogue.length > 0) throw invalid(catalogue, catalogue.map((e) => `${e.path}: ${e.message}`).join('; '));
    const open = await openItems(tx, type.name, grant.id).where('type', '=', 'approval').executeTakeFirst();
    if (open) throw stateConflict(type, grant, 'An extension of this access already waits for its approval.');

    const chain = await chainFor(tx, type, grant);
    const step = chain.steps[0] ?? ADMIN_STEP;
    const requesterId = grant.requester_id as string;
    const parties = { requesterId, filedBy: ctx.caller.personId, decisions: [] };
    const routed = await routeStep(tx, step, excludedPeople(parties, 0));
    const itemId = ctx.clock.id('pnd');
    const ask: ExtensionAsk = { expires_at: wanted.toISOString(), reason: body.reason, from: grant.expires_at as string };
    await insertItem(tx, {
      id: itemId,
      created_by: ctx.caller.personId,
      type: 'approval',
      source_id: grant.id,
      entity_type: type.name,
      entity_id: grant.id,
      requested_by_id: requesterId,
      title: `Extend: ${type.title(grant)}`,
      description: body.reason,
      total_steps: 1,
      current_step_index: 0,
      policy_version: chain.version,
      priority: 3,
      tags: JSON.stringify({ extension: ask }),
      ...assignmentOf(routed),
    });
    await insertSteps(tx, itemId, type, grant.id, [step]);
    await recordRouting(tx, itemId, 0, routed);
    await startSlaClock(tx, itemId);
    await writeAudit(tx, {
      entityType: type.name,
      entityId: grant.id,
      action: 'extend',
      changes: { expires_at: { from: grant.expires_at, to: ask.expires_at } },
      comment: `Asked to extend until ${ask.expires_at.slice(0, 10)}: ${body.reason}`,
      at: now.toISOString(),
    });
    await notify(tx, { type: 'step_opened', itemId });
    await emitStepAssigned(tx, itemId);
    return grant;
  });
}

function endedDetail(grant: RecordRow): string {
  return `This access ended on ${String(grant.expires_at).slice(0, 10)}; it is revoked, not extended. Request it anew.`;
}

/**
 * The final approval of an extension: the grant's end moves, and its warnings start again. Approved after
 * the access already ended (the expiry job not run yet), it is a 409 and nothing moves: the job then files
 * the revocation and closes the extension.
 */
export async function applyExtension(ctx: Ctx, grant: RecordRow, ask: ExtensionAsk): Promise<RecordRow> {
  if (accessEnded(grant, ctx.clock.now())) {
    throw new AppError('conflict', endedDetail(grant), { extensions: { current_status: grant.status, allowed_actions: [] } });
  }
  const now = ctx.clock.now().toISOString();
  const after = (await ctx.db
    .updateTable('access_requests')
    .set({ expires_at: ask.expires_at, updated_at: now, updated_by: ctx.caller.personId })
    .where('id', '=', grant.id)
    .where('status', '=', 'provisioned')
    .returning(accessRequest.columns as never)
    .executeTakeFirst()) as unknown as RecordRow | undefined;
  if (!after) throw new AppError('conflict', 'The access is no longer provisioned; the extension cannot apply.', { extensions: { current_status: grant.status, allowed_actions: [] } });
  await writeAudit(ctx, { entityType: 'AccessRequest', entityId: grant.id, action: 'extended', changes: diff(grant, after), comment: ask.reason, at: now });
  await scheduleExpiryCheck(ctx, after);
  return after;
}
