/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';
import { disableTenantRls, enableTenantRls } from './rls';

/**
 * The people lifecycle (engine.md §3a, issue 15):
 * - `people.deactivated_at` / `deactivated_by`: when and by whom a person was offboarded (null while active);
 *   `people.scim_external_id`: the identity provider's own id for the person (SCIM `externalId`).
 * - `offboardings`: what deactivation did, per person (the checklist's "done" half; what remains is read
 *   live from the records).
 * - `person_links`: single-use links by email — invitations (7 days) and password resets (1 hour) — stored
 *   only as a SHA-256 of a 256-bit token.
 * - `people_settings`: per tenant, the just-in-time SSO domain and the SCIM bearer token (hashed).
 * - `email_messages.kind` gains `invitation` and `password_reset`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table people add column deactivated_at timestamptz`.execute(db);
  await sql`alter table people add column deactivated_by text`.execute(db);
  await sql`alter table people add column scim_external_id text`.execute(db);

  await sql`create table offboardings (
    tenant_id text not null references tenants(id),
    person_id text not null,
    started_at timestamptz not null,
    started_by text,
    summary jsonb not null default '{}'::jsonb,
    primary key (tenant_id, person_id),
    foreign key (tenant_id, person_id) references people(tenant_id, id)
  )`.execute(db);
  await enableTenantRls(db, 'offboardings');

  await sql`create table person_links (
    tenant_id text not null references tenants(id),
    id text not null,
    person_id text not null,
    kind text not null check (kind in ('invitation', 'password_reset')),
    token_hash text not null,
    created_by text,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    revoked_at timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, person_id) references people(tenant_id, id)
  )`.execute(db);
  await enableTenantRls(db, 'person_links');
  await sql`create unique index person_links_token on person_links (token_hash)`.execute(db);
  await sql`create index person_links_person on person_links (tenant_id, person_id, kind, created_at desc)`.execute(db);

  await sql`create table people_settings (
    tenant_id text not null references tenants(id),
    jit_domain text,
    scim_token_hash text,
    scim_token_created_at timestamptz,
    scim_token_created_by text,
    scim_token_last_used_at timestamptz,
    updated_at timestamptz not null default now(),
    primary key (tenant_id)
  )`.execute(db);
  await enableTenantRls(db, 'people_settings');
  await sql`create unique index people_settings_scim_token on people_settings (scim_token_hash) where scim_token_hash is not null`.execute(db);
  // One domain belongs to one organisation: a verified email must never be able to land in two.
  await sql`create unique index people_settings_jit_domain on people_settings (jit_domain) where jit_domain is not null`.execute(db);

  await sql`alter table email_messages drop constraint if exists email_messages_kind_check`.execute(db);
  await sql`alter table email_messages add constraint email_messages_kind_check check (kind in ('notification','digest','invitation','password_reset'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table email_messages drop constraint if exists email_messages_kind_check`.execute(db);
  await sql`alter table email_messages add constraint email_messages_kind_check check (kind in ('notification','digest'))`.execute(db);
  for (const table of ['people_settings', 'person_links', 'offboardings']) {
    await disableTenantRls(db, table).catch(() => undefined);
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`alter table people drop column if exists scim_external_id`.execute(db);
  await sql`alter table people drop column if exists deactivated_by`.execute(db);
  await sql`alter table people drop column if exists deactivated_at`.execute(db);
}
