/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/**
 * Server-side sessions and personal API tokens. Every browser session and every token from
 * POST /api/v1/auth/token carries its row's id (the JWT's `sid` / `jti`); each request reads the row and
 * the person's roles in one join on primary keys, so a revocation or a role change takes effect at once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table auth_sessions (
    tenant_id text not null references tenants(id),
    id text not null,
    person_id text not null,
    kind text not null check (kind in ('session', 'token')),
    label text not null default '',
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    last_used_at timestamptz,
    revoked_at timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, person_id) references people(tenant_id, id) on delete cascade
  )`.execute(db);
  await sql`create index auth_sessions_person on auth_sessions (tenant_id, person_id, created_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists auth_sessions`.execute(db);
}
