/**
 * The daily digest (engine.md §5): for a person who chose it, one email gathering the notifications still
 * unread (and not superseded) that no email has carried, since the end of the period the last digest
 * covered. What is due is computed from `digest_through`, never from a job having run: a late or repeated
 * job sends the same one digest for the whole period, then moves `digest_through` to its own time.
 *
 * Scheduling: switching the digest on (and each digest sent) enqueues the next run for the day after,
 * through the job runner, keyed by the period so a rerun does not queue it twice.
 */
import type { TenantDb } from '@/lib/data/tenant-db';
import { enqueue } from '@/lib/jobs/runner';
import { ulid } from 'ulidx';
import { composeDigestEmail } from './compose';
import { queueEmail } from './email';

export const DIGEST_JOB = 'notifications.digest';
export const DIGEST_PERIOD_MS = 24 * 60 * 60 * 1000;

/** Queues the run that sends this person's next digest, at the end of the period that starts at `from`. */
export async function scheduleDigest(db: TenantDb, personId: string, from: Date): Promise<void> {
  const due = new Date(from.getTime() + DIGEST_PERIOD_MS);
  await enqueue(db, { name: DIGEST_JOB, data: { person_id: personId }, runAt: due, singletonKey: `digest:${personId}:${due.toISOString()}` });
}

export type DigestOutcome = 'off' | 'not_due' | 'nothing' | 'sent';

/**
 * Sends one person's digest when due at `now` (in the caller's transaction: the message, its email job
 * and the new `digest_through` commit together), and queues the next run.
 */
export async function sendDigestIfDue(db: TenantDb, personId: string, now: Date): Promise<DigestOutcome> {
  const prefs = await db
    .selectFrom('notification_preferences')
    .select(['digest', 'digest_through'])
    .where('person_id', '=', personId)
    .forUpdate()
    .executeTakeFirst();
  if (!prefs?.digest) return 'off';
  const since = prefs.digest_through ? new Date(prefs.digest_through) : new Date(0);
  if (now.getTime() < since.getTime() + DIGEST_PERIOD_MS) {
    await scheduleDigest(db, personId, since);
    return 'not_due';
  }
  const person = await db.selectFrom('people').select(['name', 'email', 'active']).where('id', '=', personId).executeTakeFirst();
  const items = await db
    .selectFrom('notifications')
    .select(['id', 'title', 'body', 'url', 'created_at'])
    .where('recipient_id', '=', personId)
    .where('read_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('emailed_at', 'is', null)
    .where('created_at', '>', since.toISOString())
    .where('created_at', '<=', now.toISOString())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const at = now.toISOString();
  let outcome: DigestOutcome = 'nothing';
  if (items.length > 0 && person?.active) {
    const email = composeDigestEmail({ recipientName: person.name.split(/\s+/)[0], items });
    await queueEmail(db, { id: `eml_${ulid()}`, recipientId: personId, to: person.email, kind: 'digest', email, now: at });
    await db.updateTable('notifications').set({ emailed_at: at }).where('id', 'in', items.map((i) => i.id)).execute();
    outcome = 'sent';
  }
  await db.updateTable('notification_preferences').set({ digest_through: at }).where('person_id', '=', personId).execute();
  await scheduleDigest(db, personId, now);
  return outcome;
}
