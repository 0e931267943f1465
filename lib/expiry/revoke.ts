/**
 * Filing a revocation for a grant (engine.md §4): ONE function, for the expiry of `expires_at` and for
 * offboarding. The revoke request is an access request for the same system, entitlement and principal,
 * filed by the engine (`source_type: system`, `created_by` null), linked by `tags.revokes`, that starts
 * **approved** (the grant's approval covers its end) with its IT desk task open. Filed once per grant,
 * whatever the number of callers or instances (a unique notice key), so a second call answers the first
 * revocation. Nobody but IT and admins acts on it (its actions are the desk's; the requester has none on an
 * approved request) or deletes it (withdrawal is the requester's only while pending; it never is).
 */
import { sql } from 'kysely';
import type { TenantDb } from '@/lib/data/tenant-db';
import { afterTransition } from '@/lib/operations/approvals';
import { writeAudit } from '@/lib/operations/audit';
import type { RecordRow } from '@/lib/operations/define';
import { accessRequest } from '@/lib/operations/registry';
import { claimNotice } from '@/lib/sla/notices';
import { systemContext } from '@/lib/sla/system-context';
import { emitWebhookEvent } from '@/lib/webhooks/events';

export interface Grant {
  id: string;
}

/** The revocation already filed for a grant, if any. */
export async function revocationOf(db: TenantDb, grantId: string): Promise<RecordRow | undefined> {
  return (await db
    .selectFrom('access_requests')
    .select(accessRequest.columns as never)
    .where('access_type', '=', 'revoke')
    .where(sql<string>`tags->>'revokes'`, '=', grantId)
    .where('is_deleted', '=', false)
    .orderBy('created_at')
    .executeTakeFirst()) as unknown as RecordRow | undefined;
}

/**
 * Files the revoke request of a grant (in the caller's transaction when `db` is one), with its IT task,
 * and answers it; a grant already revoked answers its existing revocation.
 */
export async function fileRevocation(db: TenantDb, grant: Grant, reason: string, options: { now?: Date } = {}): Promise<RecordRow> {
  if (!db.isTransaction) return db.transaction((tdb) => fileRevocation(tdb, grant, reason, options));
  const now = options.now ?? new Date();
  const ctx = systemContext(db, now);
  const source = await db.selectFrom('access_requests').selectAll().where('id', '=', grant.id).forUpdate().executeTakeFirst();
  if (!source) throw new Error(`No access request ${grant.id} to revoke.`);
  if (!(await claimNotice(db, grant.id, 'revoke', now))) {
    const existing = await revocationOf(db, grant.id);
    if (existing) return existing;
  }
  const at = now.toISOString();
  const tags = { revokes: source.id };
  const revoke = (await db
    .insertInto('access_requests', {
      id: ctx.clock.id(accessRequest.prefix),
      app_id: null,
      created_at: at,
      updated_at: at,
      created_by: null,
      updated_by: null,
      source: 'opsdesk',
      source_type: 'system',
      tags: JSON.stringify(tags),
      requester_id: source.requester_id,
      system_id: source.system_id,
      access_type: 'revoke',
      status: 'approved',
      justification: reason,
      approved_at: at,
      entitlement_type: source.entitlement_type,
      asset_id: source.asset_id,
      principal_id: source.principal_id ?? source.requester_id,
      principal_type: source.principal_type ?? 'person',
    })
    .returning(accessRequest.columns as never)
    .executeTakeFirstOrThrow()) as unknown as RecordRow;
  await writeAudit(ctx, { entityType: 'AccessRequest', entityId: revoke.id as string, action: 'create', changes: {}, comment: `Revokes ${source.id}: ${reason}`, at });
  // Webhooks (engine.md §6): a revocation filed by the engine is a new record like any other.
  await emitWebhookEvent(ctx, 'record.created', { record_type: accessRequest.name, ...revoke });
  // Approved from the start: the IT desk's task opens now.
  await afterTransition(ctx, accessRequest, 'approve', revoke);
  return revoke;
}
