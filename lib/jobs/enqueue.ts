/**
 * Enqueue (lib/jobs/queue.ts's `Enqueue`), written through the caller's TenantDb — so inside the caller's
 * transaction when it has one (a rolled-back change leaves no job), as the app role under row-level
 * security like any other tenant write. On PostgreSQL a pg-boss job (boss.ts), on PGlite one row in `jobs`.
 * A singleton key that already has a queued or running job of the same name in this tenant makes this a
 * no-op (the table: the partial unique index jobs_singleton; pg-boss: boss.ts `keyIsLive`).
 */
import { ulid } from 'ulidx';
import type { TenantDb } from '@/lib/data/tenant-db';
import { BOSS_EXPIRE_SECONDS, BOSS_RETRY_DELAY_SECONDS, ensureBoss, ensureQueue, executorOf, jobQueueKind, keyIsLive, type BossJobData } from './boss';
import type { JobRequest } from './queue';

export const DEFAULT_MAX_ATTEMPTS = 5;

function check(job: JobRequest<Record<string, unknown>>): void {
  if (!/^[a-z][a-z0-9._-]{0,99}$/i.test(job.name)) throw new Error(`job name must be 1-100 letters, digits, '.', '_' or '-': ${job.name}`);
  const max = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(max) || max < 1 || max > 100) throw new Error(`maxAttempts must be an integer from 1 to 100: ${max}`);
  if (job.runAt && Number.isNaN(job.runAt.getTime())) throw new Error('runAt is not a valid date');
  if (job.singletonKey !== undefined && (job.singletonKey.length === 0 || job.singletonKey.length > 500)) {
    throw new Error('singletonKey must be 1-500 characters');
  }
}

/** Adds a job; answers its id, or null when a singleton key already had a live job. */
export async function enqueueJob<D extends Record<string, unknown>>(tdb: TenantDb, job: JobRequest<D>): Promise<string | null> {
  check(job);
  if (jobQueueKind() === 'pg-boss') return enqueueBossJob(tdb, job);
  const id = `job_${ulid()}`;
  const now = new Date();
  const row = await tdb
    .insertInto('jobs', {
      id,
      name: job.name,
      data: JSON.stringify(job.data),
      run_at: job.runAt ?? now,
      max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      singleton_key: job.singletonKey ?? null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'name', 'singleton_key']).where('singleton_key', 'is not', null).where('state', 'in', ['queued', 'running']).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

async function enqueueBossJob<D extends Record<string, unknown>>(tdb: TenantDb, job: JobRequest<D>): Promise<string | null> {
  const state = await ensureBoss();
  await ensureQueue(state, job.name);
  return tdb.transaction(async (tx) => {
    if (job.singletonKey !== undefined && (await keyIsLive(tx, state.schema, job.name, job.singletonKey))) return null;
    const data: BossJobData = { tenant_id: tx.tenantId, data: job.data };
    const id = await state.boss.send(job.name, data as unknown as object, {
      startAfter: job.runAt ?? new Date(),
      retryLimit: (job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS) - 1,
      retryDelay: BOSS_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      expireInSeconds: BOSS_EXPIRE_SECONDS,
      singletonKey: job.singletonKey,
      db: executorOf(tx.connection),
    });
    return id ? `job_${id}` : null;
  });
}

/** The queue's `Enqueue`: what the rest of the code calls. */
export async function enqueue<D extends Record<string, unknown>>(tdb: TenantDb, job: JobRequest<D>): Promise<void> {
  await enqueueJob(tdb, job);
}
