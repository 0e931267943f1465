/**
 * The `access.expiry` job's work on one grant (engine.md §4), from its timestamps: 7 days and 1 day before
 * `expires_at`, the requester and their manager are told (`expiring`, once each per end date); when
 * `expires_at` passes, the revocation is filed (revoke.ts), an extension still waiting is closed, and the
 * expired request moves to `completed`. Then the next moment is queued.
 */
import type { Ctx } from '@/lib/data/context';
import { notifyDrafts, recordUrl, type Draft } from '@/lib/notifications/notify';
import { emitStatusChanged, openItems, setItemStatus } from '@/lib/operations/approvals';
import { writeAudit, diff } from '@/lib/operations/audit';
import type { RecordRow } from '@/lib/operations/define';
import { accessRequest } from '@/lib/operations/registry';
import { claimNotice } from '@/lib/sla/notices';
import { accessEnded } from './ended';
import { fileRevocation } from './revoke';
import { scheduleExpiryCheck, WARNINGS } from './schedule';

async function warn(ctx: Ctx, grant: RecordRow, key: string, expiresAt: Date): Promise<void> {
  const now = ctx.clock.now();
  // Claimed per end date: an extension's new date gets its own warnings.
  if (!(await claimNotice(ctx.db, grant.id, `expiring:${key}:${expiresAt.toISOString()}`, now))) return;
  const requesterId = grant.requester_id as string;
  const person = await ctx.db.selectFrom('people').select(['name', 'manager_id']).where('id', '=', requesterId).executeTakeFirst();
  const title = accessRequest.title(grant);
  const when = key === '1d' ? 'tomorrow' : 'in 7 days';
  const common = { kind: 'expiring' as const, url: recordUrl(accessRequest, grant.id), entityType: accessRequest.name, entityId: grant.id };
  const drafts: Draft[] = [
    { ...common, recipientId: requesterId, title: `Your access ends ${when}: ${grant.system_id}`, body: `${title} ends on ${expiresAt.toISOString().slice(0, 10)}. Ask to extend it on the request if you still need it.` },
  ];
  if (person?.manager_id) {
    drafts.push({ ...common, recipientId: person.manager_id, title: `${person.name}’s access ends ${when}: ${grant.system_id}`, body: `${title} ends on ${expiresAt.toISOString().slice(0, 10)}.` });
  }
  await notifyDrafts(ctx, drafts);
}

async function expire(ctx: Ctx, grant: RecordRow): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await fileRevocation(ctx.db, grant, `Access ended: ${accessRequest.title(grant)} expired on ${String(grant.expires_at).slice(0, 10)}.`, { now: ctx.clock.now() });
  for (const item of await openItems(ctx, accessRequest.name, grant.id).forUpdate().execute()) {
    await setItemStatus(ctx, item, 'completed', 'The access expired before this was decided.');
  }
  const after = (await ctx.db
    .updateTable('access_requests')
    .set({ status: 'completed', updated_at: now, updated_by: null })
    .where('id', '=', grant.id)
    .where('status', '=', 'provisioned')
    .returning(accessRequest.columns as never)
    .executeTakeFirst()) as unknown as RecordRow | undefined;
  if (!after) return;
  await writeAudit(ctx, { entityType: accessRequest.name, entityId: grant.id, action: 'expire', changes: diff(grant, after), comment: 'The access expired; a revocation was filed for the IT desk.', at: now });
  await emitStatusChanged(ctx, accessRequest, grant as { status: string }, after);
}

/** Does what is due for the grant now, and queues the next check. */
export async function checkExpiry(ctx: Ctx, grantId: string): Promise<void> {
  const grant = (await ctx.db
    .selectFrom('access_requests')
    .select(accessRequest.columns as never)
    .where('id', '=', grantId)
    .where('is_deleted', '=', false)
    .forUpdate()
    .executeTakeFirst()) as unknown as RecordRow | undefined;
  if (!grant || grant.status !== 'provisioned' || typeof grant.expires_at !== 'string' || grant.access_type === 'revoke') return;
  const now = ctx.clock.now();
  const expiresAt = new Date(grant.expires_at);
  if (accessEnded(grant, now)) {
    await expire(ctx, grant);
    return;
  }
  // The latest warning due (a late check sends the 1-day warning, not both).
  const due = [...WARNINGS].reverse().find((w) => expiresAt.getTime() - w.before <= now.getTime());
  if (due) await warn(ctx, grant, due.key, expiresAt);
  await scheduleExpiryCheck(ctx, grant, now);
}
