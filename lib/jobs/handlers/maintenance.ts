/**
 * `maintenance.purge` `{}` (lib/jobs/maintenance.ts): one tenant's short-lived rows past their time,
 * queued about hourly by each instance's runner. Deleting twice is harmless, so a retry needs no care.
 */
import { MAINTENANCE_JOB, purgeTenant } from '@/lib/jobs/maintenance';
import { registerJobHandler } from '@/lib/jobs/runner';

registerJobHandler(MAINTENANCE_JOB, async (job) => {
  await purgeTenant(job.db, job.now);
});
