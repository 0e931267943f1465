/**
 * A fingerprint (row counts and order-free row hashes) of everything a tenant owns, read over the test's own (owner) connection with plain SQL —
 * never through the app's TenantDb, so a bug in the app's tenant scoping cannot hide itself here.
 *
 * Every table with a `tenant_id` column is found in the catalogue (a table added later is covered without
 * touching this file), plus the tenant's own row. Left out on purpose:
 * - `security_events`: refusals are logged there by design (a rejected request may write its own record);
 * - columns that a mere authentication touches (`last_used_at`, `last_seen_at`): bookkeeping, not data.
 */
import { expect } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Database } from '@/db/schema';

const EXCLUDED_TABLES = new Set(['security_events']);
const VOLATILE_COLUMNS = ['last_used_at', 'last_seen_at'];

export type Snapshot = Record<string, { rows: number; hash: string }>;

let tablesOf: Promise<{ name: string; columns: string[] }[]> | undefined;
let tablesDb: unknown;

/** Every base table with a tenant_id column, with its columns (less the volatile ones). */
async function tenantTables(db: Kysely<Database>): Promise<{ name: string; columns: string[] }[]> {
  if (!tablesOf || tablesDb !== db) {
    tablesDb = db;
    tablesOf = sql<{ table_name: string; columns: string[] }>`
      select c.table_name, array_agg(c.column_name::text order by c.ordinal_position) as columns
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        and exists (select 1 from information_schema.columns k
                    where k.table_schema = c.table_schema and k.table_name = c.table_name and k.column_name = 'tenant_id')
      group by c.table_name order by c.table_name`
      .execute(db)
      .then((r) =>
        r.rows
          .filter((row) => !EXCLUDED_TABLES.has(row.table_name))
          .map((row) => ({ name: row.table_name, columns: row.columns.filter((c) => !VOLATILE_COLUMNS.includes(c)) })),
      );
  }
  return tablesOf;
}

/**
 * One query for all the tenants given: per tenant and table, the number of rows and an order-free sum of
 * a 64-bit hash of each row's text (cheap enough to take before and after every request of the suite).
 */
export async function snapshotTenants(db: Kysely<Database>, tenantIds: readonly string[]): Promise<Record<string, Snapshot>> {
  const tables = await tenantTables(db);
  const ids = sql`${sql.val([...tenantIds])}::text[]`;
  const parts = tables.map(({ name, columns }) => {
    const row = sql.join(columns.map((c) => sql.ref(`r.${c}`)));
    return sql`select ${name}::text as name, r.tenant_id::text as tenant, count(*)::int as n,
      coalesce(sum(hashtextextended(row(${row})::text, 0)), 0)::text as hash
      from ${sql.table(name)} r where r.tenant_id = any(${ids}) group by r.tenant_id`;
  });
  parts.push(sql`select 'tenants', r.id::text, count(*)::int, coalesce(sum(hashtextextended(r::text, 0)), 0)::text
      from tenants r where r.id = any(${ids}) group by r.id`);
  const { rows } = await sql<{ name: string; tenant: string; n: number; hash: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
  const out: Record<string, Snapshot> = Object.fromEntries(tenantIds.map((id) => [id, {}]));
  for (const r of rows) out[r.tenant][r.name] = { rows: r.n, hash: r.hash };
  // Every test tenant has people: a snapshot that sees none is blind (say, row-level security on this connection).
  for (const id of tenantIds) expect(out[id].people?.rows, `the snapshot connection sees no people of tenant ${id}`).toBeGreaterThan(0);
  return out;
}

export async function snapshotTenant(db: Kysely<Database>, tenantId: string): Promise<Snapshot> {
  return (await snapshotTenants(db, [tenantId]))[tenantId];
}

/** The tables whose rows differ between two snapshots, with their row counts before → after. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((name) => before[name]?.hash !== after[name]?.hash)
    .map((name) => `${name} (${before[name]?.rows ?? 0} → ${after[name]?.rows ?? 0} rows)`);
}

/** Asserts that nothing of the given tenants changed since `before` was taken. */
export async function expectUnchanged(db: Kysely<Database>, before: Record<string, Snapshot>, what: string): Promise<void> {
  const after = await snapshotTenants(db, Object.keys(before));
  for (const [tenantId, snap] of Object.entries(before)) {
    const changed = changedTables(snap, after[tenantId]);
    expect(changed, `${what}: rows of tenant ${tenantId} changed`).toEqual([]);
  }
}
