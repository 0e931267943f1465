/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';

/**
 * The approvals engine's own data beside the Pending items it projects (engine.md §1–§2):
 * - `pending_items.engine`: set only by the engine, so a client-made item can never pass for one;
 * - `pending_items.blocked_reason`: why an item waits with no eligible approver;
 * - `approval_decisions`: every decision ever made on a chain, kept (marked `voided`) when an edit
 *   restarts the chain, with `on_behalf_of` for delegates and `override` for an admin's decision.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table pending_items add column engine boolean not null default false`.execute(db);
  await sql`alter table pending_items add column blocked_reason text`.execute(db);
  // Items filed before this migration were all made by the engine when they point at an Opsdesk record.
  await sql`update pending_items set engine = true
    where source_type = 'system' and entity_type in ('AccessRequest','HRRequest','Equipment','Travel')`.execute(db);
  await sql`create table approval_decisions (
    tenant_id text not null references tenants(id),
    id text not null,
    pending_id text not null,
    entity_type text not null,
    entity_id text not null,
    step_index integer not null check (step_index >= 0),
    decision text not null check (decision in ('approve','reject')),
    decided_by text not null,
    on_behalf_of text,
    comment text,
    override boolean not null default false,
    voided boolean not null default false,
    decided_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, pending_id) references pending_items(tenant_id, id)
  )`.execute(db);
  await sql`create index approval_decisions_item on approval_decisions (tenant_id, pending_id, decided_at, id)`.execute(db);
  await sql`create index approval_decisions_decider on approval_decisions (tenant_id, decided_by, entity_type, entity_id)`.execute(db);
  await sql`insert into approval_decisions (tenant_id, id, pending_id, entity_type, entity_id, step_index, decision, decided_by, comment, decided_at)
    select tenant_id, 'dec_' || pending_id || '_' || step_index, pending_id, entity_type, entity_id, step_index,
      case decision when 'approved' then 'approve' else 'reject' end, decided_by, comment, decided_at
    from approval_steps where decision is not null and decided_by is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists approval_decisions`.execute(db);
  await sql`alter table pending_items drop column if exists blocked_reason`.execute(db);
  await sql`alter table pending_items drop column if exists engine`.execute(db);
}
