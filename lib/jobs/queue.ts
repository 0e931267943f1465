/**
 * The job queue's interface (issue 10): what the rest of the code uses to hand work to the background
 * runner. Jobs are enqueued in the same transaction as the change that causes them (pass that
 * transaction's TenantDb), so a rolled-back change leaves no job behind. Handlers live one per file in
 * lib/jobs/handlers/ and are registered by name.
 *
 * Behind this interface: pg-boss on PostgreSQL (lib/jobs/boss.ts), a SKIP LOCKED table on PGlite
 * (lib/jobs/claims.ts); the runner inside the server that works either is lib/jobs/runner.ts.
 */
import type { TenantDb } from '@/lib/data/tenant-db';

export interface JobRequest<D = Record<string, unknown>> {
  /** The handler's name, e.g. 'email.send', 'sla.remind'. */
  name: string;
  data: D;
  /** Run no earlier than this (default: now). */
  runAt?: Date;
  /** At most one queued or running job per key (e.g. one reminder per step and threshold). */
  singletonKey?: string;
  /** Attempts before the job is marked failed (default 5), with exponential backoff between them. */
  maxAttempts?: number;
}

export type Enqueue = <D extends Record<string, unknown>>(db: TenantDb, job: JobRequest<D>) => Promise<void>;
