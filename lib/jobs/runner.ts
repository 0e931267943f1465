/**
 * The job runner (issue 10, engine.md §4), with two queues behind one interface (queue.ts):
 * - **PostgreSQL: pg-boss 10** (boss.ts). pg-boss 11+ and graphile-worker 0.17+ need Node 22; 10.x runs
 *   on Node 20. Jobs are enqueued through the caller's TenantDb (same transaction, tenant RLS policy on
 *   `pgboss.job`), fetched with SKIP LOCKED, retried with backoff, expired and archived by pg-boss.
 * - **PGlite (the embedded default): one table** (`jobs`, migration 0009) claimed with `FOR UPDATE SKIP
 *   LOCKED`. Measured with pg-boss on PGlite's single in-process session: a `boss.send` issued while an app
 *   transaction was open landed inside it and vanished with its rollback, and routed through the app's pool
 *   pg-boss's maintenance failed every cycle (multi-statement results). JOB_QUEUE=table also selects it on
 *   PostgreSQL.
 *
 * The handlers, their context and the run loop (`runDueJobs`) are the same for both; only claiming and
 * finishing differ (a `Finisher`).
 *
 * The table queue's guarantees: each claim is a single `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED)`, so with several
 * instances each job is claimed once; a failed attempt is retried after an exponential backoff
 * (claims.ts) until max_attempts, then `failed` with its error; while a handler runs, its runner renews the
 * job's lease every minute (the heartbeat, `renewLeases`), so a handler slower than the 5-minute lease is
 * never run a second time beside itself; a running job whose instance died stops being renewed and is
 * claimed again once its lease runs out — so a handler runs at least once, and exactly once unless its
 * instance dies (or stalls for a whole lease) mid-run: handlers that write should be idempotent, or write
 * and finish in one transaction with `finishIn`. Jobs are rows, so they survive a restart.
 *
 * Handlers get the job and that tenant's TenantDb (`systemTenantDb('jobs', tenantId)`: RLS applies);
 * cross-tenant work happens only here, through the system context.
 */
import { systemTenantDb } from '@/lib/data/system';
import type { TenantDb } from '@/lib/data/tenant-db';
import { BOSS_MAINTENANCE_MS, bringForward, ensureBoss, maintainBoss, rebaseRetry, executorOf, jobQueueKind, stopBoss, type BossCommandResult, type BossJobData, type BossState } from './boss';
import { claimDueJobs, completeJob, ERROR_MAX_CHARS, failAttempt, HEARTBEAT_MS, releaseExpiredLeases, renewLeases, type ClaimedJob } from './claims';
import { scheduleMaintenance, MAINTENANCE_INTERVAL_MS } from './maintenance';

export { enqueue, enqueueJob } from './enqueue';
export { retryDelayMs, LEASE_MS, HEARTBEAT_MS } from './claims';

export interface JobContext<D = Record<string, unknown>> {
  jobId: string;
  name: string;
  data: D;
  tenantId: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  maxAttempts: number;
  /** The runner's clock (tests inject it): use it rather than new Date() for anything time-based. */
  now: Date;
  /** The job's tenant, under row-level security (the system acting for the tenant, audited as 'jobs'). */
  db: TenantDb;
  /**
   * Marks the job done inside the handler's own transaction (pass its TenantDb), so the handler's writes
   * and the job's completion commit together. Throws when the claim is no longer this run's (rolling back).
   */
  finishIn(tdb: TenantDb): Promise<void>;
}

export type JobHandler<D = Record<string, unknown>> = (job: JobContext<D>) => Promise<void>;

const handlers = new Map<string, JobHandler>();

/** Registers the handler of jobs called `name` (the last registration of a name wins). */
export function registerJobHandler<D extends Record<string, unknown>>(name: string, handler: JobHandler<D>): void {
  handlers.set(name, handler as unknown as JobHandler);
}

/** Tests: forget a handler they registered. */
export function unregisterJobHandler(name: string): void {
  handlers.delete(name);
}

