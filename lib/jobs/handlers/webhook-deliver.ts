/** `webhook.deliver` `{delivery_id}`: one attempt of a webhook delivery (lib/webhooks/deliver.ts). */
import { systemClock } from '@/lib/data/context';
import { registerJobHandler } from '@/lib/jobs/runner';
import { attemptDelivery } from '@/lib/webhooks/deliver';
import { DELIVER_JOB } from '@/lib/webhooks/events';

registerJobHandler<{ delivery_id: string }>(DELIVER_JOB, async (job) => {
  const now = job.now;
  const ctx = {
    caller: { tenantId: job.tenantId, personId: 'system', roles: [], appId: null, sourceType: 'system' as const },
    db: job.db,
    clock: { now: () => now, id: systemClock.id },
  };
  await attemptDelivery(job.db, String(job.data.delivery_id), { attempt: job.attempt, maxAttempts: job.maxAttempts, now, ctx });
});
