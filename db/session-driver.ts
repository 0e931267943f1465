/**
 * Who a query runs as, applied to a pooled connection when it is handed out — the mechanism under
 * row-level security.
 *
 * Design: one Kysely instance per principal (the owner, the system context, each tenant), all sharing one
 * pg pool through a PrincipalDriver. When a principal acquires a connection, the driver compares what the
 * connection's session is set to (role + app.tenant_id, remembered per connection) with what the
 * principal needs, and runs one `select set_config(...)` only when they differ. Why this and not
 * `BEGIN; set_config(..., true); …; COMMIT` per statement: that pattern costs a transaction (three extra
 * round trips) around every single query; here a request that lands on a connection already set for its
 * tenant pays nothing, and a switch costs one round trip. Why not AsyncLocalStorage: the principal is
 * carried by the Kysely instance a TenantDb holds, so a query built from it cannot run under anything else,
 * whatever async context it happens to execute in.
 *
 * Why it cannot run under another tenant's setting:
 * - The setting is applied when the connection is acquired, before any BEGIN, as a session setting
 *   (is_local = false) in its own implicit transaction: a later ROLLBACK cannot undo it, and a failed
 *   set leaves the connection marked unknown, so the next acquirer sets it again.
 * - Every acquisition of a shared pool goes through a PrincipalDriver — the owner's too — so a connection
 *   returned by tenant A is reset for whoever takes it next; a connection the driver has not seen (new pg
 *   client, or PGlite's one session behind a new client) counts as unknown, never as "already right".
 * - A transaction holds its connection from BEGIN to COMMIT/ROLLBACK (Kysely's single-connection provider),
 *   so nested TenantDb.transaction() calls and every statement inside run on the connection set at acquire.
 * - Concurrent requests of two tenants hold different pooled connections; on PGlite the pool has one
 *   connection and each acquisition waits for the previous holder to release it.
 *
 * Measured (get by primary key, serial, PostgreSQL 15 on this machine): no RLS 562 µs; a TenantDb on a
 * connection already set 612 µs; two tenants alternating on the pool (a switch each time) 891 µs; the
 * BEGIN/set_config(local)/COMMIT pattern 1277 µs.
 *
 * What this wall is for: a query that forgets its tenant. It is not a sandbox for SQL written by an
 * attacker — the app role may change its own session settings — so queries stay parameterised.
 */
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { APP_ROLE, SYSTEM_ROLE, TENANT_SETTING } from './roles';

export type Principal = { kind: 'owner' } | { kind: 'system' } | { kind: 'tenant'; tenantId: string };

function sessionKey(principal: Principal): string {
  return principal.kind === 'tenant' ? `tenant:${principal.tenantId}` : principal.kind;
}

/** The one statement that puts a session into a principal's state; `none` is the session user (the owner). */
function sessionStatement(principal: Principal): CompiledQuery {
  const role = principal.kind === 'tenant' ? APP_ROLE : principal.kind === 'system' ? SYSTEM_ROLE : 'none';
  const tenantId = principal.kind === 'tenant' ? principal.tenantId : '';
  return CompiledQuery.raw(`select set_config('role', $1, false), set_config('${TENANT_SETTING}', $2, false)`, [role, tenantId]);
}

/**
 * The pool and what each of its connections' sessions is currently set to.
 *
 * With a second pool for the system context (PostgreSQL only; PGlite has one session), every request's
 * token check (the system context reads auth_sessions) and its tenant's queries no longer take turns on
 * the same connections: before, nearly every request paid two extra `set_config` round trips, system then
 * tenant (issue 13: this was most of the gap to the floor). The system pool's connections stay set to the
 * system role, the main pool's to the tenant they last served.
 */
export class SessionPool {
  /** Kysely's pg driver, seen through the Driver interface (its own types name its connection class). */
  readonly #driver: Required<Driver>;
  readonly #systemDriver: Required<Driver> | undefined;
  readonly #state = new WeakMap<DatabaseConnection, string>();
  #init: Promise<void> | undefined;
  /** How many times a connection had to be switched to another principal (tests and benchmarks read it). */
  switches = 0;

  constructor(pool: pg.Pool, systemPool?: pg.Pool) {
    this.#driver = new PostgresDriver({ pool });
    this.#systemDriver = systemPool ? new PostgresDriver({ pool: systemPool }) : undefined;
  }

  init(): Promise<void> {
    this.#init ??= Promise.all([this.#driver.init(), this.#systemDriver?.init()]).then(() => undefined);
    return this.#init;
  }

  #driverOf(principal: Principal): Required<Driver> {
    return principal.kind === 'system' && this.#systemDriver ? this.#systemDriver : this.#driver;
  }

  async acquire(principal: Principal): Promise<DatabaseConnection> {
    const driver = this.#driverOf(principal);
    const connection = await driver.acquireConnection();
    const key = sessionKey(principal);
    if (this.#state.get(connection) === key) return connection;
    this.#state.delete(connection);
    try {
      await connection.executeQuery(sessionStatement(principal));
    } catch (error) {
      await driver.releaseConnection(connection);
      throw error;
    }
    this.#state.set(connection, key);
    this.switches++;
    return connection;
  }

  /** The driver a principal's connections come from (transactions and release go back through it). */
  driverFor(principal: Principal): Required<Driver> {
    return this.#driverOf(principal);
  }

  async destroy(): Promise<void> {
    await Promise.all([this.#driver.destroy(), this.#systemDriver?.destroy()]);
  }
}

/** Kysely's Driver for one principal over the shared pool; everything but acquisition is the pg driver's. */
class PrincipalDriver implements Driver {
  constructor(
    private readonly sessions: SessionPool,
    private readonly principal: Principal,
  ) {}

  init(): Promise<void> {
    return this.sessions.init();
  }
  acquireConnection(): Promise<DatabaseConnection> {
    return this.sessions.acquire(this.principal);
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.sessions.driverFor(this.principal).beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.sessions.driverFor(this.principal).commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.sessions.driverFor(this.principal).rollbackTransaction(connection);
  }
  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.sessions.driverFor(this.principal).savepoint(connection, name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.sessions.driverFor(this.principal).rollbackToSavepoint(connection, name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.sessions.driverFor(this.principal).releaseSavepoint(connection, name, compile);
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.sessions.driverFor(this.principal).releaseConnection(connection);
  }
  /** Only the owner's instance ends the pool; a tenant's or the system's Kysely shares it. */
  async destroy(): Promise<void> {
    if (this.principal.kind === 'owner') await this.sessions.destroy();
  }
}

/** PostgreSQL's dialect with a principal's driver. */
export function principalDialect(sessions: SessionPool, principal: Principal): Dialect {
  return {
    createDriver: () => new PrincipalDriver(sessions, principal),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createAdapter: () => new PostgresAdapter(),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    createIntrospector: (db: Kysely<any>) => new PostgresIntrospector(db),
  };
}
