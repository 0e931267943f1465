/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/**
 * The foundation schema. Frozen in time: later changes go in new migrations.
 *
 * Every table of tenant data leads its primary key and each index with tenant_id, so that tenants can
 * later be distributed by tenant_id (e.g. Citus) and every query the data layer runs is tenant-bound.
 * Enums are CHECK constraints (cheap to extend in a migration, unlike CREATE TYPE ... AS ENUM).
 */

const SOURCE_TYPES = `('frontend','backend','server','system','api')`;
const ROLES = `array['employee','manager','hr','it','travel','admin']::text[]`;

/** The reference's common fields of every operations record. */
const baseColumns = `
  tenant_id text not null references tenants(id),
  id text not null,
  app_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by text,
  updated_by text,
  source text not null default 'edm',
  source_type text not null default 'api' check (source_type in ${SOURCE_TYPES}),
  is_deleted boolean not null default false,
  deleted_at timestamptz,
  deleted_by text,
  schema_version integer not null default 1,
  tags jsonb not null default '{}'::jsonb check (jsonb_typeof(tags) = 'object')`;

function searchText(fields: string[]): string {
  const parts = fields.map((f) => `coalesce(${f}::text, '')`).join(` || ' ' || `);
  return `search_text text generated always as (lower(${parts})) stored`;
}

/** Indexes shared by the five record tables: keyset orders, scope=mine, status, search. */
function commonIndexes(table: string): string[] {
  return [
    `create index ${table}_created on ${table} (tenant_id, created_at, id)`,
    `create index ${table}_updated on ${table} (tenant_id, updated_at, id)`,
    `create index ${table}_created_by on ${table} (tenant_id, created_by, created_at, id)`,
    `create index ${table}_app on ${table} (tenant_id, app_id, created_at, id) where app_id is not null`,
    `create index ${table}_search on ${table} using gin (tenant_id, search_text gin_trgm_ops)`,
  ];
}

