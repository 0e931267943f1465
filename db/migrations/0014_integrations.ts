/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';
import { disableTenantRls, enableTenantRls } from './rls';

/**
 * Integrations (engine.md §6):
 * - `pending_items.outcome`: how an approval item ended (`approved` | `rejected`), set by its final decision;
 * - `webhook_endpoints`: where a tenant (or one integration's `app_id`) wants events delivered, the events
 *   it chose, its signing secret (`whsec_…`), and the run of consecutive failed deliveries that disables it;
 * - `webhook_deliveries`: one row per event and endpoint, the delivery log (status, response code and a
 *   short excerpt, duration, attempts), delivered by the `webhook.deliver` job.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await setNotificationKind(db, 'webhook_disabled', true);
  await sql`alter table pending_items add column outcome text check (outcome in ('approved','rejected'))`.execute(db);

  await sql`create table webhook_endpoints (
    tenant_id text not null references tenants(id),
    id text not null,
    app_id text,
    url text not null,
    description text not null default '',
    events text[] not null,
    secret text not null,
    enabled boolean not null default true,
    disabled_reason text,
    consecutive_failures integer not null default 0,
    created_by text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (tenant_id, id)
  )`.execute(db);
  await enableTenantRls(db, 'webhook_endpoints');
  await sql`create index webhook_endpoints_app on webhook_endpoints (tenant_id, app_id)`.execute(db);

  await sql`create table webhook_deliveries (
    tenant_id text not null references tenants(id),
    id text not null,
    endpoint_id text not null,
    event_type text not null,
    payload jsonb not null,
    status text not null default 'pending' check (status in ('pending','succeeded','failed')),
    response_status integer,
    response_excerpt text,
    error text,
    attempts integer not null default 0,
    duration_ms integer,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, endpoint_id) references webhook_endpoints(tenant_id, id) on delete cascade
  )`.execute(db);
  await enableTenantRls(db, 'webhook_deliveries');
  await sql`create index webhook_deliveries_log on webhook_deliveries (tenant_id, endpoint_id, created_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await disableTenantRls(db, 'webhook_deliveries').catch(() => undefined);
  await sql`drop table if exists webhook_deliveries`.execute(db);
  await disableTenantRls(db, 'webhook_endpoints').catch(() => undefined);
  await sql`drop table if exists webhook_endpoints`.execute(db);
  await sql`alter table pending_items drop column if exists outcome`.execute(db);
  await sql`delete from notifications where kind = 'webhook_disabled'`.execute(db);
  await setNotificationKind(db, 'webhook_disabled', false);
}

/**
 * Adds (or removes) one kind to the notifications' kind CHECK, keeping whatever kinds other migrations
 * added: the constraint is read and rebuilt rather than restated.
 */
async function setNotificationKind(db: Kysely<any>, kind: string, present: boolean): Promise<void> {
  const { rows } = await sql<{ name: string; def: string }>`
    select c.conname as name, pg_get_constraintdef(c.oid) as def from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace and n.nspname = current_schema()
    where t.relname = 'notifications' and c.contype = 'c' and pg_get_constraintdef(c.oid) like '%kind%'`.execute(db);
  const found = rows[0];
  if (!found) return;
  const kinds = new Set([...found.def.matchAll(/'([^']*)'::text/g)].map((m) => m[1]));
  if (present) kinds.add(kind);
  else kinds.delete(kind);
  const list = [...kinds].map((k) => `'${k.replace(/'/g, "''")}'`).join(',');
  await sql`alter table notifications drop constraint ${sql.id(found.name)}`.execute(db);
  await sql`alter table notifications add constraint ${sql.id(found.name)} check (kind in (${sql.raw(list)}))`.execute(db);
}
