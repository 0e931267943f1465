/**
 * The jobs panel over pg-boss (admin.ts calls these when jobQueueKind() is 'pg-boss'): the admin's own
 * tenant's jobs read from `pgboss.job` through their TenantDb, so the tenant policy of boss.ts applies as
 * on every tenant table; retry and discard through pg-boss's own `retry` and `deleteJob`, run in the
 * admin's transaction after a check of the job's state under a row lock.
 *
 * pg-boss's states map onto the panel's four: created/retry → queued, active → running,
 * completed/cancelled → done, failed → failed. Ids are `job_<pg-boss uuid>`.
 */
import { sql, type RawBuilder } from 'kysely';
import { JOB_STATES, type JobState } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';
import { AppError, notFound } from '@/lib/errors';
import { decodeTimeCursor, encodeTimeCursor } from '@/lib/http/time-cursor';
import { BOSS_STATES, ensureBoss, executorOf, keyIsLive } from './boss';
import type { JobsPage, JobsQuery, JobView } from './admin';

const UUID = /^job_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

interface BossRow {
  id: string;
  name: string;
  state: string;
  data: { data?: Record<string, unknown> } | null;
  retry_count: number;
  retry_limit: number;
  started_on: Date | string | null;
  start_after: Date | string;
  singleton_key: string | null;
  last_error: string | null;
  created_on: Date | string;
  completed_on: Date | string | null;
  updated_at: Date | string;
}

const iso = (v: Date | string) => new Date(v).toISOString();

/** A pg-boss state as the panel names it. */
export function panelState(state: string): JobState {
  for (const [panel, states] of Object.entries(BOSS_STATES)) if ((states as readonly string[]).includes(state)) return panel as JobState;
  return 'queued';
}

function view(row: BossRow): JobView {
  return {
    id: `job_${row.id}`,
    name: row.name,
    state: panelState(row.state),
    data: row.data?.data ?? {},
    attempts: row.started_on ? Number(row.retry_count) + 1 : 0,
    max_attempts: Number(row.retry_limit) + 1,
    run_at: iso(row.start_after),
    singleton_key: row.singleton_key,
    last_error: row.state === 'retry' || row.state === 'failed' ? row.last_error : null,
    created_at: iso(row.created_on),
    updated_at: iso(row.updated_at),
    finished_at: row.completed_on ? iso(row.completed_on) : null,
  };
}

// The latest of pg-boss's own moments stands for the panel's updated_at, to the millisecond as the cursor
// carries it (pg-boss's now() has microseconds).
const UPDATED = sql`date_trunc('milliseconds', greatest(created_on, started_on, completed_on))`;

function columns(): RawBuilder<unknown> {
  return sql`id, name, state::text as state, data, retry_count, retry_limit, started_on, start_after, singleton_key,
    coalesce(output->>'message', output->'value'->>'message') as last_error, created_on, completed_on, ${UPDATED} as updated_at`;
}

export async function listBossJobs(ctx: Ctx, query: JobsQuery & { limit: number }): Promise<JobsPage> {
  const { schema } = await ensureBoss();
  const table = sql`${sql.id(schema)}.job`;
  const tenant = ctx.db.tenantId;
  const stateFilter = query.state ? sql`and state::text = any(${[...BOSS_STATES[query.state]]}::text[])` : sql``;
  let cursorFilter = sql``;
  if (query.cursor) {
    const { t, id } = decodeTimeCursor(query.cursor);
    cursorFilter = sql`and (${UPDATED} < ${t}::timestamptz or (${UPDATED} = ${t}::timestamptz and 'job_' || id::text < ${id}))`;
  }
  const [rows, counted] = await Promise.all([
    sql<BossRow>`select ${columns()} from ${table}
      where data->>'tenant_id' = ${tenant} ${stateFilter} ${cursorFilter}
      order by ${UPDATED} desc, id desc limit ${query.limit + 1}`.execute(ctx.db.connection),
    sql<{ state: string; n: number }>`select state::text as state, count(*)::int as n from ${table}
      where data->>'tenant_id' = ${tenant} group by state`.execute(ctx.db.connection),
  ]);
  const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
  for (const row of counted.rows) counts[panelState(row.state)] += Number(row.n);
  const page = rows.rows.slice(0, query.limit).map(view);
  const last = page[page.length - 1];
  return { data: page, next_cursor: rows.rows.length > query.limit && last ? encodeTimeCursor(last.updated_at, last.id) : null, counts };
}

/** The job under a row lock in the admin's transaction, or 404 (another tenant's is as unknown as none). */
async function lockedJob(ctx: Ctx, schema: string, jobId: string, tx: Ctx['db']): Promise<BossRow> {
  const uuid = UUID.exec(jobId)?.[1];
  if (!uuid) throw notFound('job');
  const found = await sql<BossRow>`select ${columns()} from ${sql.id(schema)}.job
    where id = ${uuid}::uuid and data->>'tenant_id' = ${ctx.db.tenantId} for update`.execute(tx.connection);
  const row = found.rows[0];
  if (!row) throw notFound('job');
  return row;
}

/**
 * A failed job is queued again with all its attempts ahead of it, as on the table queue: pg-boss's `retry`
 * (failed → retry, one more attempt), then its counters back to a job never run, due now.
 */
export async function retryBossJob(ctx: Ctx, jobId: string): Promise<JobView> {
  const state = await ensureBoss();
  return ctx.db.transaction(async (tx) => {
    const row = await lockedJob(ctx, state.schema, jobId, tx);
    if (row.state !== 'failed') throw new AppError('conflict', `Only a failed job can be retried; this one is ${panelState(row.state)}.`);
    if (row.singleton_key && (await keyIsLive(tx, state.schema, row.name, row.singleton_key))) {
      throw new AppError('conflict', 'A job with the same key is already queued or running; discard this one instead.');
    }
    await state.boss.retry(row.name, row.id, { db: executorOf(tx.connection) });
    await sql`update ${sql.id(state.schema)}.job
      set retry_count = 0, retry_limit = ${row.retry_limit}, started_on = null, completed_on = null, output = null, start_after = now()
      where id = ${row.id}::uuid and state = 'retry'`.execute(tx.connection);
    return view(await lockedJob(ctx, state.schema, jobId, tx));
  });
}

/** Deletes a failed or queued job (a running one finishes first). */
export async function discardBossJob(ctx: Ctx, jobId: string): Promise<void> {
  const state = await ensureBoss();
  await ctx.db.transaction(async (tx) => {
    const row = await lockedJob(ctx, state.schema, jobId, tx);
    const panel = panelState(row.state);
    if (panel !== 'failed' && panel !== 'queued') throw new AppError('conflict', `Only a failed or queued job can be discarded; this one is ${panel}.`);
    await state.boss.deleteJob(row.name, row.id, { db: executorOf(tx.connection) });
  });
}