const statements: string[] = [
  `create extension if not exists pg_trgm`,
  `create extension if not exists btree_gin`,

  `create table tenants (
    id text primary key,
    slug text not null unique,
    name text not null,
    travel_approval_threshold numeric(14,2) not null default 2000 check (travel_approval_threshold >= 0),
    created_at timestamptz not null default now()
  )`,

  `create table people (
    tenant_id text not null references tenants(id),
    id text not null,
    email text not null,
    name text not null,
    roles text[] not null default array['employee']::text[] check (roles <@ ${ROLES}),
    manager_id text,
    password_hash text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, manager_id) references people(tenant_id, id)
  )`,
  `create unique index people_email on people (tenant_id, lower(email))`,
  `create index people_manager on people (tenant_id, manager_id)`,

  `create table login_emails (
    email text primary key check (email = lower(email)),
    tenant_id text not null,
    person_id text not null,
    foreign key (tenant_id, person_id) references people(tenant_id, id) on delete cascade
  )`,

  `create table applications (
    tenant_id text not null references tenants(id),
    id text not null,
    name text not null,
    description text,
    created_by text not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    primary key (tenant_id, id)
  )`,

  `create table integration_keys (
    tenant_id text not null references tenants(id),
    id text not null,
    app_id text not null,
    person_id text not null,
    roles text[] not null check (roles <@ ${ROLES}),
    label text not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz,
    last_used_at timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, app_id) references applications(tenant_id, id)
  )`,
  `create index integration_keys_app on integration_keys (tenant_id, app_id)`,

  `create table access_requests (${baseColumns},
    requester_id text not null,
    system_id text not null check (length(system_id) > 0),
    access_type text not null check (access_type in ('new','modify','revoke')),
    status text not null default 'pending' check (status in ('pending','approved','rejected','provisioned','completed')),
    justification text not null,
    approver_id text,
    approved_at timestamptz,
    provisioned_at timestamptz,
    asset_id text,
    principal_id text,
    principal_type text check (principal_type in ('person','group')),
    entitlement_type text,
    granted_at timestamptz,
    granted_by_id text,
    expires_at timestamptz,
    ${searchText(['system_id', 'justification', 'entitlement_type'])},
    primary key (tenant_id, id)
  )`,
  ...commonIndexes('access_requests'),
  `create index access_requests_requester on access_requests (tenant_id, requester_id, created_at, id)`,
  `create index access_requests_status on access_requests (tenant_id, status, created_at, id)`,
  `create index access_requests_system on access_requests (tenant_id, system_id, created_at, id)`,

  `create table hr_requests (${baseColumns},
    requester_id text not null,
    type text not null check (type in ('employment_letter','certificate','verification','document','other')),
    status text not null default 'pending' check (status in ('pending','in_progress','completed','rejected')),
    description text not null,
    deliverable_type text check (deliverable_type in ('digital','physical')),
    deliverable_url text,
    fulfilled_by text,
    fulfilled_at timestamptz,
    ${searchText(['type', 'description'])},
    primary key (tenant_id, id)
  )`,
  ...commonIndexes('hr_requests'),
  `create index hr_requests_requester on hr_requests (tenant_id, requester_id, created_at, id)`,
  `create index hr_requests_status on hr_requests (tenant_id, status, created_at, id)`,

  `create table pending_items (${baseColumns},
    type text not null,
    source_id text not null,
    status text not null default 'queued' check (status in ('queued','processing','blocked','completed')),
    priority integer check (priority between 1 and 5),
    assignee_id text,
    assignee_role text check (assignee_role in ('employee','manager','hr','it','travel','admin')),
    due_at timestamptz,
    title text,
    entity_type text,
    entity_id text,
    requested_by_id text,
    description text,
    current_step_index integer check (current_step_index >= 0),
    total_steps integer check (total_steps >= 1),
    completed_at timestamptz,
    ${searchText(['type', 'title', 'description', 'entity_type'])},
    primary key (tenant_id, id)
  )`,
  ...commonIndexes('pending_items'),
  `create index pending_items_assignee on pending_items (tenant_id, assignee_id, status)`,
  `create index pending_items_role on pending_items (tenant_id, assignee_role, status)`,
  `create index pending_items_requested_by on pending_items (tenant_id, requested_by_id, created_at, id)`,
  `create index pending_items_entity on pending_items (tenant_id, entity_type, entity_id)`,
  `create index pending_items_due on pending_items (tenant_id, due_at, id)`,
  `create index pending_items_priority on pending_items (tenant_id, priority, id)`,
  `create index pending_items_status on pending_items (tenant_id, status, created_at, id)`,

  `create table equipment_requests (${baseColumns},
    requester_id text not null,
    equipment_type text not null check (length(equipment_type) > 0),
    specification text not null,
    status text not null default 'requested' check (status in ('requested','approved','rejected','ordered','shipped','delivered','returned')),
    approver_id text,
    ordered_at timestamptz,
    delivered_at timestamptz,
    cost numeric(14,2) check (cost >= 0),
    ${searchText(['equipment_type', 'specification'])},
    primary key (tenant_id, id)
  )`,
  ...commonIndexes('equipment_requests'),
  `create index equipment_requests_requester on equipment_requests (tenant_id, requester_id, created_at, id)`,
  `create index equipment_requests_status on equipment_requests (tenant_id, status, created_at, id)`,

  `create table travel_requests (${baseColumns},
    requester_id text not null,
    purpose text not null,
    destination text not null,
    departure_at timestamptz not null,
    return_at timestamptz not null,
    status text not null default 'requested' check (status in ('requested','approved','rejected','booked','completed','cancelled')),
    approver_id text,
    booked_at timestamptz,
    estimated_cost numeric(14,2) check (estimated_cost >= 0),
    actual_cost numeric(14,2) check (actual_cost >= 0),
    ${searchText(['purpose', 'destination'])},
    primary key (tenant_id, id),
    check (return_at > departure_at)
  )`,
  ...commonIndexes('travel_requests'),
  `create index travel_requests_requester on travel_requests (tenant_id, requester_id, created_at, id)`,
  `create index travel_requests_status on travel_requests (tenant_id, status, created_at, id)`,
  `create index travel_requests_departure on travel_requests (tenant_id, departure_at, id)`,

  `create table approval_steps (
    tenant_id text not null references tenants(id),
    pending_id text not null,
    step_index integer not null check (step_index >= 0),
    entity_type text not null,
    entity_id text not null,
    assignee_id text,
    assignee_role text check (assignee_role in ('employee','manager','hr','it','travel','admin')),
    decision text check (decision in ('approved','rejected')),
    decided_by text,
    decided_at timestamptz,
    comment text,
    created_at timestamptz not null default now(),
    primary key (tenant_id, pending_id, step_index),
    foreign key (tenant_id, pending_id) references pending_items(tenant_id, id),
    check (assignee_id is not null or assignee_role is not null)
  )`,
  `create index approval_steps_assignee on approval_steps (tenant_id, assignee_id, entity_type, entity_id)`,
  `create index approval_steps_entity on approval_steps (tenant_id, entity_type, entity_id)`,

  `create table audit_events (
    tenant_id text not null references tenants(id),
    id text not null,
    entity_type text not null,
    entity_id text not null,
    action text not null,
    actor_id text,
    app_id text,
    source_type text not null,
    changes jsonb not null default '{}'::jsonb,
    comment text,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id)
  )`,
  `create index audit_events_entity on audit_events (tenant_id, entity_type, entity_id, created_at, id)`,

  `create table comments (
    tenant_id text not null references tenants(id),
    id text not null,
    entity_type text not null,
    entity_id text not null,
    author_id text not null,
    body text not null check (length(body) between 1 and 10000),
    created_at timestamptz not null default now(),
    primary key (tenant_id, id)
  )`,
  `create index comments_entity on comments (tenant_id, entity_type, entity_id, created_at, id)`,

  `create table idempotency_keys (
    tenant_id text not null references tenants(id),
    principal text not null,
    key text not null,
    request_hash text not null,
    status_code integer not null,
    response_body jsonb,
    response_headers jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    primary key (tenant_id, principal, key)
  )`,
  `create index idempotency_keys_created on idempotency_keys (tenant_id, created_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = [
    'idempotency_keys', 'comments', 'audit_events', 'approval_steps', 'travel_requests', 'equipment_requests',
    'pending_items', 'hr_requests', 'access_requests', 'integration_keys', 'applications', 'login_emails',
    'people', 'tenants',
  ];
  for (const table of tables) await sql.raw(`drop table if exists ${table} cascade`).execute(db);
}
