/**
 * `access.expiry` `{access_request_id}` (lib/expiry/expire.ts): a provisioned grant's expiry warnings and,
 * once `expires_at` passes, its revocation — in the transaction that marks the job done.
 */
import { checkExpiry } from '@/lib/expiry/expire';
import { EXPIRY_JOB } from '@/lib/expiry/schedule';
import { registerJobHandler } from '@/lib/jobs/runner';
import { systemContext } from '@/lib/sla/system-context';

registerJobHandler<{ access_request_id: string }>(EXPIRY_JOB, async (job) => {
  await job.db.transaction(async (tdb) => {
    await checkExpiry(systemContext(tdb, job.now), String(job.data.access_request_id));
    await job.finishIn(tdb);
  });
});
