/**
 * pg-boss (10.x, the last line that runs on Node 20): the job queue on PostgreSQL (issue 10). The embedded
 * default (PGlite, one in-process session) keeps the SKIP LOCKED table of claims.ts behind the same
 * interface (queue.ts); `jobQueueKind` says which one this process uses.
 *
 * What pg-boss does here: it owns its schema (`pgboss`, created and migrated by `boss.start()`), keeps one
 * partition per job name (`createQueue`), hands each job to one fetcher (`fetch`: FOR UPDATE SKIP LOCKED,
 * so several instances never take the same job), retries a failed one with exponential backoff and marks it
 * failed after its last attempt (`fail`), and in its maintenance (`maintain`, which each server's runner
 * calls every few minutes; its statements take pg-boss's advisory lock) fails a job whose handler ran past
 * its expiry (15 minutes) so that it is retried, and archives finished jobs.
 *
 * What Opsdesk adds around it:
 * - **Same transaction.** `send` runs through the caller's TenantDb (`executorOf`), so the job commits or
 *   rolls back with the change that caused it.
 * - **The tenant wall.** Each job's data is `{ tenant_id, data }`. The app role may read and write
 *   `pgboss.job` only under a row-level security policy on that tenant_id (`prepareSchema`), like every
 *   tenant table: a tenant's enqueue, its admin's jobs panel and a handler's `finishIn` see only its jobs.
 *   pg-boss's own connections run as the owner (the DATABASE_URL user), which RLS does not restrict.
 * - **Singletons.** At most one queued or running job per (tenant, name, key), checked under a transaction
 *   advisory lock on that triple, through an index of ours (pg-boss's singleton policies are per queue,
 *   not per tenant).
 * - **Injected clocks.** pg-boss compares `start_after` with the database's now(). A run given a clock
 *   (tests) first moves the jobs that clock says are due to now (`bringForward`), and counts a retry's
 *   backoff from that clock (`rebaseRetry`); the server's runs use the real time and skip both. (A clock
 *   behind the database's still sees what the real time has made due.)
 */
import PgBoss from 'pg-boss';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { APP_ROLE, CURRENT_TENANT_SQL, SYSTEM_ROLE } from '@/db/roles';
import type { Database } from '@/db/schema';
import type { TenantDb } from '@/lib/data/tenant-db';
import { config } from '@/lib/config';

export type JobQueueKind = 'pg-boss' | 'table';

/** A pg-boss job's data: the tenant it belongs to and the handler's own data. */
export interface BossJobData {
  tenant_id: string;
  data: Record<string, unknown>;
}

/** How long a handler may run before pg-boss takes the job back and retries it. */
export const BOSS_EXPIRE_SECONDS = 15 * 60;
/** First retry after 15 s, then doubling (pg-boss adds up to 100 % jitter). */
export const BOSS_RETRY_DELAY_SECONDS = 15;
/** Finished jobs stay in `pgboss.job` (and in the jobs panel) this long, as the table queue keeps them. */
export const BOSS_KEEP_DONE_SECONDS = 7 * 24 * 60 * 60;
/** Failed jobs stay until an admin retries or discards them (pg-boss needs a bound: ten years). */
export const BOSS_KEEP_FAILED_SECONDS = 10 * 365 * 24 * 60 * 60;

export interface BossState {
  boss: PgBoss;
  schema: string;
  queues: Set<string>;
  started: Promise<void>;
}

interface Override {
  kind: JobQueueKind;
  url?: string;
  schema?: string;
}

// Process-wide: Next's bundle and the server's each load this module, and must share one pg-boss.
const KEY = Symbol.for('opsdesk.pg-boss');
const holder = globalThis as unknown as Record<symbol, { state?: BossState; override?: Override } | undefined>;
const shared = (holder[KEY] ??= {});

/**
 * pg-boss on PostgreSQL, the table on PGlite. JOB_QUEUE=table keeps the table on PostgreSQL too;
 * JOB_QUEUE_SCHEMA names pg-boss's schema (default `pgboss`; the tests give each file its own).
 */
export function jobQueueKind(env: Record<string, string | undefined> = process.env): JobQueueKind {
  if (shared.override) return shared.override.kind;
  if (!config.databaseUrl) return 'table';
  return /^table$/i.test(env.JOB_QUEUE?.trim() ?? '') ? 'table' : 'pg-boss';
}

/** pg-boss's schema: JOB_QUEUE_SCHEMA, default `pgboss`. */
export function queueSchemaName(): string {
  return shared.override?.schema ?? (process.env.JOB_QUEUE_SCHEMA?.trim() || 'pgboss');
}

