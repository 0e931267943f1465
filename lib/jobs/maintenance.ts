/**
 * The runner's periodic upkeep (each instance, about hourly; running it twice at once is harmless): done
 * jobs older than 7 days and Idempotency-Keys past their 24-hour window are deleted, tenant by tenant in
 * batches over the (tenant_id, …) indexes, so no statement holds many locks or scans the whole table.
 * Failed jobs stay until an admin retries or discards them.
 */
import { sql } from 'kysely';
import { systemDb } from '@/lib/data/system';

export const MAINTENANCE_INTERVAL_MS = 60 * 60_000;
export const DONE_JOBS_KEPT_MS = 7 * 24 * 60 * 60_000;
export const IDEMPOTENCY_KEYS_KEPT_MS = 24 * 60 * 60_000;
const BATCH = 1000;

export interface PurgeSummary {
  jobs: number;
  idempotencyKeys: number;
}

export async function purgeOldJobsAndKeys(options: { now: Date; batchSize?: number }): Promise<PurgeSummary> {
  const batch = options.batchSize ?? BATCH;
  const doneBefore = new Date(options.now.getTime() - DONE_JOBS_KEPT_MS);
  const keysBefore = new Date(options.now.getTime() - IDEMPOTENCY_KEYS_KEPT_MS);
  const db = await systemDb('jobs');
  const tenants = await db.selectFrom('tenants').select('id').execute();
  const summary: PurgeSummary = { jobs: 0, idempotencyKeys: 0 };
  for (const { id: tenantId } of tenants) {
    for (;;) {
      const { numAffectedRows } = await sql`
        delete from jobs where tenant_id = ${tenantId} and id in (
          select id from jobs where tenant_id = ${tenantId} and state = 'done' and updated_at < ${doneBefore} limit ${batch})`.execute(db);
      summary.jobs += Number(numAffectedRows ?? 0);
      if (Number(numAffectedRows ?? 0) < batch) break;
    }
    for (;;) {
      const { numAffectedRows } = await sql`
        delete from idempotency_keys where tenant_id = ${tenantId} and (principal, key) in (
          select principal, key from idempotency_keys where tenant_id = ${tenantId} and created_at < ${keysBefore} limit ${batch})`.execute(db);
      summary.idempotencyKeys += Number(numAffectedRows ?? 0);
      if (Number(numAffectedRows ?? 0) < batch) break;
    }
  }
  return summary;
}
