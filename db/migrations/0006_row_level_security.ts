/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
/**
 * Row-level security, the second wall under tenant isolation (db/roles.ts names the roles):
 * - opsdesk_app (NOLOGIN, no BYPASSRLS) runs the app's queries; every table with a tenant_id gets forced
 *   RLS and a tenant_isolation policy (rls.ts), and `tenants` shows the app only its own row.
 * - opsdesk_system (NOLOGIN, BYPASSRLS) is the audited cross-tenant context: data privileges on every table
 *   but the migrator's, now and later (default privileges), no ownership and no DDL.
 * - The owner (whoever runs migrations) switches to either with SET ROLE: a non-superuser owner is made a
 *   member of both. Creating a BYPASSRLS role takes a superuser: without one, an administrator creates the
 *   two roles (and grants them to the owner) before the first migration.
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
      if not owner_is_superuser and not pg_has_role(current_user, '${app}', 'MEMBER') then
        execute format('grant ${app} to %I', current_user);
      end if;
      if not owner_is_superuser and not pg_has_role(current_user, '${system}', 'MEMBER') then
        execute format('grant ${system} to %I', current_user);
      end if;
    end $$`.execute(db);

  await inCurrentSchema(db, `grant usage on schema $schema to ${APP_ROLE}, ${SYSTEM_ROLE}`);
  await inCurrentSchema(db, `grant select, insert, update, delete on all tables in schema $schema to ${SYSTEM_ROLE}`);
  await sql`revoke all on kysely_migration, kysely_migration_lock from ${system}`.execute(db);
  await inCurrentSchema(db, `alter default privileges in schema $schema grant select, insert, update, delete on tables to ${SYSTEM_ROLE}`);

  for (const table of await tenantTables(db)) await enableTenantRls(db, table);

  await markLikeLeakproof(db, true);

  // The tenant list: the app reads (and an admin updates the threshold of) its own tenant only.
  await sql`alter table tenants enable row level security`.execute(db);
  await sql`alter table tenants force row level security`.execute(db);
  await sql`create policy tenant_self on tenants using (id = ${currentTenant}) with check (id = ${currentTenant})`.execute(db);
  await sql`grant select, update on tenants to ${app}`.execute(db);
}

/**
 * Under RLS, PostgreSQL uses a query's condition in an index only if its function is LEAKPROOF (or it could
 * see rows the policy hides first). `textlike` (LIKE) is not, so the trigram search index on search_text
 * went unused: a rare-word search of a 300k-row tenant took 133 ms instead of 1.3 ms. Marking it
 * leakproof gives the index back and costs the wall nothing: RLS here guards against a query that forgets
 * its tenant, not against SQL written by an attacker — who, running as the app role, could set
 * app.tenant_id anyway. Only a superuser may do it; without one, search still works, unindexed.
 */
async function markLikeLeakproof(db: Kysely<any>, leakproof: boolean): Promise<void> {
  await sql`do $$ begin
      if (select rolsuper from pg_roles where rolname = current_user) then
        alter function pg_catalog.textlike(text, text) ${sql.raw(leakproof ? 'leakproof' : 'not leakproof')};
      end if;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await markLikeLeakproof(db, false);
  await sql`revoke all on tenants from ${app}`.execute(db);
  await sql`drop policy if exists tenant_self on tenants`.execute(db);
  await sql`alter table tenants no force row level security`.execute(db);
  await sql`alter table tenants disable row level security`.execute(db);
  for (const table of await tenantTables(db)) await disableTenantRls(db, table);
  await inCurrentSchema(db, `alter default privileges in schema $schema revoke select, insert, update, delete on tables from ${SYSTEM_ROLE}`);
  await inCurrentSchema(db, `revoke all on all tables in schema $schema from ${SYSTEM_ROLE}`);
  await inCurrentSchema(db, `revoke usage on schema $schema from ${APP_ROLE}, ${SYSTEM_ROLE}`);
}
