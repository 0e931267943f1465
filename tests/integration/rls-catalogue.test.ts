/**
 * The catalogue check: every table with a tenant_id column has row-level security enabled and forced and
 * a policy on app.tenant_id, so a table added by a later migration cannot forget it (db/migrations/rls.ts
 * `enableTenantRls`). Also: the roles are what the design says they are.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { APP_ROLE, SYSTEM_ROLE } from '@/db/roles';
import { enableTenantRls } from '@/db/migrations/rls';
import { testDatabase } from '../support/database';

let owner: Kysely<Database>;

beforeAll(async () => {
  ({ db: owner } = await testDatabase());
});

/** Tables with a tenant_id column that lack ENABLE or FORCE row-level security or a tenant policy. */
async function tablesWithoutTenantRls(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ table: string }>`
    select c.relname as table
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
    where c.relkind in ('r', 'p')
      and exists (select 1 from information_schema.columns col
                  where col.table_schema = n.nspname and col.table_name = c.relname and col.column_name = 'tenant_id')
      and not (
        c.relrowsecurity and c.relforcerowsecurity
        and exists (select 1 from pg_policies p
                    where p.schemaname = n.nspname and p.tablename = c.relname and p.cmd = 'ALL'
                      and p.permissive = 'PERMISSIVE'
                      and p.qual like '%tenant_id = NULLIF(current_setting(''app.tenant_id''::text, true), ''''::text)%'
                      and p.with_check like '%tenant_id = NULLIF(current_setting(''app.tenant_id''::text, true), ''''::text)%')
      )
    order by 1`.execute(db);
  return rows.map((r) => r.table);
}

describe('row-level security in the catalogue', () => {
  it('covers every table that has a tenant_id column', async () => {
    expect(await tablesWithoutTenantRls(owner)).toEqual([]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.columns
      where table_schema = current_schema() and column_name = 'tenant_id'`.execute(owner);
    expect(rows[0].n).toBeGreaterThanOrEqual(12);
  });

  it('catches a tenant table created without it, and enableTenantRls fixes it', async () => {
    const table = `rls_probe_${randomBytes(4).toString('hex')}`;
    await sql`create table ${sql.table(table)} (tenant_id text not null, id text not null, primary key (tenant_id, id))`.execute(owner);
    try {
      expect(await tablesWithoutTenantRls(owner)).toContain(table);
      await sql`alter table ${sql.table(table)} enable row level security`.execute(owner);
      expect(await tablesWithoutTenantRls(owner)).toContain(table);
      await enableTenantRls(owner, table);
      expect(await tablesWithoutTenantRls(owner)).not.toContain(table);
    } finally {
      await sql`drop table ${sql.table(table)}`.execute(owner);
    }
  });

  it('limits the tenant list to the own row too', async () => {
    const { rows } = await sql<{ rls: boolean; force: boolean; policies: number }>`
      select c.relrowsecurity as rls, c.relforcerowsecurity as force,
        (select count(*)::int from pg_policies p where p.schemaname = current_schema() and p.tablename = 'tenants') as policies
      from pg_class c where c.oid = 'tenants'::regclass`.execute(owner);
    expect(rows[0]).toEqual({ rls: true, force: true, policies: 1 });
  });

  it('keeps LIKE indexable under row-level security (textlike leakproof, for the trigram search index)', async () => {
    const { rows } = await sql<{ leakproof: boolean }>`select proleakproof as leakproof from pg_proc where oid = 'pg_catalog.textlike(text, text)'::regprocedure`.execute(owner);
    expect(rows[0].leakproof).toBe(true);
  });

  it('gives the app role no way around it, and the system role no ownership', async () => {
    const { rows } = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean; owns: number }>`
      select r.rolname, r.rolsuper, r.rolbypassrls, r.rolcanlogin,
        (select count(*)::int from pg_class c where c.relowner = r.oid) as owns
      from pg_roles r where r.rolname in (${APP_ROLE}, ${SYSTEM_ROLE}) order by r.rolname`.execute(owner);
    expect(rows).toEqual([
      { rolname: APP_ROLE, rolsuper: false, rolbypassrls: false, rolcanlogin: false, owns: 0 },
      { rolname: SYSTEM_ROLE, rolsuper: false, rolbypassrls: true, rolcanlogin: false, owns: 0 },
    ]);
  });
});
