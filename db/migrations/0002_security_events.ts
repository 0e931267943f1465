/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/** Security events (engine.md §8): an admin-visible log of sign-in failures, refusals, grants and revocations. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table security_events (
    tenant_id text not null references tenants(id),
    id text not null,
    kind text not null,
    actor_id text,
    subject_id text,
    ip text,
    detail jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id)
  )`.execute(db);
  await sql`create index security_events_created on security_events (tenant_id, created_at, id)`.execute(db);
  await sql`create index security_events_kind on security_events (tenant_id, kind, created_at, id)`.execute(db);
  await sql`create index security_events_actor on security_events (tenant_id, actor_id, created_at, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists security_events`.execute(db);
}
