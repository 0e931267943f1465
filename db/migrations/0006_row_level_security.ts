/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
/**
 * Row-level security, the second wall under tenant isolation (db/roles.ts names the roles):
 * - opsdesk_app (NOLOGIN, no BYPASSRLS) runs the app's queries; every table with a tenant_id gets forced
 *   RLS and a tenant_isolation policy (rls.ts), and `tenants` shows the app only its own row.
 * - opsdesk_system (NOLOGIN, BYPASSRLS) is the audited cross-tenant context: data privileges on every table
 *   but the migrator's, now and later (default privileges), no ownership and no DDL.
 * - The owner (whoever runs migrations) switches to either with SET ROLE: a non-superuser owner is made a
 *   member of both.
 * Roles are cluster-wide and may serve other databases, so they are created only when missing and `down`
 * revokes this database's grants but keeps the roles.
 */
import { sql, type Kysely } from 'kysely';
import { APP_ROLE, SYSTEM_ROLE } from '../roles';
import { currentTenant, disableTenantRls, enableTenantRls, tenantTables } from './rls';

const app = sql.raw(APP_ROLE);
const system = sql.raw(SYSTEM_ROLE);

async function inCurrentSchema(db: Kysely<any>, statement: string): Promise<void> {
  // GRANT … IN SCHEMA and ALTER DEFAULT PRIVILEGES take a name, not an expression.
  const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(db);
  await sql.raw(statement.replaceAll('$schema', `"${rows[0].s.replaceAll('"', '""')}"`)).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`do $$
    declare owner_is_superuser boolean := (select rolsuper from pg_roles where rolname = current_user);
    begin
      if not exists (select 1 from pg_roles where rolname = '${app}') then
        create role ${app} nologin nosuperuser nobypassrls;
      end if;
      if not exists (select 1 from pg_roles where rolname = '${system}') then
        create role ${system} nologin nosuperuser bypassrls;
      end if;
      if not owner_is_superuser then
        execute format('grant ${app}, ${system} to %I', current_user);
      end if;
    end $$`.execute(db);

  await inCurrentSchema(db, `grant usage on schema $schema to ${APP_ROLE}, ${SYSTEM_ROLE}`);
  await inCurrentSchema(db, `grant select, insert, update, delete on all tables in schema $schema to ${SYSTEM_ROLE}`);
  await sql`revoke all on kysely_migration, kysely_migration_lock from ${system}`.execute(db);
  await inCurrentSchema(db, `alter default privileges in schema $schema grant select, insert, update, delete on tables to ${SYSTEM_ROLE}`);

  for (const table of await tenantTables(db)) await enableTenantRls(db, table);

  // The tenant list: the app reads (and an admin updates the threshold of) its own tenant only.
  await sql`alter table tenants enable row level security`.execute(db);
  await sql`alter table tenants force row level security`.execute(db);
  await sql`create policy tenant_self on tenants using (id = ${currentTenant}) with check (id = ${currentTenant})`.execute(db);
  await sql`grant select, update on tenants to ${app}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`revoke all on tenants from ${app}`.execute(db);
  await sql`drop policy if exists tenant_self on tenants`.execute(db);
  await sql`alter table tenants no force row level security`.execute(db);
  await sql`alter table tenants disable row level security`.execute(db);
  for (const table of await tenantTables(db)) await disableTenantRls(db, table);
  await inCurrentSchema(db, `alter default privileges in schema $schema revoke select, insert, update, delete on tables from ${SYSTEM_ROLE}`);
  await inCurrentSchema(db, `revoke all on all tables in schema $schema from ${SYSTEM_ROLE}`);
  await inCurrentSchema(db, `revoke usage on schema $schema from ${APP_ROLE}, ${SYSTEM_ROLE}`);
}
