/**
 * Tenant scoping by construction. The domain never holds a raw Kysely instance: it holds a TenantDb,
 * whose query starters put `tenant_id = <the caller's tenant>` into every select, update and delete and
 * stamp it on every insert. A TenantDb is made only from a Caller (see lib/data/context.ts), so there is
 * no way to read or write a tenant table without one. ESLint forbids importing db/client elsewhere.
 *
 * The second wall: a TenantDb runs on the database *as its tenant* (db/client.ts `asTenant`): the app role,
 * under row-level security with app.tenant_id set to this tenant on the connection before any statement.
 * Its builders, its transactions and raw SQL through `connection` all run that way, so a query that forgets
 * the tenant predicate still sees only this tenant's rows.
 */
import type {
  DeleteQueryBuilder,
  DeleteResult,
  Insertable,
  InsertQueryBuilder,
  InsertResult,
  Kysely,
  KyselyPlugin,
  SelectQueryBuilder,
  Transaction,
  UpdateQueryBuilder,
  UpdateResult,
} from 'kysely';
import { asTenant } from '@/db/client';
import type { Database } from '@/db/schema';

/** Tables that hold one tenant's data (all but the tenant list and the global sign-in directory). */
export type TenantTable = Exclude<keyof Database, 'tenants' | 'login_emails'>;

type Row<T extends TenantTable> = Omit<Insertable<Database[T]>, 'tenant_id'>;

export interface TenantDb {
  readonly tenantId: string;
  readonly isTransaction: boolean;
  selectFrom<T extends TenantTable>(table: T): SelectQueryBuilder<Database, T, object>;
  insertInto<T extends TenantTable>(table: T, values: Row<T> | Row<T>[]): InsertQueryBuilder<Database, T, InsertResult>;
  updateTable<T extends TenantTable>(table: T): UpdateQueryBuilder<Database, T, T, UpdateResult>;
  deleteFrom<T extends TenantTable>(table: T): DeleteQueryBuilder<Database, T, DeleteResult>;
  /** Runs fn in a transaction (or inside the current one). */
  transaction<R>(fn: (tdb: TenantDb) => Promise<R>): Promise<R>;
  /** The tenant's own row (name, threshold). */
  tenant(): SelectQueryBuilder<Database, 'tenants', object>;
  /** Raw SQL over this tenant's connection (row-level security applies), for what Kysely cannot build. */
  readonly connection: Kysely<Database>;
}

/** A TenantDb over an opened database (the handle's `db`, not a transaction: the tenant is set on acquire). */
export function tenantDb(db: Kysely<Database>, tenantId: string): TenantDb {
  if (!tenantId) throw new Error('tenantDb needs a tenant id');
  return bind(asTenant(db, tenantId), tenantId);
}

/** A TenantDb whose statements also pass through a Kysely plugin (lib/data/checked-read.ts). */
export function tenantDbWithPlugin(db: Kysely<Database>, tenantId: string, plugin: KyselyPlugin): TenantDb {
  if (!tenantId) throw new Error('tenantDb needs a tenant id');
  return bind(asTenant(db, tenantId).withPlugin(plugin), tenantId);
}

/** The builders over a tenant's own Kysely instance, or over a transaction opened on it. */
function bind(db: Kysely<Database> | Transaction<Database>, tenantId: string): TenantDb {
  // The builders below are generic over the table name; Kysely cannot type a `${T}.tenant_id` reference
  // for an unresolved T, so the one cast lives here and callers get fully typed builders back.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const anyDb = db as Kysely<any>;
  const self: TenantDb = {
    tenantId,
    isTransaction: db.isTransaction,
    connection: db,
    selectFrom: (table: string) => anyDb.selectFrom(table).where(`${table}.tenant_id`, '=', tenantId),
    insertInto: (table: string, values: object | object[]) => {
      const rows = (Array.isArray(values) ? values : [values]).map((row) => ({ ...row, tenant_id: tenantId }));
      return anyDb.insertInto(table).values(rows);
    },
    updateTable: (table: string) => anyDb.updateTable(table).where(`${table}.tenant_id`, '=', tenantId),
    deleteFrom: (table: string) => anyDb.deleteFrom(table).where(`${table}.tenant_id`, '=', tenantId),
    transaction: <R>(fn: (tdb: TenantDb) => Promise<R>): Promise<R> =>
      db.isTransaction ? fn(self) : db.transaction().execute((trx) => fn(bind(trx, tenantId))),
    tenant: () => db.selectFrom('tenants').where('tenants.id', '=', tenantId),
  } as unknown as TenantDb;
  return self;
}
