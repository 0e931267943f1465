/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
import { sql, type Kysely } from 'kysely';
import { disableTenantRls, enableTenantRls } from './rls';

const HR_TYPES = `('employment_letter','certificate','verification','document','other')`;

/**
 * HR documents (engine.md §7, issue 12):
 * - `document_templates`: every saved version of a tenant's template per HR request type (title, body with
 *   placeholders, language, a named signatory); the newest version is the one in use. A type with no row
 *   uses the built-in default (version 0).
 * - `document_letterheads`: the tenant's letterhead (postal address, logo) printed on every document.
 * - `documents`: each issued document, immutable once written but for its revocation; the verification
 *   code is unique across tenants (the public verify page looks it up through the system context).
 * - `document_files`: the PDF bytes when the database is the store (the default; S3 otherwise).
 * - `verification_lookups`: the public verify endpoint's rate limit per client address (not tenant data).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table document_templates (
    tenant_id text not null references tenants(id),
    type text not null check (type in ${sql.raw(HR_TYPES)}),
    version integer not null check (version > 0),
    title text not null,
    body text not null,
    language text not null default 'en',
    signer_id text,
    signer_title text,
    created_by text,
    created_at timestamptz not null,
    primary key (tenant_id, type, version),
    foreign key (tenant_id, signer_id) references people(tenant_id, id)
  )`.execute(db);
  await enableTenantRls(db, 'document_templates');

  await sql`create table document_letterheads (
    tenant_id text not null references tenants(id),
    address text not null default '',
    logo bytea,
    logo_type text check (logo_type in ('image/png','image/jpeg')),
    updated_by text,
    updated_at timestamptz not null,
    primary key (tenant_id)
  )`.execute(db);
  await enableTenantRls(db, 'document_letterheads');

  await sql`create table documents (
    tenant_id text not null references tenants(id),
    id text not null,
    hr_request_id text not null,
    person_id text not null,
    person_name text not null,
    issuer_name text not null,
    document_type text not null check (document_type in ${sql.raw(HR_TYPES)}),
    template_version integer not null,
    language text not null,
    title text not null,
    verification_code text not null,
    storage text not null check (storage in ('database','s3')),
    storage_key text not null,
    byte_size integer not null,
    sha256 text not null,
    signer_name text not null,
    signer_title text,
    issued_by text not null,
    issued_at timestamptz not null,
    revoked_at timestamptz,
    revoked_by text,
    primary key (tenant_id, id),
    foreign key (tenant_id, person_id) references people(tenant_id, id)
  )`.execute(db);
  await enableTenantRls(db, 'documents');
  await sql`create unique index documents_verification_code on documents (verification_code)`.execute(db);
  await sql`create index documents_request on documents (tenant_id, hr_request_id, issued_at desc)`.execute(db);

  await sql`create table document_files (
    tenant_id text not null references tenants(id),
    key text not null,
    content bytea not null,
    content_type text not null,
    created_at timestamptz not null,
    primary key (tenant_id, key)
  )`.execute(db);
  await enableTenantRls(db, 'document_files');

  await sql`create table verification_lookups (
    id text primary key,
    address text not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index verification_lookups_address on verification_lookups (address, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists verification_lookups`.execute(db);
  for (const table of ['document_files', 'documents', 'document_letterheads', 'document_templates']) {
    await disableTenantRls(db, table).catch(() => undefined);
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
