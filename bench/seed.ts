/**
 * Seeding at scale for the benchmark (issue 13): a dedicated PostgreSQL database, never the `test` one.
 *
 *   npx tsx bench/seed.ts [--quick]          (npm run bench seeds through this when needed)
 *
 * Full size: 1,000,000 records over the five types (access 30 %, HR 15 %, equipment 20 %, travel 20 %,
 * pending items 15 %) in nine tenants — `bench-200k` (200,000: the one the figures are measured on),
 * `bench-100k` and `bench-10k` (the growth series: the same queries on a tenant of 10k, 100k and 200k rows
 * in the same 1M-row tables), and six filler tenants of 115,000. In each measured tenant, bob (manager of
 * every seeded employee) has open approval items waiting on him: 5,000 at 200k and 100k, 500 at 10k, each
 * with its two-step chain (bob, then the IT desk) as the engine writes it. Every tenant has the six demo
 * people and 1,000 more employees, so "mine" is a realistic slice, not a sixth of the table.
 *
 * Rows are generated inside PostgreSQL (`insert … select … from generate_series`: one statement per table
 * and tenant, no round trip per row — faster than COPY from Node, which would ship every row over the
 * socket). Each tenant is seeded in one transaction, so a tenant is either complete or absent: a run that
 * stops half-way resumes at the next tenant, and a seeded database is skipped in a second.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '@/db/client';
import { migrateToLatest } from '@/db/migrate';
import { TENANT_SETTING } from '@/db/roles';
import { seedTenant } from '@/db/seed';
import { hashPassword } from '@/lib/auth/password';
import { systemClock } from '@/lib/data/context';
import { queueSchemaName, resetJobQueue, setJobQueue } from '@/lib/jobs/boss';

export interface TenantPlan {
  slug: string;
  records: number;
  /** Open approval items waiting on bob. */
  open: number;
}

export const FULL_PLAN: TenantPlan[] = [
  { slug: 'bench-200k', records: 200_000, open: 5_000 },
  { slug: 'bench-100k', records: 100_000, open: 5_000 },
  { slug: 'bench-10k', records: 10_000, open: 500 },
  ...Array.from({ length: 6 }, (_, i) => ({ slug: `bench-fill-${i + 1}`, records: 115_000, open: 1_000 })),
];

/** --quick: small data for development; the same shape. */
export const QUICK_PLAN: TenantPlan[] = [
  { slug: 'bench-200k', records: 20_000, open: 1_000 },
  { slug: 'bench-100k', records: 5_000, open: 500 },
  { slug: 'bench-10k', records: 1_000, open: 100 },
];

const EMPLOYEES = 1_000;
/** Words that make `q` searches realistic: one common, one rare (≈ 0.2 % of rows). */
export const COMMON_WORD = 'quarterly';
export const RARE_WORD = 'zephyrine';

