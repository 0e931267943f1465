/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';
import { disableTenantRls, enableTenantRls } from './rls';

/**
 * SLAs, reminders, escalation and access expiry (engine.md §4):
 * - `sla_settings`: a tenant's SLA hours per resource and its business calendar (one row; none = defaults);
 * - `pending_items`: the clock of the current step or desk task — `sla_started_at` (held since),
 *   `remind_at` (50 %), `due_at` (100 %, already a column), `sla_paused_at` (while an answer is awaited),
 *   `sla_cycle` (a new clock on each step, restart; a reminder belongs to one cycle);
 * - `time_notices`: what was sent once and never again (a reminder of one cycle, an expiry warning of one
 *   `expires_at`, a revocation): the unique key, not a job, is what makes each one exactly once whatever the
 *   number of server instances.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table sla_settings (
    tenant_id text not null references tenants(id),
    settings jsonb not null check (jsonb_typeof(settings) = 'object'),
    updated_by text,
    updated_at timestamptz not null default now(),
    primary key (tenant_id)
  )`.execute(db);
  await enableTenantRls(db, 'sla_settings');

  await sql`alter table pending_items add column sla_started_at timestamptz`.execute(db);
  await sql`alter table pending_items add column remind_at timestamptz`.execute(db);
  await sql`alter table pending_items add column sla_paused_at timestamptz`.execute(db);
  await sql`alter table pending_items add column sla_cycle integer not null default 0`.execute(db);

  await sql`create table time_notices (
    tenant_id text not null references tenants(id),
    subject_id text not null,
    notice text not null check (length(notice) between 1 and 200),
    sent_at timestamptz not null,
    primary key (tenant_id, subject_id, notice)
  )`.execute(db);
  await enableTenantRls(db, 'time_notices');
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['time_notices', 'sla_settings']) {
    await disableTenantRls(db, table).catch(() => undefined);
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  for (const column of ['sla_cycle', 'sla_paused_at', 'remind_at', 'sla_started_at']) {
    await sql`alter table pending_items drop column if exists ${sql.ref(column)}`.execute(db);
  }
}
