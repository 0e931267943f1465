/**
 * The queue's SQL across tenants, as the system context (lib/data/system.ts, reason 'jobs'): claim due
 * work with `FOR UPDATE SKIP LOCKED` (two instances, or two loops of one, never take the same row), finish
 * or reschedule it fenced by the claim's token, and give back the leases of instances that died.
 *
 * Time is always the caller's `now` (a parameter, never the database's now()), so tests drive it.
 */
import { sql } from 'kysely';
import { ulid } from 'ulidx';
import { systemDb } from '@/lib/data/system';

/**
 * A running job whose lease is not renewed within this is taken to be its instance's: crashed, and run
 * again. The runner renews the lease of every job it holds every HEARTBEAT_MS while the handler runs, so a
 * handler may take longer than this without a second runner taking its job.
 */
export const LEASE_MS = 5 * 60_000;
/** How often a runner renews the leases of the jobs in its hands (several renewals fit in one lease). */
export const HEARTBEAT_MS = LEASE_MS / 5;
/** Backoff after a failed attempt: 15 s, 30 s, 1 min, 2 min … at most an hour. */
export const RETRY_BASE_MS = 15_000;
export const RETRY_MAX_MS = 60 * 60_000;
export const ERROR_MAX_CHARS = 2000;

export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1), RETRY_MAX_MS);
}

export interface ClaimedJob {
  tenantId: string;
  id: string;
  name: string;
  data: Record<string, unknown>;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** This claim's token: finishing is conditional on it, so a job reclaimed after its lease stays theirs. */
  token: string;
}

export interface ClaimScope {
  /** Only jobs these handlers can run (an instance without a handler leaves the job to one that has it). */
  names: string[];
  /** Only these tenants' jobs (tests on a shared database). */
  tenantIds?: string[];
}

function tenantFilter(scope: ClaimScope) {
  return scope.tenantIds ? sql`and tenant_id = any(${scope.tenantIds})` : sql``;
}

/** Claims up to `limit` due queued jobs, oldest due first. */
export async function claimDueJobs(scope: ClaimScope, now: Date, limit: number): Promise<ClaimedJob[]> {
  if (scope.names.length === 0 || limit < 1) return [];
  const token = `claim_${ulid()}`;
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const db = await systemDb('jobs');
  // The candidates are a CTE, evaluated once: as a subquery in UPDATE … FROM, the planner may rescan it
  // for each outer row, and each rescan with SKIP LOCKED finds more rows — it claimed 50 with LIMIT 7.
  const { rows } = await sql<{ tenant_id: string; id: string; name: string; data: Record<string, unknown>; attempts: number; max_attempts: number }>`
    with due as materialized (
      select tenant_id, id from jobs
      where state = 'queued' and run_at <= ${now} and name = any(${scope.names}) ${tenantFilter(scope)}
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    update jobs j
    set state = 'running', attempts = j.attempts + 1, locked_by = ${token}, locked_until = ${leaseUntil}, updated_at = ${now}
    from due
    where j.tenant_id = due.tenant_id and j.id = due.id and j.state = 'queued'
    returning j.tenant_id, j.id, j.name, j.data, j.attempts, j.max_attempts`.execute(db);
  return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id, name: r.name, data: r.data, attempt: r.attempts, maxAttempts: r.max_attempts, token }));
}

/** Marks a claimed job done; false when the claim is no longer ours (the lease ran out and it moved on). */
export async function completeJob(job: ClaimedJob, now: Date): Promise<boolean> {
  const db = await systemDb('jobs');
  const result = await db
    .updateTable('jobs')
    .set({ state: 'done', locked_by: null, locked_until: null, finished_at: now, updated_at: now, last_error: null })
    .where('tenant_id', '=', job.tenantId)
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .where('locked_by', '=', job.token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The heartbeat: pushes the lease of jobs this runner still holds to `now` + LEASE_MS, fenced by each
 * claim's token (a job whose lease already ran out and was taken back is left alone). Answers the ids of
 * the jobs still held.
 */
export async function renewLeases(jobs: ClaimedJob[], now: Date): Promise<string[]> {
  if (jobs.length === 0) return [];
  const db = await systemDb('jobs');
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const held: string[] = [];
  for (const job of jobs) {
    const row = await db
      .updateTable('jobs')
      .set({ locked_until: sql<string>`greatest(locked_until, ${leaseUntil}::timestamptz)`, updated_at: now })
      .where('tenant_id', '=', job.tenantId)
      .where('id', '=', job.id)
      .where('state', '=', 'running')
      .where('locked_by', '=', job.token)
      .returning('id')
      .executeTakeFirst();
    if (row) held.push(row.id);
  }
  return held;
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.length > ERROR_MAX_CHARS ? `${text.slice(0, ERROR_MAX_CHARS - 1)}…` : text;
}

/** After a failed attempt: queued again after the backoff, or failed with the error once out of attempts. */
export async function failAttempt(job: ClaimedJob, error: unknown, now: Date): Promise<'retried' | 'failed' | 'lost'> {
  const final = job.attempt >= job.maxAttempts;
  const db = await systemDb('jobs');
  const result = await db
    .updateTable('jobs')
    .set({
      state: final ? 'failed' : 'queued',
      last_error: errorText(error),
      locked_by: null,
      locked_until: null,
      run_at: final ? now : new Date(now.getTime() + retryDelayMs(job.attempt)),
      finished_at: final ? now : null,
      updated_at: now,
    })
    .where('tenant_id', '=', job.tenantId)
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .where('locked_by', '=', job.token)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return 'lost';
  return final ? 'failed' : 'retried';
}

export const LEASE_EXPIRED_ERROR = 'The server running it stopped before it finished (lease expired).';

/**
 * Running jobs whose lease ran out (their instance crashed or was killed): queued again at once, or failed
 * when that was their last attempt. Answers how many were given back.
 */
export async function releaseExpiredLeases(scope: Pick<ClaimScope, 'tenantIds'>, now: Date, limit = 100): Promise<number> {
  const db = await systemDb('jobs');
  const { rows } = await sql<{ id: string }>`
    with stale as materialized (
      select tenant_id, id from jobs
      where state = 'running' and locked_until <= ${now} ${tenantFilter({ names: [], ...scope })}
      limit ${limit}
      for update skip locked
    )
    update jobs j
    set state = case when j.attempts >= j.max_attempts then 'failed' else 'queued' end,
        finished_at = case when j.attempts >= j.max_attempts then ${now}::timestamptz else null end,
        last_error = ${LEASE_EXPIRED_ERROR}, locked_by = null, locked_until = null, run_at = ${now}, updated_at = ${now}
    from stale
    where j.tenant_id = stale.tenant_id and j.id = stale.id and j.state = 'running'
    returning j.id`.execute(db);
  return rows.length;
}