/** Tests: use this queue (and for pg-boss, this database and schema) until `resetJobQueue`. */
export async function setJobQueue(override: Override): Promise<void> {
  await stopBoss();
  shared.override = override;
}

export async function resetJobQueue(): Promise<void> {
  await stopBoss();
  shared.override = undefined;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain schema name: ${name}`);
  return `"${name}"`;
}

/**
 * Our indexes on pg-boss's table (partitioned: each queue's partition gets them, those created later too):
 * the singleton check's probe of a tenant's live jobs by name and key, and a tenant's jobs for the panel.
 */
const LIVE_KEY_INDEX = 'opsdesk_job_live_key';
const TENANT_INDEX = 'opsdesk_job_tenant';

/** Runs a catalogue change again when another instance's change of the same tables got in its way. */
async function retryingCatalogueRaces<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const race = code === '40P01' || code === '23505' || /tuple concurrently (updated|deleted)/.test(String((error as Error).message));
      if (!race || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 100 * attempt));
    }
  }
}

/**
 * The app role's rights on the queue's tables, under a tenant policy on `data->>'tenant_id'`; the system
 * role's (BYPASSRLS) too. Checked first (an instance that finds them in place changes nothing); changed
 * under an advisory lock, and again if another instance's queue creation (ATTACH PARTITION) deadlocked it.
 */
async function prepareSchema(boss: PgBoss, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  const db = boss.getDb();
  const { rows } = await db.executeSql(
    `SELECT c.relrowsecurity AND EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = $1 AND tablename = 'job' AND policyname = 'tenant_isolation')
       AND has_table_privilege('${APP_ROLE}', c.oid, 'INSERT') AND has_table_privilege('${SYSTEM_ROLE}', c.oid, 'DELETE')
       AND has_table_privilege('${APP_ROLE}', '${s}.queue', 'SELECT')
       AND to_regclass('${s}.${LIVE_KEY_INDEX}') IS NOT NULL AND to_regclass('${s}.${TENANT_INDEX}') IS NOT NULL AS ready
     FROM pg_class c WHERE c.oid = '${s}.job'::regclass`,
    [schema],
  );
  if ((rows[0] as { ready?: boolean } | undefined)?.ready) return;
  const tenant = CURRENT_TENANT_SQL.replace(/'/g, "''");
  await retryingCatalogueRaces(() =>
    db.executeSql(
      `DO $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('opsdesk.pg-boss.prepare'));
        EXECUTE 'GRANT USAGE ON SCHEMA ${s} TO ${APP_ROLE}, ${SYSTEM_ROLE}';
        EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ${s}.job TO ${APP_ROLE}, ${SYSTEM_ROLE}';
        EXECUTE 'GRANT SELECT ON ${s}.queue TO ${APP_ROLE}, ${SYSTEM_ROLE}';
        EXECUTE 'ALTER TABLE ${s}.job ENABLE ROW LEVEL SECURITY';
        IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = '${schema}' AND tablename = 'job' AND policyname = 'tenant_isolation') THEN
          EXECUTE 'CREATE POLICY tenant_isolation ON ${s}.job USING ((data->>''tenant_id'') = ${tenant}) WITH CHECK ((data->>''tenant_id'') = ${tenant})';
        END IF;
        EXECUTE 'CREATE INDEX IF NOT EXISTS ${LIVE_KEY_INDEX} ON ${s}.job (name, singleton_key, (data->>''tenant_id'')) WHERE state < ''completed'' AND singleton_key IS NOT NULL';
        EXECUTE 'CREATE INDEX IF NOT EXISTS ${TENANT_INDEX} ON ${s}.job ((data->>''tenant_id''), created_on)';
      END $$`,
      [],
    ),
  );
}

/**
 * The process's pg-boss, started on first use (the server's runner, or the first enqueue of a process
 * without one: the seed, a test): its schema migrated and prepared, a queue for every name in `names`.
 * pg-boss's own timers stay off; the runner calls its maintenance (`maintainBoss`).
 */
export async function ensureBoss(options: { names?: Iterable<string> } = {}): Promise<BossState> {
  let state = shared.state;
  if (!state) {
    const url = shared.override?.url ?? config.databaseUrl;
    if (!url) throw new Error('pg-boss needs PostgreSQL (DATABASE_URL)');
    const schema = queueSchemaName();
    const boss = new PgBoss({
      connectionString: url,
      schema,
      max: 4,
      application_name: 'opsdesk-jobs',
      supervise: false,
      schedule: false,
      migrate: true,
      archiveCompletedAfterSeconds: BOSS_KEEP_DONE_SECONDS,
      archiveFailedAfterSeconds: BOSS_KEEP_FAILED_SECONDS,
      deleteAfterDays: 1,
    });
    boss.on('error', (error) => console.error('[jobs] pg-boss:', error));
    const created: BossState = {
      boss,
      schema,
      queues: new Set(),
      started: (async () => {
        await retryingCatalogueRaces(() => boss.start());
        await prepareSchema(boss, schema);
      })(),
    };
    shared.state = state = created;
    try {
      await created.started;
    } catch (error) {
      if (shared.state === created) shared.state = undefined;
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      throw error;
    }
  }
  await state.started;
  for (const name of options.names ?? []) await ensureQueue(state, name);
  return state;
}

/** pg-boss keeps one partition per job name: it must exist before the first `send` of that name. */
export async function ensureQueue(state: BossState, name: string): Promise<void> {
  if (state.queues.has(name)) return;
  await retryingCatalogueRaces(() => state.boss.createQueue(name));
  state.queues.add(name);
}

/** How often each server's runner runs pg-boss's maintenance (pg-boss's own default interval). */
export const BOSS_MAINTENANCE_MS = 2 * 60_000;

/** pg-boss's maintenance: stuck jobs past their expiry failed (and so retried), finished ones archived. */
export async function maintainBoss(): Promise<void> {
  const state = await ensureBoss();
  await state.boss.maintain();
}

/** Stops this process's pg-boss (the server's shutdown; tests between queues). */
export async function stopBoss(): Promise<void> {
  const state = shared.state;
  if (!state) return;
  shared.state = undefined;
  await state.started.catch(() => undefined);
  await state.boss.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined);
}

/**
 * The singleton rule on pg-boss (one queued or running job per tenant, name and key), for every path that
 * makes a job live (enqueue, an admin's retry): takes a transaction advisory lock on the triple — so two
 * such paths at once take turns — then answers whether a live job already holds the key. Call it inside
 * the transaction that then sends or retries.
 */
export async function keyIsLive(tx: TenantDb, schema: string, name: string, key: string): Promise<boolean> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`${tx.tenantId} ${name} ${key}`}, 0))`.execute(tx.connection);
  const live = await sql`select 1 from ${sql.id(schema)}.job
    where name = ${name} and singleton_key = ${key} and data->>'tenant_id' = ${tx.tenantId}
      and state < 'completed' and singleton_key is not null
    limit 1`.execute(tx.connection);
  return live.rows.length > 0;
}

