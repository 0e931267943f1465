/**
 * The full demo (product.md, "Demo data"), seeded into a tenant of this file's own: acme's organisation and
 * hundreds of requests per type in every state, dated from the moment of seeding, nothing overdue but what
 * is meant to be, and every copied request as whole as one the app made — readable by its requester,
 * waiting in the inbox of whoever decides it, and still moving on when they act.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database, Role } from '@/db/schema';
import { seedDemo } from '@/db/seed';
import { OVERDUE_ON_PURPOSE } from '@/db/demo/plan';
import { loadDetail } from '@/components/records/detail-data';
import { contextFor, type Ctx } from '@/lib/data/context';
import { listInbox } from '@/lib/operations/inbox';
import { accessRequest, equipment, hrRequest, pending, recordTypes, travel } from '@/lib/operations/registry';
import { performAction } from '@/lib/operations/service';
import { testDatabase } from '../support/database';
import { jobsOf } from '../support/job-queues';

let db: Kysely<Database>;
const slug = `acme${randomBytes(5).toString('hex')}`;
const now = new Date(Math.floor(Date.now() / 1000) * 1000);
let tenantId: string;
const people = new Map<string, { id: string; roles: Role[]; manager_id: string | null }>();

const HOUR = 3_600_000;
const REQUEST_TYPES = [accessRequest, hrRequest, equipment, travel];

function ctxOf(key: string): Ctx {
  const person = people.get(key)!;
  return contextFor(db, { tenantId, personId: person.id, roles: person.roles, appId: null, sourceType: 'frontend' });
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  await seedDemo(db, { now, tenants: [{ slug, name: 'Acme Corp', domain: `${slug}.test`, organisation: true }] });
  tenantId = (await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const rows = await db.selectFrom('people').select(['id', 'email', 'roles', 'manager_id']).where('tenant_id', '=', tenantId).execute();
  for (const p of rows) people.set(p.email.split('@')[0], p);
}, 300_000);

describe('the full demo', () => {
  it('is an organisation: managers with teams, everyone with a title and a start date', async () => {
    expect(people.size).toBeGreaterThanOrEqual(40);
    const reports = new Map<string, number>();
    for (const p of people.values()) if (p.manager_id) reports.set(p.manager_id, (reports.get(p.manager_id) ?? 0) + 1);
    expect([...reports.values()].filter((n) => n >= 4).length).toBeGreaterThanOrEqual(6);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from people where tenant_id = ${tenantId} and (title is null or started_on is null)`.execute(db);
    expect(rows[0].n).toBe(0);
    expect(people.get('ada')!.manager_id).toBeNull();
    expect(people.get('alice')!.manager_id).toBe(people.get('bob')!.id);
  });

  it('holds hundreds of requests per type, in every state (withdrawn too), from dozens of people', async () => {
    for (const type of REQUEST_TYPES) {
      const { rows } = await sql<{ status: string; deleted: boolean; n: number; requesters: number }>`
        select status, is_deleted as deleted, count(*)::int as n, count(distinct requester_id)::int as requesters
        from ${sql.table(type.table)} where tenant_id = ${tenantId} group by 1, 2`.execute(db);
      const total = rows.reduce((sum, r) => sum + r.n, 0);
      expect(total, type.name).toBeGreaterThanOrEqual(200);
      expect(new Set(rows.filter((r) => !r.deleted).map((r) => r.status)), type.name).toEqual(new Set(type.statuses));
      expect(rows.some((r) => r.deleted), `${type.name} withdrawn`).toBe(true);
      const { rows: who } = await sql<{ n: number }>`select count(distinct requester_id)::int as n from ${sql.table(type.table)} where tenant_id = ${tenantId}`.execute(db);
      expect(who[0].n, type.name).toBeGreaterThanOrEqual(25);
    }
  });

  it('is dated from the moment of seeding: the newest hours old, the oldest within the year, nothing later than now', async () => {
    for (const type of REQUEST_TYPES) {
      const { rows } = await sql<{ newest: string; oldest: string; latest: string }>`
        select max(created_at) as newest, min(created_at) as oldest, max(updated_at) as latest from ${sql.table(type.table)} where tenant_id = ${tenantId}`.execute(db);
      expect(now.getTime() - Date.parse(rows[0].newest), type.name).toBeLessThan(12 * HOUR);
      expect(now.getTime() - Date.parse(rows[0].oldest), type.name).toBeLessThan(400 * 24 * HOUR);
      expect(Date.parse(rows[0].latest), type.name).toBeLessThanOrEqual(now.getTime());
    }
    for (const table of ['audit_events', 'notifications', 'approval_decisions'] as const) {
      const column = table === 'approval_decisions' ? 'decided_at' : 'created_at';
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${tenantId} and ${sql.ref(column)} > ${now.toISOString()}`.execute(db);
      expect(rows[0].n, table).toBe(0);
    }
    const { rows: trips } = await sql<{ n: number }>`
      select count(*)::int as n from travel_requests where tenant_id = ${tenantId}
      and (return_at <= departure_at or booked_at > departure_at or (status = 'completed' and updated_at < return_at))`.execute(db);
    expect(trips[0].n).toBe(0);
  });

  it('has nothing overdue but what is meant to be, and every open item on its SLA clock', async () => {
    const open = await db
      .selectFrom('pending_items')
      .select(['id', 'due_at', 'remind_at'])
      .where('tenant_id', '=', tenantId)
      .where('engine', '=', true)
      .where('status', '!=', 'completed')
      .where('is_deleted', '=', false)
      .execute();
    expect(open.length).toBeGreaterThan(100);
    // Bob's Okta request, among the six people's own, waits on Ada past its time too.
    expect(open.filter((item) => Date.parse(item.due_at!) < now.getTime())).toHaveLength(OVERDUE_ON_PURPOSE + 1);
    const jobs = await jobsOf(tenantId, 'sla.check');
    const checked = new Set(jobs.map((j) => String(j.data.pending_id)));
    expect(open.filter((item) => !checked.has(item.id))).toEqual([]);
  });

  it('leaves no placeholder of its model requests anywhere, and names only catalogue systems', async () => {
    for (const table of [...REQUEST_TYPES.map((t) => t.table), 'pending_items', 'approval_steps', 'approval_decisions', 'audit_events', 'notifications', 'comments']) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} x where x.tenant_id = ${tenantId} and (x::text like '%zq-%' or x::text like '%Zq-%')`.execute(db);
      expect(rows[0].n, table).toBe(0);
    }
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from access_requests a left join systems s on s.tenant_id = a.tenant_id and s.id = a.system_id
      where a.tenant_id = ${tenantId} and (s.id is null or (a.entitlement_type is not null and not a.entitlement_type = any(s.entitlements)))`.execute(db);
    expect(rows[0].n).toBe(0);
    const { rows: chains } = await sql<{ n: number }>`
      select count(*)::int as n from pending_items p
      where p.tenant_id = ${tenantId} and p.type = 'approval' and p.total_steps <> (select count(*) from approval_steps s where s.tenant_id = p.tenant_id and s.pending_id = p.id)`.execute(db);
    expect(chains[0].n).toBe(0);
  });

  it('puts every open item in the inbox of someone who decides or works it', async () => {
    const open = await db
      .selectFrom('pending_items')
      .select(['id', 'assignee_id', 'assignee_role', 'candidate_ids'])
      .where('tenant_id', '=', tenantId)
      .where('engine', '=', true)
      .where('status', '!=', 'completed')
      .where('is_deleted', '=', false)
      .execute();
    const byId = new Map([...people].map(([key, p]) => [p.id, key]));
    const holders: Record<string, string> = { it: 'ivan', hr: 'hana', travel: 'tara', admin: 'ada' };
    const waiting = new Map<string, Set<string>>();
    for (const item of open) {
      const holder = item.assignee_id ? byId.get(item.assignee_id)! : item.assignee_role ? holders[item.assignee_role] : byId.get(item.candidate_ids![0])!;
      if (!waiting.has(holder)) waiting.set(holder, new Set((await listInbox(ctxOf(holder))).map((entry) => entry.id)));
      expect(waiting.get(holder)!.has(item.id), `${item.id} in ${holder}'s inbox`).toBe(true);
    }
    // Approvals spread over the managers; Bob's are his team's.
    expect([...waiting.keys()]).toEqual(expect.arrayContaining(['bob', 'priya', 'marcus', 'ivan', 'hana', 'tara']));
    expect(waiting.get('ivan')!.size).toBeLessThan(100);
  });

  it('shows its copies like requests the app made, and they move on when someone acts', async () => {
    for (const type of REQUEST_TYPES) {
      const rows = await db
        .selectFrom(type.table)
        .select(['id', 'requester_id', 'status'])
        .where('tenant_id', '=', tenantId)
        .where('is_deleted', '=', false)
        .orderBy('created_at', 'desc')
        .limit(30)
        .execute();
      for (const row of rows) {
        const requester = [...people].find(([, p]) => p.id === row.requester_id)![0];
        const detail = await loadDetail(ctxOf(requester), type, row.id);
        expect(detail.audit[0].action, `${type.name} ${row.id}`).toBe('create');
        expect(detail.record.status).toBe(row.status);
      }
    }
    // Bob approves the oldest approval waiting on him; Ivan provisions an approved access request.
    const [first] = (await listInbox(ctxOf('bob'))).filter((item) => item.type === 'approval');
    await performAction(ctxOf('bob'), pending, first.id, 'approve', { comment: 'Fine.' });
    const task = (await listInbox(ctxOf('ivan'))).find((item) => item.type === 'task' && item.entity_type === 'AccessRequest')!;
    const provisioned = await performAction(ctxOf('ivan'), accessRequest, task.entity_id!, 'provision', {});
    expect(provisioned.status).toBe('provisioned');
    expect(recordTypes.length).toBe(5);
  });
});
