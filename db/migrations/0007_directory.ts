/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';
import { enableTenantRls } from './rls';

/**
 * The directory (engine.md §3a): people gain a title, a start date and an active flag; approver groups
 * (Finance, Legal…) and their members; the systems catalogue an access request's `system_id` names, with
 * its owners, entitlements and longest grant. Policies (engine.md §1) read these tables by these names.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table people add column title text`.execute(db);
  await sql`alter table people add column started_on date`.execute(db);
  await sql`alter table people add column active boolean not null default true`.execute(db);

  await sql`create table groups (
    tenant_id text not null references tenants(id),
    id text not null,
    name text not null check (length(btrim(name)) > 0),
    description text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, id)
  )`.execute(db);
  await enableTenantRls(db, 'groups');
  await sql`create unique index groups_name on groups (tenant_id, lower(name))`.execute(db);

  await sql`create table group_members (
    tenant_id text not null references tenants(id),
    group_id text not null,
    person_id text not null,
    primary key (tenant_id, group_id, person_id),
    foreign key (tenant_id, group_id) references groups(tenant_id, id) on delete cascade,
    foreign key (tenant_id, person_id) references people(tenant_id, id) on delete cascade
  )`.execute(db);
  await enableTenantRls(db, 'group_members');
  await sql`create index group_members_person on group_members (tenant_id, person_id)`.execute(db);

  await sql`create table systems (
    tenant_id text not null references tenants(id),
    id text not null check (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    name text not null check (length(btrim(name)) > 0),
    owner_ids text[] not null default '{}',
    entitlements text[] not null default '{}',
    max_days integer check (max_days between 1 and 3650),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, id)
  )`.execute(db);
  await enableTenantRls(db, 'systems');
}

export async function down(db: Kysely<any>): Promise<void> {
  // Dropping a table drops its policy and grants with it.
  for (const table of ['systems', 'group_members', 'groups']) await sql`drop table if exists ${sql.table(table)}`.execute(db);
  await sql`alter table people drop column if exists active`.execute(db);
  await sql`alter table people drop column if exists started_on`.execute(db);
  await sql`alter table people drop column if exists title`.execute(db);
}
