/**
 * Exactly once: a timed notice (a reminder of one SLA cycle, an expiry warning, a revocation) is claimed
 * by inserting its key into `time_notices` in the transaction that sends it. Two runners, two jobs or a
 * retried job racing for one notice: the primary key lets one insert through and the others find it taken.
 */
import type { TenantDb } from '@/lib/data/tenant-db';

/** True for the one caller that claims the notice; false when it was already sent. */
export async function claimNotice(db: TenantDb, subjectId: string, notice: string, at: Date): Promise<boolean> {
  const row = await db
    .insertInto('time_notices', { subject_id: subjectId, notice, sent_at: at.toISOString() })
    .onConflict((oc) => oc.columns(['tenant_id', 'subject_id', 'notice']).doNothing())
    .returning('notice')
    .executeTakeFirst();
  return !!row;
}