export interface RunOptions {
  /** A fixed moment to run at (tests); default: the clock's time, read again for each batch. */
  now?: Date;
  /** The clock when `now` is not fixed (default: the real time); the heartbeat reads it too. */
  clock?: () => Date;
  /** How often the leases of the jobs in hand are renewed while their handlers run (default HEARTBEAT_MS). */
  heartbeatMs?: number;
  /** Jobs run at once per batch. */
  batchSize?: number;
  /** Stop after this many jobs (the next call takes the rest). */
  maxJobs?: number;
  /** Only these tenants' jobs (tests on a shared database). */
  tenantIds?: string[];
  /** Stops claiming new batches (the server's shutdown). */
  signal?: AbortSignal;
}

export interface RunSummary {
  ran: number;
  done: number;
  retried: number;
  failed: number;
  /** Running jobs of a dead instance given back (their lease ran out). */
  released: number;
}

class LostClaimError extends Error {}

/** The jobs this process is running now (claimed, handler not finished): what the heartbeat renews. */
const inHand = new Map<string, ClaimedJob>();

/**
 * The heartbeat's step: renews the lease of every job this process is running, to `now` + LEASE_MS.
 * runDueJobs calls it every `heartbeatMs` while handlers run; tests call it with their clock. Answers the
 * ids still held (a job whose lease had already run out and was taken back is not).
 */
export async function renewLeasesInHand(now: Date = new Date()): Promise<string[]> {
  return renewLeases([...inHand.values()], now);
}

async function runOne(job: ClaimedJob, now: Date): Promise<'done' | 'retried' | 'failed' | 'lost'> {
  inHand.set(job.token + job.id, job);
  try {
    return await runHandler(job, now, tableFinisher(job, now));
  } finally {
    inHand.delete(job.token + job.id);
  }
}

/** How a run of one job ends: the queue's own ways to finish, fail and finish inside a transaction. */
interface Finisher {
  /** Marks the job done in the handler's transaction; false when the claim is no longer this run's. */
  finishIn(tdb: TenantDb): Promise<boolean>;
  complete(): Promise<boolean>;
  fail(error: unknown): Promise<'retried' | 'failed' | 'lost'>;
}

async function runHandler(job: ClaimedJob, now: Date, finisher: Finisher): Promise<'done' | 'retried' | 'failed' | 'lost'> {
  const handler = handlers.get(job.name);
  let finishedInside = false;
  try {
    if (!handler) throw new Error(`No handler registered for '${job.name}'.`);
    const db = await systemTenantDb('jobs', job.tenantId);
    await handler({
      jobId: job.id,
      name: job.name,
      data: job.data,
      tenantId: job.tenantId,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
      now,
      db,
      async finishIn(tdb) {
        if (!(await finisher.finishIn(tdb))) throw new LostClaimError(`Job ${job.id} is no longer this run's (its lease ran out).`);
        finishedInside = true;
      },
    });
  } catch (error) {
    if (error instanceof LostClaimError) return 'lost';
    if (process.env.NODE_ENV !== 'test') console.error(`[jobs] ${job.name} ${job.id} attempt ${job.attempt} failed:`, error);
    return finisher.fail(error);
  }
  if (finishedInside) return 'done';
  return (await finisher.complete()) ? 'done' : 'lost';
}