export function benchDatabaseUrl(base: string, quick: boolean): string {
  const url = new URL(base);
  url.pathname = quick ? '/opsdesk_bench_quick' : '/opsdesk_bench';
  return url.toString();
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (name === 'test') throw new Error('bench: refusing to seed the `test` database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** The id of a seeded row: the type's prefix and a ULID-shaped 26 characters (tenant number, row number). */
function idExpr(prefix: string, tenantNo: number, series = 'i'): string {
  return `'${prefix}_0BENCH' || lpad('${tenantNo}', 3, '0') || lpad(${series}::text, 17, '0')`;
}

async function seedOne(client: pg.PoolClient, plan: TenantPlan, tenantNo: number, tenantId: string, people: Record<string, { id: string }>) {
  const n = plan.records;
  const counts = {
    access: Math.round(n * 0.3),
    hr: Math.round(n * 0.15),
    equipment: Math.round(n * 0.2),
    travel: Math.round(n * 0.2),
  };
  const pending = n - counts.access - counts.hr - counts.equipment - counts.travel;
  const bob = people.bob.id;
  const demo = Object.values(people).map((p) => p.id);
  // Requesters: the 1,000 employees and the six demo people (alice files ~1/1006 of everything).
  const employees = Array.from({ length: EMPLOYEES }, (_, i) => `per_0BENCH${String(tenantNo).padStart(3, '0')}${String(i).padStart(13, '0')}`);
  const requesters = [...employees, ...demo];
  const q = (text: string, values: unknown[] = []) => client.query(text, values);

  await q(`select set_config('${TENANT_SETTING}', $1, true)`, [tenantId]);
  await q(
    `insert into people (tenant_id, id, email, name, roles, manager_id, active)
     select $1, ids.id, 'employee' || ord || '@' || $2 || '.bench', 'Employee ' || ord, array['employee'], $3, true
     from unnest($4::text[]) with ordinality as ids(id, ord)`,
    [tenantId, plan.slug, bob, employees],
  );
  await q(
    `insert into login_emails (email, tenant_id, person_id)
     select 'employee' || ord || '@' || $2 || '.bench', $1, ids.id from unnest($3::text[]) with ordinality as ids(id, ord)`,
    [tenantId, plan.slug, employees],
  );

  // Spread over two years back from a fixed instant; newest first in id order as in time.
  const span = `(interval '730 days' / greatest(1, $2::int))`;
  const at = `(timestamptz '2026-11-30T09:00:00Z' - i * ${span})`;
  const who = `($3::text[])[1 + (i * 7919) % array_length($3::text[], 1)]`;
  const words = `(case when i % 500 = 7 then '${RARE_WORD}' when i % 10 = 3 then '${COMMON_WORD}' else 'routine' end)`;
  const base = (prefix: string) =>
    `$1, ${idExpr(prefix, tenantNo)}, ${at}, ${at}, ${who}, ${who}, 'edm', 'api', false, 1, '{}'::jsonb`;
  const baseCols = 'tenant_id, id, created_at, updated_at, created_by, updated_by, source, source_type, is_deleted, schema_version, tags';

  // Access requests: the first `open` are pending with an approval item waiting on bob.
  await q(
    `insert into access_requests (${baseCols}, requester_id, system_id, access_type, status, justification)
     select ${base('acr')}, ${who}, 'system-' || (i % 40), (array['new','modify','revoke'])[1 + i % 3],
       case when i < $4 then 'pending' else (array['approved','rejected','provisioned','completed','completed'])[1 + i % 5] end,
       'Access for the ' || ${words} || ' review of team ' || (i % 97) || ', request ' || i
     from generate_series(0, $2::int - 1) as i`,
    [tenantId, counts.access, requesters, plan.open],
  );
  await q(
    `insert into hr_requests (${baseCols}, requester_id, type, status, description)
     select ${base('hrr')}, ${who}, (array['employment_letter','certificate','verification','document','other'])[1 + i % 5],
       (array['completed','completed','rejected','in_progress','pending'])[1 + i % 5],
       'Please provide the ' || ${words} || ' document number ' || i
     from generate_series(0, $2::int - 1) as i`,
    [tenantId, counts.hr, requesters],
  );
  await q(
    `insert into equipment_requests (${baseCols}, requester_id, equipment_type, specification, status, cost)
     select ${base('eqr')}, ${who}, (array['laptop','monitor','phone','headset','keyboard'])[1 + i % 5],
       'Standard ' || ${words} || ' kit, item ' || i,
       (array['delivered','delivered','returned','rejected','approved','ordered','shipped'])[1 + i % 7], (i % 3000)
     from generate_series(0, $2::int - 1) as i`,
    [tenantId, counts.equipment, requesters],
  );
  await q(
    `insert into travel_requests (${baseCols}, requester_id, purpose, destination, departure_at, return_at, status, estimated_cost)
     select ${base('trv')}, ${who}, 'Customer ' || ${words} || ' workshop ' || i,
       (array['Berlin','Lisbon','Austin','Osaka','Nairobi','Lima'])[1 + i % 6],
       ${at} + interval '14 days', ${at} + interval '17 days',
       (array['completed','completed','booked','approved','rejected','cancelled'])[1 + i % 6], 400 + (i % 5000)
     from generate_series(0, $2::int - 1) as i`,
    [tenantId, counts.travel, requesters],
  );

  // Pending items: the open approvals on bob (one per pending access request, as the engine files them:
  // step 0 bob by name, step 1 the IT desk), then completed approvals and desk tasks for the rest.
  const pnd = idExpr('pnd', tenantNo);
  await q(
    `insert into pending_items (${baseCols}, type, source_id, status, priority, assignee_id, candidate_ids, due_at, title,
       entity_type, entity_id, requested_by_id, description, current_step_index, total_steps, engine, policy_version)
     select $1, ${pnd}, ${at}, ${at}, r.requester_id, r.requester_id, 'edm', 'system', false, 1, '{}'::jsonb,
       'approval', r.id, 'queued', 1 + i % 5, $3, array[$3::text], ${at} + interval '2 days',
       'Access to ' || r.system_id, 'AccessRequest', r.id, r.requester_id, r.justification, 0, 2, true, 1
     from generate_series(0, $2::int - 1) as i
     join access_requests r on r.tenant_id = $1 and r.id = ${idExpr('acr', tenantNo)}`,
    [tenantId, plan.open, bob],
  );
  await q(
    `insert into approval_steps (tenant_id, pending_id, step_index, entity_type, entity_id, assignee_id, assignee_role, created_at, min_approvals, eligible_ids, approver)
     select p.tenant_id, p.id, s, 'AccessRequest', p.entity_id, case when s = 0 then $2 end, case when s = 1 then 'it' end, p.created_at, 1,
       case when s = 0 then array[$2::text] end,
       case when s = 0 then '{"kind":"manager","level":1}'::jsonb else '{"kind":"role","role":"it"}'::jsonb end
     from pending_items p cross join generate_series(0, 1) as s
     where p.tenant_id = $1 and p.status = 'queued' and p.type = 'approval'`,
    [tenantId, bob],
  );
  const done = Math.max(0, pending - plan.open);
  await q(
    `insert into pending_items (${baseCols}, type, source_id, status, priority, assignee_id, assignee_role, due_at, title,
       entity_type, entity_id, requested_by_id, description, current_step_index, total_steps, engine, completed_at)
     select ${base('pnd').replace(idExpr('pnd', tenantNo), idExpr('pnd', tenantNo, `(i + ${plan.open})`))},
       case when i % 3 = 0 then 'task' else 'approval' end, 'acr_' || i, 'completed', 1 + i % 5,
       case when i % 3 = 0 then null else $5 end, case when i % 3 = 0 then 'it' end, ${at} + interval '2 days',
       'Request ' || ${words} || ' ' || i, 'AccessRequest', ${idExpr('acr', tenantNo, `($4::int + i % greatest(1, $6::int - $4::int))`)},
       ${who}, 'Completed ' || ${words} || ' item ' || i, case when i % 3 = 0 then null else 1 end,
       case when i % 3 = 0 then null else 2 end, true, ${at} + interval '1 day'
     from generate_series(0, $2::int - 1) as i`,
    [tenantId, done, requesters, plan.open, bob, counts.access],
  );
}

/** fn on one connection of the pool, in a transaction: committed, or rolled back if it throws. */
async function inTransaction(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<unknown>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await fn(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * What a run writes (filing with its chain, decisions, notifications, emails, jobs, audit) — the tables a
 * run adds rows to. Earlier runs' rows are removed before a run: left in place, the newest rows of the
 * measured tenant would be the benchmark's own filings, and a search for a word of the seeded text would
 * walk past tens of thousands of them (a second run measured q=quarterly ten times slower than the first).
 */
const RUN_WRITTEN_TABLES = ['access_requests', 'pending_items', 'approval_steps', 'audit_events', 'notifications', 'email_messages', 'email_action_links', 'jobs'];

async function removeEarlierRuns(pool: pg.Pool, log: (line: string) => void): Promise<void> {
  // Seeded rows are dated before the newest seeded request; every row a run writes is dated after it.
  const { rows } = await pool.query<{ boundary: Date | null }>(`select max(created_at) as boundary from access_requests where id like '%\\_0BENCH%'`);
  const boundary = rows[0]?.boundary;
  if (!boundary) return;
  const t0 = performance.now();
  let removed = 0;
  await inTransaction(pool, async (client) => {
    // The database is the bench's own (superuser): skip foreign-key triggers rather than order the deletes.
    await client.query('set local session_replication_role = replica');
    for (const table of RUN_WRITTEN_TABLES) removed += (await client.query(`delete from ${table} where created_at > $1`, [boundary])).rowCount ?? 0;
    // The server's jobs, on PostgreSQL pg-boss's (its schema exists once a run has queued one).
    const queue = (await client.query<{ t: string | null }>(`select to_regclass($1) as t`, [`${queueSchemaName()}.job`])).rows[0]?.t;
    if (queue) removed += (await client.query(`delete from ${queue} where created_on > $1`, [boundary])).rowCount ?? 0;
    removed += (await client.query(`delete from approval_decisions d where not exists (select 1 from pending_items p where p.tenant_id = d.tenant_id and p.id = d.pending_id)`)).rowCount ?? 0;
  });
  if (removed === 0) return;
  for (const table of [...RUN_WRITTEN_TABLES, 'approval_decisions']) await pool.query(`vacuum analyze ${table}`);
  const queue = (await pool.query<{ t: string | null }>(`select to_regclass($1) as t`, [`${queueSchemaName()}.job`])).rows[0]?.t;
  if (queue) await pool.query(`vacuum analyze ${queue}`);
  log(`bench seed: removed ${removed.toLocaleString('en')} rows written by earlier runs, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

export async function seedBench(url: string, plan: TenantPlan[], log = console.log): Promise<{ seconds: number; seeded: string[] }> {
  await ensureDatabase(url);
  const started = performance.now();
  const handle = await openDatabase({ url, max: 2 });
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const seeded: string[] = [];
  // The app's seed queues each tenant's jobs: on the bench database's own pg-boss, as its server will.
  await setJobQueue({ kind: 'pg-boss', url, schema: queueSchemaName() });
  try {
    await migrateToLatest(handle.db);
    const passwordHash = await hashPassword('demo');
    for (const [index, tenant] of plan.entries()) {
      const t0 = performance.now();
      // The tenant and its six demo people through the app's own seed (committed first); the bulk rows in
      // one transaction after it, so a tenant with people but no records is completed by the next run.
      const domain = `${tenant.slug}.bench`;
      const existing = await handle.db.selectFrom('tenants').select('id').where('slug', '=', tenant.slug).executeTakeFirst();
      let tenantId: string;
      let people: Record<string, { id: string }>;
      if (existing) {
        tenantId = existing.id;
        const filled = await pool.query('select 1 from access_requests where tenant_id = $1 limit 1', [tenantId]);
        if (filled.rowCount) continue;
        const rows = await pool.query<{ id: string; email: string }>(`select id, email from people where tenant_id = $1 and email like '%@' || $2`, [tenantId, domain]);
        people = Object.fromEntries(rows.rows.map((r) => [r.email.split('@')[0], { id: r.id }]));
      } else {
        ({ tenantId, people } = await seedTenant(handle.db, systemClock, { slug: tenant.slug, name: `Bench ${tenant.slug}`, domain }, passwordHash));
      }
      await inTransaction(pool, (client) => seedOne(client, tenant, index + 1, tenantId, people));
      seeded.push(tenant.slug);
      log(`bench seed: ${tenant.slug} (${tenant.records.toLocaleString('en')} records) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await removeEarlierRuns(pool, log);
    if (seeded.length > 0) {
      const t0 = performance.now();
      await pool.query('analyze');
      log(`bench seed: analyze in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await resetJobQueue();
    await pool.end();
    await handle.close();
  }
  return { seconds: (performance.now() - started) / 1000, seeded };
}

async function main() {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = benchDatabaseUrl(base, values.quick!);
  const plan = values.quick ? QUICK_PLAN : FULL_PLAN;
  const total = plan.reduce((sum, t) => sum + t.records, 0);
  console.log(`bench seed: ${total.toLocaleString('en')} records into ${new URL(url).pathname.slice(1)}`);
  const { seconds, seeded } = await seedBench(url, plan);
  console.log(seeded.length ? `bench seed: done in ${seconds.toFixed(1)} s` : 'bench seed: already seeded at this size');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
