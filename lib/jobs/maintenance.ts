/**
 * The scheduled purge of short-lived rows (issue 13), through the job runner. About hourly each instance's
 * runner (`startJobRunner`) calls `scheduleMaintenance`, which
 * - queues one `maintenance.purge` job per tenant (a singleton: a tenant with one queued or running gets no
 *   second, so several instances schedule it at most once at a time) — the job runs like any other, claimed
 *   once, retried on failure, listed in the admin's jobs panel — and purges that tenant's rows as the tenant
 *   (row-level security), in batches over (tenant_id, …) indexes, so no statement holds many locks:
 *   - done jobs after 7 days (failed ones stay until an admin retries or discards them);
 *   - Idempotency-Keys once their 24-hour replay window has passed;
 *   - sessions and personal tokens, email decision links, and invitation / password-reset links 30 days
 *     after they expired (used or revoked ones included): until then the screens can still say "expired"
 *     or "already used" rather than "unknown link";
 * - purges the rate-limit rows that belong to no tenant (sign-in failures, email-link confirmations,
 *   verification lookups) by the rule each limiter applies on every use, so they do not linger once the
 *   attempts stop.
 *
 * Time is always the caller's `now` (the runner's clock; tests inject it).
 */
import { sql } from 'kysely';
import { purgeVerificationLookups } from '@/lib/documents/verify';
import { systemDb, systemTenantDb } from '@/lib/data/system';
import type { TenantDb } from '@/lib/data/tenant-db';
import { IDEMPOTENCY_WINDOW_MS } from '@/lib/http/idempotency';
import { purgeLinkAttempts } from '@/lib/notifications/email-decisions';
import { purgeSignInFailures } from '@/lib/security/throttle';
import { enqueueJob } from './enqueue';

export const MAINTENANCE_JOB = 'maintenance.purge';
export const MAINTENANCE_INTERVAL_MS = 60 * 60_000;
export const DONE_JOBS_KEPT_MS = 7 * 24 * 60 * 60_000;
/** Sessions, tokens and links are kept this long after they expire. */
export const EXPIRED_KEPT_MS = 30 * 24 * 60 * 60_000;
const BATCH = 1000;

export interface ScheduleSummary {
  /** Tenants whose purge job was queued now (not those that already had one waiting). */
  scheduled: number;
  /** Rate-limit rows (no tenant) purged. */
  rateLimitRows: number;
}

/** The runner's hourly step: each tenant's purge job queued, the tenant-less rate-limit rows purged. */
export async function scheduleMaintenance(options: { now: Date; tenantIds?: string[] }): Promise<ScheduleSummary> {
  const { now } = options;
  const rateLimitRows = (await purgeSignInFailures(now)) + (await purgeLinkAttempts(now)) + (await purgeVerificationLookups(now));
  let tenantIds = options.tenantIds;
  if (!tenantIds) {
    const db = await systemDb('jobs');
    tenantIds = (await db.selectFrom('tenants').select('id').execute()).map((t) => t.id);
  }
  let scheduled = 0;
  for (const tenantId of tenantIds) {
    const tdb = await systemTenantDb('jobs', tenantId);
    if (await enqueueJob(tdb, { name: MAINTENANCE_JOB, data: {}, runAt: now, singletonKey: 'purge', maxAttempts: 3 })) scheduled++;
  }
  return { scheduled, rateLimitRows };
}

export interface PurgeSummary {
  jobs: number;
  idempotencyKeys: number;
  sessions: number;
  emailLinks: number;
  personLinks: number;
}

/** Runs `deleteBatch` until a batch deletes fewer rows than the batch size; answers the rows deleted. */
async function inBatches(deleteBatch: () => Promise<{ numDeletedRows: bigint }>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = Number((await deleteBatch()).numDeletedRows);
    total += deleted;
    if (deleted < batch) return total;
  }
}

/** One tenant's short-lived rows past their time (the `maintenance.purge` job's work). */
export async function purgeTenant(tdb: TenantDb, now: Date, batch = BATCH): Promise<PurgeSummary> {
  const doneBefore = new Date(now.getTime() - DONE_JOBS_KEPT_MS).toISOString();
  const keysBefore = new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS).toISOString();
  const expiredBefore = new Date(now.getTime() - EXPIRED_KEPT_MS).toISOString();
  const byExpiry = (table: 'auth_sessions' | 'email_action_links' | 'person_links') => () =>
    tdb
      .deleteFrom(table)
      .where('id', 'in', tdb.selectFrom(table).select('id').where('expires_at', '<', expiredBefore).limit(batch))
      .executeTakeFirst();
  return {
    jobs: await inBatches(
      () =>
        tdb
          .deleteFrom('jobs')
          .where('id', 'in', tdb.selectFrom('jobs').select('id').where('state', '=', 'done').where('updated_at', '<', doneBefore).limit(batch))
          .executeTakeFirst(),
      batch,
    ),
    idempotencyKeys: await inBatches(
      () =>
        tdb
          .deleteFrom('idempotency_keys')
          .where(
            sql<boolean>`(principal, key) in (${tdb.selectFrom('idempotency_keys').select(['principal', 'key']).where('created_at', '<', keysBefore).limit(batch)})`,
          )
          .executeTakeFirst(),
      batch,
    ),
    sessions: await inBatches(byExpiry('auth_sessions'), batch),
    emailLinks: await inBatches(byExpiry('email_action_links'), batch),
    personLinks: await inBatches(byExpiry('person_links'), batch),
  };
}
