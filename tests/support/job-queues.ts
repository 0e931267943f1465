/**
 * The two job queues behind lib/jobs/queue.ts (issue 10): the SKIP LOCKED table (PGlite, and PostgreSQL
 * with JOB_QUEUE=table, the default of the tests) and pg-boss (PostgreSQL). A contract test runs its
 * describe block once per queue this database has: `describe.each(JOB_QUEUES)(…, (kind) => { runOnQueue(kind); … })`.
 * pg-boss gets a schema of its own for the block (dropped after it), so other files' jobs never mix in.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { panelState } from '@/lib/jobs/boss-admin';
import { ensureBoss, jobQueueKind, resetJobQueue, setJobQueue, type JobQueueKind } from '@/lib/jobs/boss';
import { testDatabase } from './database';

export const JOB_QUEUES: JobQueueKind[] = process.env.DATABASE_URL ? ['table', 'pg-boss'] : ['table'];

/** A fresh pg-boss schema name for one test block or process. */
export function bossSchemaName(): string {
  return `pgboss_t${randomBytes(5).toString('hex')}`;
}

/** Uses `kind` for the enclosing describe block; returns the pg-boss schema (when it is pg-boss). */
export function runOnQueue(kind: JobQueueKind): { schema: string } {
  const schema = bossSchemaName();
  beforeAll(async () => {
    await setJobQueue(kind === 'pg-boss' ? { kind, url: process.env.DATABASE_URL, schema } : { kind });
  });
  afterAll(async () => {
    await resetJobQueue();
    if (kind === 'pg-boss') await sql`drop schema if exists ${sql.id(schema)} cascade`.execute((await testDatabase()).db);
  });
  return { schema };
}

export interface QueuedJob {
  id: string;
  name: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  data: Record<string, unknown>;
  attempts: number;
  run_at: string;
  last_error: string | null;
  finished_at: string | null;
}

/** One tenant's jobs (of one name), on whichever queue this process uses, as the jobs panel shows them. */
export async function jobsOf(tenantId: string, name?: string): Promise<QueuedJob[]> {
  const { db } = await testDatabase();
  if (jobQueueKind() === 'table') {
    let q = db.selectFrom('jobs').select(['id', 'name', 'state', 'data', 'attempts', 'run_at', 'last_error', 'finished_at']).where('tenant_id', '=', tenantId);
    if (name) q = q.where('name', '=', name);
    q = q.orderBy('created_at').orderBy('id');
    return (await q.execute()) as QueuedJob[];
  }
  const { schema } = await ensureBoss();
  const { rows } = await sql<{ id: string; name: string; state: string; data: { data: Record<string, unknown> }; retry_count: number; started_on: string | null; start_after: string; last_error: string | null; completed_on: string | null }>`
    select id, name, state::text as state, data, retry_count, started_on, start_after, completed_on,
      coalesce(output->>'message', output->'value'->>'message') as last_error
    from ${sql.id(schema)}.job where data->>'tenant_id' = ${tenantId} and (${name ?? null}::text is null or name = ${name ?? null})
    order by created_on, id`.execute(db);
  return rows.map((row) => ({
    id: `job_${row.id}`,
    name: row.name,
    state: panelState(row.state),
    data: row.data.data,
    attempts: row.started_on ? Number(row.retry_count) + 1 : 0,
    run_at: new Date(row.start_after).toISOString(),
    last_error: row.state === 'retry' || row.state === 'failed' ? row.last_error : null,
    finished_at: row.completed_on ? new Date(row.completed_on).toISOString() : null,
  }));
}