/** The table queue's finisher: every write fenced by the claim's token. */
function tableFinisher(job: ClaimedJob, now: Date): Finisher {
  return {
    async finishIn(tdb) {
      const result = await tdb
        .updateTable('jobs')
        .set({ state: 'done', locked_by: null, locked_until: null, finished_at: now, updated_at: now, last_error: null })
        .where('id', '=', job.id)
        .where('state', '=', 'running')
        .where('locked_by', '=', job.token)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    complete: () => completeJob(job, now),
    fail: (error) => failAttempt(job, error, now),
  };
}

/** pg-boss's finisher: complete / fail by id, fenced by pg-boss's own rule (only an active job). */
function bossFinisher(state: BossState, job: ClaimedJob, bossId: string, drivenAt: Date | undefined): Finisher {
  const affected = (r: unknown) => (r as BossCommandResult).affected === 1;
  return {
    async finishIn(tdb) {
      return affected(await state.boss.complete(job.name, bossId, {}, { db: executorOf(tdb.connection) }));
    },
    async complete() {
      return affected(await state.boss.complete(job.name, bossId));
    },
    async fail(error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, ERROR_MAX_CHARS);
      if (!affected(await state.boss.fail(job.name, bossId, { message }))) return 'lost';
      if (job.attempt >= job.maxAttempts) return 'failed';
      if (drivenAt) await rebaseRetry(state, bossId, drivenAt);
      return 'retried';
    },
  };
}

/**
 * pg-boss's runs: fetch due jobs of every registered name (SKIP LOCKED: each job to one instance), run them
 * like the table's, complete or fail them through pg-boss. With a given clock (tests), jobs due by that
 * clock are first made due for pg-boss (boss.ts `bringForward`); a job run once in this call is not run
 * again in it (its retry waits for the next call, as the table's backoff does).
 */
let nextFirstName = 0;

async function runDueBossJobs(options: RunOptions, clock: () => Date, summary: RunSummary): Promise<void> {
  const names = [...handlers.keys()];
  const state = await ensureBoss({ names });
  const batchSize = options.batchSize ?? 5;
  const maxJobs = options.maxJobs ?? 500;
  const driven = options.now !== undefined || options.clock !== undefined;
  const handled: string[] = [];
  while (summary.ran < maxJobs && !options.signal?.aborted) {
    const now = clock();
    if (driven) await bringForward(state, names, now, handled, options.tenantIds);
    const batch: { job: ClaimedJob; bossId: string }[] = [];
    // Fair across names: pg-boss fetches one name at a time, so a flood of one (a thousand webhook
    // deliveries, every tenant's purge) would fill each batch and hold back the rest (a reminder). A batch
    // first takes one job of each name, from a first name that moves on every batch, then fills up from the
    // names that had work.
    const first = nextFirstName++ % names.length;
    let candidates = [...names.slice(first), ...names.slice(0, first)];
    for (const perName of [1, Infinity]) {
      const withWork: string[] = [];
      for (const name of candidates) {
        const room = Math.min(batchSize, maxJobs - summary.ran) - batch.length;
        if (room <= 0) break;
        const fetched = await state.boss.fetch<BossJobData>(name, { batchSize: Math.min(room, perName), includeMetadata: true });
        if (fetched.length > 0) withWork.push(name);
        for (const row of fetched) {
          handled.push(row.id);
          batch.push({
            bossId: row.id,
            job: {
              tenantId: row.data.tenant_id,
              id: `job_${row.id}`,
              name,
              data: row.data.data ?? {},
              attempt: row.retryCount + 1,
              maxAttempts: row.retryLimit + 1,
              token: row.id,
            },
          });
        }
      }
      candidates = withWork;
    }
    if (batch.length === 0) break;
    const outcomes = await Promise.all(batch.map(({ job, bossId }) => runHandler(job, now, bossFinisher(state, job, bossId, driven ? now : undefined))));
    summary.ran += batch.length;
    for (const outcome of outcomes) if (outcome !== 'lost') summary[outcome]++;
  }
}

/**
 * Runs every due job (and gives back expired leases) in this process, batch after batch, until none is
 * due: the poll loop's body, and what tests call with an injected `now` instead of waiting.
 */
