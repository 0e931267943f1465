/**
 * The notification jobs, registered with the runner (lib/jobs/handlers loads this module):
 * - `email.send` `{message_id}`: sends one stored message over SMTP, or files it in the outbox; after the
 *   last failed attempt the message is marked failed (the outbox screen shows its error);
 * - `notifications.digest` `{person_id}`: one person's daily digest when due (digest.ts).
 */
import { registerJobHandler } from '@/lib/jobs/runner';
import { DIGEST_JOB, sendDigestIfDue } from './digest';
import { deliverEmail, EMAIL_JOB } from './mailer';

registerJobHandler<{ message_id: string }>(EMAIL_JOB, async (job) => {
  const id = String(job.data.message_id);
  try {
    await deliverEmail(job.db, id, job.now);
  } catch (error) {
    if (job.attempt >= job.maxAttempts) await job.db.updateTable('email_messages').set({ status: 'failed' }).where('id', '=', id).execute();
    throw error;
  }
});

registerJobHandler<{ person_id: string }>(DIGEST_JOB, async (job) => {
  await job.db.transaction(async (tdb) => {
    await sendDigestIfDue(tdb, String(job.data.person_id), job.now);
    await job.finishIn(tdb);
  });
});
