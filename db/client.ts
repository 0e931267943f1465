/**
 * The one Kysely factory. With a connection string it runs on PostgreSQL through a `pg` pool; without
 * one it runs on PGlite (PostgreSQL compiled to WASM) in a data folder, through PGlite's node-postgres
 * adapter, so both use Kysely's PostgreSQL dialect and behave the same.
 *
 * The handle's `db` is the owner (migrations, seed, CLI). The app's queries run through `asTenant` (the app
 * role, under row-level security for one tenant) or `asSystem` (the audited cross-tenant role): Kysely
 * instances over the same pool that set each connection's role and tenant as they take it (session-driver.ts).
 */
import { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';
import { principalDialect, SessionPool, type Principal } from './session-driver';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** PostgreSQL connection string. Absent: embedded PGlite. */
  url?: string;
  /** PGlite data folder; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  max?: number;
}

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

const NUMERIC_OID = 1700;
const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;
const DATE_OID = 1082;

/** PostgreSQL's text form of a timestamptz in a UTC session: `2026-11-30 09:00:00.12345+00`. */
const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))?\+00$/;

/**
 * A timestamp as ISO 8601 UTC with milliseconds (what `Date#toISOString` gives). The UTC form is rewritten
 * as text — every timestamp of every row went through `new Date` before (issue 13: a visible share of a
 * list page's CPU, Next replaces the global Date with a slower wrapper), and Date reads a year below 100 as
 * 19xx/20xx; anything else (another session time zone, BC, years past 9999) still goes through Date.
 */
export function timestampToIso(value: string): string {
  const utc = UTC_TIMESTAMP.exec(value);
  if (utc) return `${utc[1]}T${utc[2]}.${utc[3] === undefined ? '000' : `${utc[3]}00`.slice(0, 3)}Z`;
  return new Date(value).toISOString();
}

/** numeric → number, timestamps → ISO 8601 UTC strings; everything else as pg parses it. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === NUMERIC_OID) return (value: string) => Number(value);
    if (oid === TIMESTAMPTZ_OID || oid === TIMESTAMP_OID) return timestampToIso;
    if (oid === DATE_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/** The principals' Kysely instances of each opened database, found from its owner instance. */
interface Principals {
  sessions: SessionPool;
  system: Kysely<Database>;
  tenants: Map<string, Kysely<Database>>;
}
// On globalThis, like the database itself (db/index.ts): Next's bundle and the server's each load this
// module, and a handle opened by one must be found by the other.
const REGISTRY = Symbol.for('opsdesk.database.principals');
const principals: WeakMap<Kysely<Database>, Principals> = ((globalThis as Record<symbol, unknown>)[REGISTRY] ??= new WeakMap()) as WeakMap<
  Kysely<Database>,
  Principals
>;
/** Tenant instances kept for reuse (a Kysely is cheap, but a request should not build one). */
const TENANT_CACHE = 1000;

function kyselyFor(sessions: SessionPool, principal: Principal): Kysely<Database> {
  return new Kysely<Database>({ dialect: principalDialect(sessions, principal) });
}

function principalsOf(db: Kysely<Database>): Principals {
  const found = principals.get(db);
  if (!found) throw new Error('expected the database handle from openDatabase, not a transaction or a derived instance');
  return found;
}

/** The database as one tenant: the app role, row-level security on `tenant_id` = tenantId. */
export function asTenant(db: Kysely<Database>, tenantId: string): Kysely<Database> {
  if (!tenantId) throw new Error('a tenant id is required');
  const { sessions, tenants } = principalsOf(db);
  let bound = tenants.get(tenantId);
  if (bound) {
    // Most recently used last, so the oldest is evicted first.
    tenants.delete(tenantId);
  } else {
    bound = kyselyFor(sessions, { kind: 'tenant', tenantId });
    if (tenants.size >= TENANT_CACHE) tenants.delete(tenants.keys().next().value as string);
  }
  tenants.set(tenantId, bound);
  return bound;
}

/** The database as the system context (cross-tenant, no ownership). Only lib/data/system.ts calls this. */
export function asSystem(db: Kysely<Database>): Kysely<Database> {
  return principalsOf(db).system;
}

/** How many times a pooled connection was switched to another principal (tests, benchmarks). */
export function sessionSwitches(db: Kysely<Database>): number {
  return principalsOf(db).sessions.switches;
}

function wrap(pool: pg.Pool, systemPool?: pg.Pool): Kysely<Database> {
  const sessions = new SessionPool(pool, systemPool);
  const db = kyselyFor(sessions, { kind: 'owner' });
  principals.set(db, { sessions, system: kyselyFor(sessions, { kind: 'system' }), tenants: new Map() });
  return db;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const max = options.max ?? 10;
    const pool = new pg.Pool({ connectionString: options.url, max, types });
    // The system context's own few connections (token and session checks, jobs): see SessionPool.
    const systemPool = new pg.Pool({ connectionString: options.url, max: Math.max(1, Math.ceil(max / 2)), types });
    for (const p of [pool, systemPool]) {
      p.on('error', () => {
        // An idle client lost its connection; the pool replaces it on next use.
      });
    }
    const db = wrap(pool, systemPool);
    return { db, kind: 'postgres', close: () => db.destroy() };
  }

  const [{ PGlite }, { createPgConfig }, { pg_trgm }, { btree_gin }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/node-postgres'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/btree_gin'),
  ]);
  const pglite = await PGlite.create(options.dataDir ?? 'memory://', { extensions: { pg_trgm, btree_gin } });
  // One connection: PGlite is single-session, and max 1 makes the pool serialise transactions safely. That
  // session's role and tenant are set by whoever takes the connection, so nothing may talk to `pglite`
  // directly beside this pool.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, types } as pg.PoolConfig);
  const db = wrap(pool);
  return {
    db,
    kind: 'pglite',
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
