/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';
import { disableTenantRls, enableTenantRls } from './rls';

/**
 * The job queue (lib/jobs/runner.ts, issue 10): one row per job, enqueued by the app role inside the
 * transaction of the change that causes it (so row-level security applies like on any tenant table) and
 * claimed across tenants by the system role with `FOR UPDATE SKIP LOCKED`.
 * - `state`: queued → running → done | failed (a failed attempt with attempts left goes back to queued
 *   with a later run_at); `locked_by` is the claim's token and `locked_until` its lease, after which a
 *   running job of a crashed instance is claimed again.
 * - `singleton_key`: at most one queued or running job per (tenant, name, key).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table jobs (
    tenant_id text not null references tenants(id),
    id text not null,
    name text not null check (length(name) between 1 and 100),
    data jsonb not null default '{}'::jsonb,
    state text not null default 'queued' check (state in ('queued','running','done','failed')),
    run_at timestamptz not null,
    attempts integer not null default 0 check (attempts >= 0),
    max_attempts integer not null default 5 check (max_attempts between 1 and 100),
    singleton_key text check (length(singleton_key) <= 500),
    last_error text,
    locked_by text,
    locked_until timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    finished_at timestamptz,
    primary key (tenant_id, id),
    check ((state = 'running') = (locked_by is not null and locked_until is not null))
  )`.execute(db);
  await enableTenantRls(db, 'jobs');
  await sql`create unique index jobs_singleton on jobs (tenant_id, name, singleton_key)
    where singleton_key is not null and state in ('queued','running')`.execute(db);
  // The claim scans across tenants (the runner serves them all): due queued jobs, and running ones whose
  // lease ran out. Both indexes are partial, so they hold only live work, never the done history.
  await sql`create index jobs_due on jobs (run_at) where state = 'queued'`.execute(db);
  await sql`create index jobs_leases on jobs (locked_until) where state = 'running'`.execute(db);
  // The admin panel (one tenant, by state, newest first) and the purge of old done jobs.
  await sql`create index jobs_by_state on jobs (tenant_id, state, updated_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await disableTenantRls(db, 'jobs').catch(() => undefined);
  await sql`drop table if exists jobs`.execute(db);
}
