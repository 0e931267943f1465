/**
 * The connection a query runs on always carries its own tenant: across pooled connections handed from one
 * tenant to another (on PGlite, one shared session), concurrent requests of two tenants, errors and
 * rollbacks mid-transaction, nested transactions, and the owner taking a connection back.
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { sessionSwitches } from '@/db/client';
import type { Database } from '@/db/schema';
import { APP_ROLE } from '@/db/roles';
import type { TenantDb } from '@/lib/data/tenant-db';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';

let owner: Kysely<Database>;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  ({ db: owner } = await testDatabase());
  a = await createTestTenant(owner);
  b = await createTestTenant(owner);
});

/** The tenant and role the session of the connection that runs this says it is, and the people it sees. */
async function whoAmI(conn: Kysely<Database>): Promise<{ tenant: string; role: string; people: string[] }> {
  const { rows } = await sql<{ tenant: string; role: string; people: string[] }>`
    select current_setting('app.tenant_id', true) as tenant, current_user as role,
      array(select distinct tenant_id from people) as people`.execute(conn);
  return rows[0];
}

const expected = (t: TestTenant) => ({ tenant: t.tenantId, role: APP_ROLE, people: [t.tenantId] });

describe('the tenant setting of a pooled connection', () => {
  it('is right for each of many concurrent queries and transactions of two tenants', async () => {
    const work = Array.from({ length: 40 }, (_, i) => {
      const t = i % 2 ? a : b;
      const tdb: TenantDb = t.ctx('alice').db;
      const check = i % 4 < 2 ? whoAmI(tdb.connection) : tdb.transaction(async (trx) => {
        const first = await whoAmI(trx.connection);
        await new Promise((resolve) => setTimeout(resolve, 1));
        expect(await whoAmI(trx.connection)).toEqual(first);
        return first;
      });
      return check.then((seen) => expect(seen).toEqual(expected(t)));
    });
    await Promise.all(work);
  });

  it('survives an error and a rollback mid-transaction', async () => {
    await expect(
      a.ctx('alice').db.transaction(async (tdb) => {
        await tdb.deleteFrom('comments').execute();
        await sql`select 1 / 0`.execute(tdb.connection);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await whoAmI(b.ctx('alice').db.connection)).toEqual(expected(b));
    expect(await whoAmI(a.ctx('alice').db.connection)).toEqual(expected(a));
  });

  it('cannot be undone by a rollback of a transaction that changed it', async () => {
    await expect(
      a.ctx('alice').db.transaction(async (tdb) => {
        await sql`select set_config('app.tenant_id', ${b.tenantId}, false)`.execute(tdb.connection);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await whoAmI(a.ctx('alice').db.connection)).toEqual(expected(a));
  });

  it('holds through nested transactions', async () => {
    const seen = await a.ctx('alice').db.transaction((outer) => outer.transaction((inner) => whoAmI(inner.connection)));
    expect(seen).toEqual(expected(a));
  });

  it('is cleared when the owner takes the connection back', async () => {
    await whoAmI(a.ctx('alice').db.connection);
    const { rows } = await sql<{ same: boolean; tenant: string | null }>`
      select current_user = session_user as same, nullif(current_setting('app.tenant_id', true), '') as tenant`.execute(owner);
    expect(rows[0]).toEqual({ same: true, tenant: null });
  });

  it("is not set again while a connection already carries the caller's tenant", async () => {
    const tdb = a.ctx('alice').db;
    // Serial queries of one tenant on a pool: after the first touch of each connection, no switch at all.
    for (let i = 0; i < 10; i++) await tdb.selectFrom('people').select('id').limit(1).execute();
    const before = sessionSwitches(owner);
    for (let i = 0; i < 20; i++) await tdb.selectFrom('people').select('id').limit(1).execute();
    expect(sessionSwitches(owner)).toBe(before);
  });
});
