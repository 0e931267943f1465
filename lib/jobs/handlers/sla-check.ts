/**
 * `sla.check` `{pending_id, cycle}` (lib/sla/reminders.ts): the reminder, overdue notice and escalation of
 * one item's clock cycle, sent in the same transaction that marks the job done.
 */
import { registerJobHandler } from '@/lib/jobs/runner';
import { SLA_CHECK_JOB } from '@/lib/sla/clock';
import { checkSla } from '@/lib/sla/reminders';
import { systemContext } from '@/lib/sla/system-context';

registerJobHandler<{ pending_id: string; cycle: number }>(SLA_CHECK_JOB, async (job) => {
  await job.db.transaction(async (tdb) => {
    await checkSla(systemContext(tdb, job.now), String(job.data.pending_id), Number(job.data.cycle));
    await job.finishIn(tdb);
  });
});
