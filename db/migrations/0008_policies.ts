/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';
import { disableTenantRls, enableTenantRls } from './rls';

/**
 * Approval policies, delegation and asking for information (engine.md §1, §3):
 * - `approval_policies`: each tenant's versioned chain per record type (every PUT is a new version);
 * - `approval_steps`: the policy step each chain step came from, its N-of-M rule and the people it was
 *   resolved to at filing (null for a role step: the role's holders, read when deciding);
 * - `pending_items`: the policy version its chain started with, the people the current step waits on,
 *   and who asked the requester a question (the item waits blocked until they answer);
 * - `delegations`: "away until Friday, Bob decides for me".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table approval_policies (
    tenant_id text not null references tenants(id),
    resource text not null check (resource in ('access-requests','equipment','travel','hr-requests')),
    version integer not null check (version >= 1),
    steps jsonb not null check (jsonb_typeof(steps) = 'array'),
    created_by text,
    created_at timestamptz not null default now(),
    primary key (tenant_id, resource, version)
  )`.execute(db);
  await enableTenantRls(db, 'approval_policies');

  await sql`alter table approval_steps add column approver jsonb`.execute(db);
  await sql`alter table approval_steps add column min_approvals integer not null default 1 check (min_approvals >= 1)`.execute(db);
  await sql`alter table approval_steps add column eligible_ids text[]`.execute(db);
  await sql`create index approval_steps_eligible on approval_steps using gin (tenant_id, eligible_ids)`.execute(db);
  // A step may now wait on several named people (a group, a system's owners) with neither one assignee nor a role.
  await sql`alter table approval_steps drop constraint if exists approval_steps_check`.execute(db);
  await sql`alter table approval_steps add constraint approval_steps_assigned check (assignee_id is not null or assignee_role is not null or eligible_ids is not null)`.execute(db);

  await sql`alter table pending_items add column policy_version integer`.execute(db);
  await sql`alter table pending_items add column candidate_ids text[]`.execute(db);
  await sql`alter table pending_items add column info_requested_by text`.execute(db);
  await sql`create index pending_items_candidates on pending_items using gin (tenant_id, candidate_ids)`.execute(db);

  await sql`create table delegations (
    tenant_id text not null references tenants(id),
    id text not null,
    delegator_id text not null,
    delegate_id text not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    ended_at timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, delegator_id) references people(tenant_id, id),
    foreign key (tenant_id, delegate_id) references people(tenant_id, id),
    check (ends_at > starts_at),
    check (delegator_id <> delegate_id)
  )`.execute(db);
  await enableTenantRls(db, 'delegations');
  // One live delegation per person: a new one replaces the old (ended_at is set on it).
  await sql`create unique index delegations_live on delegations (tenant_id, delegator_id) where ended_at is null`.execute(db);
  await sql`create index delegations_delegate on delegations (tenant_id, delegate_id) where ended_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await disableTenantRls(db, 'delegations').catch(() => undefined);
  await sql`drop table if exists delegations`.execute(db);
  await sql`alter table pending_items drop column if exists info_requested_by`.execute(db);
  await sql`alter table pending_items drop column if exists candidate_ids`.execute(db);
  await sql`alter table pending_items drop column if exists policy_version`.execute(db);
  await sql`alter table approval_steps drop column if exists eligible_ids`.execute(db);
  await sql`alter table approval_steps drop column if exists min_approvals`.execute(db);
  await sql`alter table approval_steps drop column if exists approver`.execute(db);
  await disableTenantRls(db, 'approval_policies').catch(() => undefined);
  await sql`drop table if exists approval_policies`.execute(db);
}
