/**
 * When a provisioned grant's expiry work is due (engine.md §4): warnings 7 days and 1 day before its
 * `expires_at`, and the revocation at it. One `access.expiry` job at a time is queued, for the next of
 * these moments; the job (expire.ts) does what is due, from the grant's timestamps, and queues the next.
 */
import type { Ctx } from '@/lib/data/context';
import { enqueue } from '@/lib/jobs/enqueue';

export const EXPIRY_JOB = 'access.expiry';
const DAY_MS = 24 * 60 * 60 * 1000;
export const WARNINGS = [
  { key: '7d', before: 7 * DAY_MS },
  { key: '1d', before: DAY_MS },
] as const;

/** The next moment of expiry work after `now` (or now, when one is already due). */
export function nextExpiryMoment(expiresAt: Date, now: Date): Date {
  const moments = [...WARNINGS.map((w) => new Date(expiresAt.getTime() - w.before)), expiresAt];
  return moments.find((m) => m > now) ?? now;
}

/** Queues the grant's next expiry check (on provision, when an extension moves its end, after each check). */
export async function scheduleExpiryCheck(ctx: Ctx, grant: { id: string; status: string; expires_at?: unknown }, after?: Date): Promise<void> {
  if (grant.status !== 'provisioned' || typeof grant.expires_at !== 'string') return;
  const expiresAt = new Date(grant.expires_at);
  // A warning whose moment had passed when the grant was provisioned is not sent late (a 3-day grant gets its 1-day warning only).
  const runAt = nextExpiryMoment(expiresAt, after ?? ctx.clock.now());
  await enqueue(ctx.db, {
    name: EXPIRY_JOB,
    data: { access_request_id: grant.id, expires_at: expiresAt.toISOString() },
    runAt,
    singletonKey: `${grant.id}:${expiresAt.toISOString()}:${runAt.toISOString()}`,
  });
}
