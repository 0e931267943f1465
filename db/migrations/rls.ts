/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are typed Kysely<any> so they stay frozen in time */
/**
 * Row-level security for migrations. Every table with a `tenant_id` column must call `enableTenantRls`
 * right after creating it (tests/integration/rls-catalogue.test.ts fails otherwise): RLS enabled and
 * forced, one policy that admits only the rows of the session's tenant (app.tenant_id, set by the data
 * layer; unset or empty matches nothing), and the app role's data privileges. The system role gets every
 * new table through default privileges (0006).
 */
import { sql, type Kysely } from 'kysely';
import { APP_ROLE, CURRENT_TENANT_SQL } from '../roles';

/** The session's tenant, or NULL when none is set — so a missing tenant fails closed. */
export const currentTenant = sql.raw(CURRENT_TENANT_SQL);

export async function enableTenantRls(db: Kysely<any>, table: string): Promise<void> {
  const t = sql.table(table);
  await sql`alter table ${t} enable row level security`.execute(db);
  await sql`alter table ${t} force row level security`.execute(db);
  await sql`drop policy if exists tenant_isolation on ${t}`.execute(db);
  await sql`create policy tenant_isolation on ${t} using (tenant_id = ${currentTenant}) with check (tenant_id = ${currentTenant})`.execute(db);
  await sql`grant select, insert, update, delete on ${t} to ${sql.raw(APP_ROLE)}`.execute(db);
}

/** The inverse, for a migration's `down`. */
export async function disableTenantRls(db: Kysely<any>, table: string): Promise<void> {
  const t = sql.table(table);
  await sql`revoke all on ${t} from ${sql.raw(APP_ROLE)}`.execute(db);
  await sql`drop policy if exists tenant_isolation on ${t}`.execute(db);
  await sql`alter table ${t} no force row level security`.execute(db);
  await sql`alter table ${t} disable row level security`.execute(db);
}

/** Tables of the current schema that have a `tenant_id` column. */
export async function tenantTables(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
    order by c.table_name`.execute(db);
  return rows.map((r) => r.table_name);
}