export async function runDueJobs(options: RunOptions = {}): Promise<RunSummary> {
  const fixed = options.now;
  const clock = fixed ? () => fixed : (options.clock ?? (() => new Date()));
  const batchSize = options.batchSize ?? 5;
  const maxJobs = options.maxJobs ?? 500;
  const summary: RunSummary = { ran: 0, done: 0, retried: 0, failed: 0, released: 0 };
  if (jobQueueKind() === 'pg-boss') {
    await runDueBossJobs(options, clock, summary);
    return summary;
  }
  // While handlers run, their leases are renewed: a slow handler's job is never taken back beside it.
  const heartbeat = setInterval(() => {
    renewLeasesInHand(clock()).catch((error) => console.error('[jobs] lease renewal failed:', error));
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref?.();
  try {
    summary.released = await releaseExpiredLeases({ tenantIds: options.tenantIds }, clock());
    while (summary.ran < maxJobs && !options.signal?.aborted) {
      // Each batch claims at its own moment: a lease counted from when the call began could already be
      // over after a long earlier batch, and another instance would take the job back at once.
      const now = clock();
      const names = [...handlers.keys()];
      const batch = await claimDueJobs({ names, tenantIds: options.tenantIds }, now, Math.min(batchSize, maxJobs - summary.ran));
      if (batch.length === 0) break;
      const outcomes = await Promise.all(batch.map((job) => runOne(job, now)));
      summary.ran += batch.length;
      for (const outcome of outcomes) if (outcome !== 'lost') summary[outcome]++;
    }
  } finally {
    clearInterval(heartbeat);
  }
  return summary;
}

/** How often the server looks for due work (engine.md §4: due work within 60 s). */
export const POLL_MS = 5_000;
const STOP_GRACE_MS = 8_000;

interface RunnerState {
  timer: NodeJS.Timeout | undefined;
  current: Promise<unknown> | undefined;
  abort: AbortController;
  lastMaintenance: number;
  lastBossMaintenance: number;
}
let runner: RunnerState | undefined;

/** Whether JOBS=off switched the runner off. */
export function jobsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return !/^(off|false|0|no)$/i.test(env.JOBS?.trim() ?? '');
}

/**
 * Starts polling in this process (server.ts, after the database is ready). Loads the handlers first
 * (lib/jobs/handlers). Not started by tests or the db:* scripts; JOBS=off leaves it off.
 */
export async function startJobRunner(options: { pollMs?: number } = {}): Promise<boolean> {
  if (runner || !jobsEnabled()) return false;
  await import('./handlers');
  // On PostgreSQL, pg-boss: its schema and a queue per job name before the first poll.
  const boss = jobQueueKind() === 'pg-boss';
  if (boss) await ensureBoss({ names: handlers.keys() });
  const pollMs = options.pollMs ?? POLL_MS;
  const state: RunnerState = { timer: undefined, current: undefined, abort: new AbortController(), lastMaintenance: 0, lastBossMaintenance: 0 };
  runner = state;
  const tick = () => {
    state.timer = undefined;
    state.current = (async () => {
      try {
        await runDueJobs({ signal: state.abort.signal });
        if (Date.now() - state.lastMaintenance >= MAINTENANCE_INTERVAL_MS && !state.abort.signal.aborted) {
          state.lastMaintenance = Date.now();
          await scheduleMaintenance({ now: new Date() });
        }
        if (boss && Date.now() - state.lastBossMaintenance >= BOSS_MAINTENANCE_MS && !state.abort.signal.aborted) {
          state.lastBossMaintenance = Date.now();
          await maintainBoss();
        }
      } catch (error) {
        console.error('[jobs] poll failed:', error);
      }
    })().finally(() => {
      state.current = undefined;
      if (!state.abort.signal.aborted) state.timer = setTimeout(tick, pollMs);
    });
  };
  tick();
  return true;
}

/** Stops polling and waits for the jobs in hand (server.ts, on SIGTERM, before the pool closes). */
export async function stopJobRunner(): Promise<void> {
  const state = runner;
  if (!state) return;
  runner = undefined;
  state.abort.abort();
  if (state.timer) clearTimeout(state.timer);
  // A job still running after the grace period is left to its lease: another start runs it again.
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([state.current, new Promise((resolve) => (grace = setTimeout(resolve, STOP_GRACE_MS)))]);
  clearTimeout(grace);
  await stopBoss();
}