/** pg-boss's `db` option over a Kysely connection: its SQL runs there (a tenant's, inside its transaction). */
export function executorOf(db: Kysely<Database>): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}

/** What pg-boss 10's complete, fail, retry and deleteJob answer (its types say void). */
export interface BossCommandResult {
  jobs: string[];
  requested: number;
  affected: number;
}

/** pg-boss's job states as the jobs panel names them. */
export const BOSS_STATES = {
  queued: ['created', 'retry'],
  running: ['active'],
  done: ['completed', 'cancelled'],
  failed: ['failed'],
} as const;

/**
 * Tests' clocks run ahead of the database's: make the jobs due by `now` (and not handled earlier in this
 * run) due for pg-boss's fetch. Owner connection; only these names, and these tenants when given.
 */
export async function bringForward(state: BossState, names: string[], now: Date, skip: string[], tenantIds?: string[]): Promise<number> {
  const s = quoteIdent(state.schema);
  const { rows } = await state.boss.getDb().executeSql(
    `WITH moved AS (
       UPDATE ${s}.job SET start_after = now() - interval '1 millisecond'
       WHERE name = ANY($1::text[]) AND state IN ('created', 'retry') AND start_after <= $2::timestamptz
         AND start_after >= now() - interval '1 millisecond'
         AND NOT (id = ANY($3::uuid[]))
         AND ($4::text[] IS NULL OR data->>'tenant_id' = ANY($4::text[]))
       RETURNING 1)
     SELECT count(*)::int AS n FROM moved`,
    [names, now.toISOString(), skip, tenantIds ?? null],
  );
  return Number((rows[0] as { n: number } | undefined)?.n ?? 0);
}

/**
 * pg-boss counts a retry's backoff from the database's now(); a run on a given clock (tests) counts it from
 * that clock instead, so the retry waits as long on the clock that drives the run.
 */
export async function rebaseRetry(state: BossState, id: string, now: Date): Promise<void> {
  await state.boss.getDb().executeSql(
    `UPDATE ${quoteIdent(state.schema)}.job SET start_after = date_trunc('milliseconds', $2::timestamptz + (start_after - now())) WHERE id = $1::uuid AND state = 'retry'`,
    [id, now.toISOString()],
  );
}
