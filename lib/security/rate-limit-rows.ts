/**
 * The rows the rate limiters count (no tenant: sign-in failures, email-link confirmations, verification
 * lookups) and the one rule for dropping them: older than two of the limiter's windows. Past one window a
 * row counts for no one; the second is kept so that an instance whose clock runs slightly behind does not
 * lose rows it still counts. Each limiter purges on every use, and the scheduled purge
 * (lib/jobs/maintenance.ts) does it too, so nothing lingers once the attempts stop.
 */
import { systemDb, type SystemReason } from '@/lib/data/system';

export type RateLimitTable = 'sign_in_failures' | 'email_link_attempts' | 'verification_lookups';

export async function purgeRateLimitRows(reason: SystemReason, table: RateLimitTable, windowMs: number, now: Date): Promise<number> {
  const db = await systemDb(reason);
  const { numDeletedRows } = await db
    .deleteFrom(table)
    .where('created_at', '<=', new Date(now.getTime() - 2 * windowMs).toISOString())
    .executeTakeFirst();
  return Number(numDeletedRows);
}
