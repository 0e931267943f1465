/**
 * The second wall: row-level security. Queries with no tenant predicate at all, run through a tenant's
 * own connection (TenantDb.connection), see and touch only that tenant's rows; the system context reads
 * across tenants without being the owner. Runs on PGlite and on PostgreSQL alike.
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { APP_ROLE, SYSTEM_ROLE } from '@/db/roles';
import { travel } from '@/lib/operations/registry';
import { createRecord } from '@/lib/operations/service';
import { systemDb } from '@/lib/data/system';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';

let owner: Kysely<Database>;
let a: TestTenant;
let b: TestTenant;

const trip = (purpose: string) => ({
  purpose,
  destination: 'Berlin',
  departure_at: '2027-03-01T08:00:00Z',
  return_at: '2027-03-03T18:00:00Z',
  estimated_cost: 300,
});

beforeAll(async () => {
  ({ db: owner } = await testDatabase());
  a = await createTestTenant(owner);
  b = await createTestTenant(owner);
  // Each trip also makes its approval item (pending_items) through the engine.
  for (const t of [a, b]) await createRecord(t.ctx('alice'), travel, trip(`Trip of ${t.slug}`));
});

async function ownerCount(table: 'travel_requests' | 'pending_items', tenantId: string): Promise<number> {
  const row = await owner.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('a query with no tenant predicate, through a tenant connection', () => {
  it("sees only that tenant's rows, outside and inside a transaction", async () => {
    const tdb = a.ctx('alice').db;
    const { rows } = await sql<{ tenant_id: string; purpose: string }>`select * from travel_requests`.execute(tdb.connection);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([a.tenantId]));
    expect(rows.map((r) => r.purpose)).not.toContain(`Trip of ${b.slug}`);

    const count = async (conn: Kysely<Database>) =>
      Number((await sql<{ n: number }>`select count(*)::int as n from pending_items`.execute(conn)).rows[0].n);
    expect(await ownerCount('pending_items', a.tenantId)).toBeGreaterThan(0);
    expect(await count(tdb.connection)).toBe(await ownerCount('pending_items', a.tenantId));
    expect(await tdb.transaction((inner) => count(inner.connection))).toBe(await ownerCount('pending_items', a.tenantId));
    // The owner (a superuser in tests) sees both tenants: the wall is the role, not the query.
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from pending_items`.execute(owner)).rows[0].n)).toBeGreaterThan(
      await ownerCount('pending_items', a.tenantId),
    );
  });

  it("updates and deletes only that tenant's rows", async () => {
    const tdb = b.ctx('alice').db;
    const updated = await sql`update travel_requests set destination = destination`.execute(tdb.connection);
    expect(Number(updated.numAffectedRows)).toBe(await ownerCount('travel_requests', b.tenantId));
    const deleted = await sql`delete from comments where body = 'never written'`.execute(tdb.connection);
    expect(Number(deleted.numAffectedRows)).toBe(0);
  });

  it("cannot write a row into another tenant (WITH CHECK), nor move one there", async () => {
    const tdb = a.ctx('alice').db;
    await expect(
      sql`insert into comments (tenant_id, id, entity_type, entity_id, author_id, body) values (${b.tenantId}, 'com_x', 'Travel', 'trv_x', ${a.people.alice.id}, 'hi')`.execute(tdb.connection),
    ).rejects.toThrow(/row-level security/);
    await expect(sql`update travel_requests set tenant_id = ${b.tenantId}`.execute(tdb.connection)).rejects.toThrow(/row-level security/);
  });

  it('reads only its own row of the tenant list', async () => {
    const { rows } = await sql<{ id: string }>`select id from tenants`.execute(a.ctx('alice').db.connection);
    expect(rows.map((r) => r.id)).toEqual([a.tenantId]);
    expect((await a.ctx('alice').db.tenant().select('id').execute()).map((r) => r.id)).toEqual([a.tenantId]);
  });

  it('runs as the app role, which owns nothing and cannot bypass row-level security', async () => {
    const { rows } = await sql<{ role: string; tenant: string; bypass: boolean; superuser: boolean }>`
      select current_user as role, current_setting('app.tenant_id') as tenant, r.rolbypassrls as bypass, r.rolsuper as superuser
      from pg_roles r where r.rolname = current_user`.execute(a.ctx('alice').db.connection);
    expect(rows[0]).toEqual({ role: APP_ROLE, tenant: a.tenantId, bypass: false, superuser: false });
    await expect(sql`create table rls_probe (id int)`.execute(a.ctx('alice').db.connection)).rejects.toThrow(/permission denied/);
    await expect(sql`alter table travel_requests disable row level security`.execute(a.ctx('alice').db.connection)).rejects.toThrow(/owner/);
  });

  it('fails closed when the tenant setting is missing', async () => {
    const seen = await a.ctx('alice').db.transaction(async (tdb) => {
      await sql`select set_config('app.tenant_id', '', true)`.execute(tdb.connection);
      return (await sql<{ n: number }>`select count(*)::int as n from travel_requests`.execute(tdb.connection)).rows[0].n;
    });
    expect(seen).toBe(0);
  });
});

describe('the system context', () => {
  it('reads across tenants as a role that is neither owner nor superuser', async () => {
    const db = await systemDb('health');
    const { rows } = await sql<{ role: string; superuser: boolean; owns: number }>`
      select current_user as role, r.rolsuper as superuser,
        (select count(*)::int from pg_class c where c.relowner = r.oid) as owns
      from pg_roles r where r.rolname = current_user`.execute(db);
    expect(rows[0]).toEqual({ role: SYSTEM_ROLE, superuser: false, owns: 0 });
    const tenants = await db.selectFrom('travel_requests').select('tenant_id').distinct().where('tenant_id', 'in', [a.tenantId, b.tenantId]).execute();
    expect(tenants).toHaveLength(2);
    await expect(sql`create table rls_probe (id int)`.execute(db)).rejects.toThrow(/permission denied/);
    await expect(sql`drop table travel_requests`.execute(db)).rejects.toThrow(/owner/);
  });
});
