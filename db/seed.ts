/**
 * The deterministic demo data of product.md: tenants acme and globex, six people each (password "demo"),
 * and a few dozen requests of every type across their states. Requests are filed and moved on through
 * the domain services themselves, so approval items, desk tasks and history are exactly what the app
 * would have made; a fixed clock makes the ids and times the same on every run.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Role } from './schema';
import { hashPassword } from '@/lib/auth/password';
import type { Caller } from '@/lib/auth/caller';
import { contextFor, deterministicClock, type Clock } from '@/lib/data/context';
import { createRecord, performAction } from '@/lib/operations/service';
import { accessRequest, equipment, hrRequest, pending, travel, type RecordType } from '@/lib/operations/registry';

import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TENANTS } from './demo-tenants';

export { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TENANTS };

type Step = [actor: string, action: string, body?: Record<string, unknown>];
interface RequestSeed {
  type: RecordType;
  by: string;
  fields: Record<string, unknown>;
  steps?: Step[];
}

const day = 24 * 60 * 60 * 1000;
const at = (base: Date, days: number, hour = 9) => {
  const d = new Date(base.getTime() + days * day);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

function requests(now: Date): RequestSeed[] {
  const approve: Step[] = [['bob', 'approve', { comment: 'Looks right.' }]];
  return [
    // Access requests: the manager step, then IT.
    { type: accessRequest, by: 'alice', fields: { system_id: 'github', access_type: 'new', justification: 'Push access to the payments repositories for the Q3 checkout work.' } },
    { type: accessRequest, by: 'alice', fields: { system_id: 'aws', access_type: 'modify', justification: 'Read-only access to the staging account to debug the billing export.' }, steps: approve },
    { type: accessRequest, by: 'alice', fields: { system_id: 'slack', access_type: 'new', justification: 'Join the #incident-response workspace as an on-call engineer.' }, steps: [...approve, ['ivan', 'approve']] },
    { type: accessRequest, by: 'alice', fields: { system_id: 'salesforce', access_type: 'new', justification: 'Access to customer records for the renewal analysis.', entitlement_type: 'read-only' }, steps: [...approve, ['ivan', 'approve'], ['ivan', 'provision', { entitlement_type: 'read-only', principal_type: 'person', expires_at: at(now, 180) }]] },
    { type: accessRequest, by: 'alice', fields: { system_id: 'jira', access_type: 'revoke', justification: 'Project ended; remove access to the legacy board.' }, steps: [...approve, ['ivan', 'approve'], ['ivan', 'provision'], ['ivan', 'complete']] },
    { type: accessRequest, by: 'alice', fields: { system_id: 'prod-db', access_type: 'new', justification: 'Write access to the production database.' }, steps: [['bob', 'reject', { comment: 'Use the break-glass procedure instead.' }]] },
    { type: accessRequest, by: 'bob', fields: { system_id: 'okta', access_type: 'modify', justification: 'Manager role in the identity console to onboard two new hires.' } },
    { type: accessRequest, by: 'hana', fields: { system_id: 'workday', access_type: 'new', justification: 'HR partner access for the new compensation cycle.' }, steps: [['ada', 'approve'], ['ivan', 'approve']] },
    // HR requests: the HR desk's queue.
    { type: hrRequest, by: 'alice', fields: { type: 'employment_letter', description: 'Employment letter for my apartment rental application.', deliverable_type: 'digital' } },
    { type: hrRequest, by: 'alice', fields: { type: 'certificate', description: 'Certificate of completed safety training for the client audit.' }, steps: [['hana', 'start']] },
    { type: hrRequest, by: 'alice', fields: { type: 'verification', description: 'Salary verification for a mortgage application.', deliverable_type: 'digital' }, steps: [['hana', 'fulfill', { deliverable_type: 'digital', deliverable_url: 'https://docs.example/hr/verification-alice.pdf' }]] },
    { type: hrRequest, by: 'bob', fields: { type: 'document', description: 'Signed copy of my updated employment contract.', deliverable_type: 'physical' }, steps: [['hana', 'start'], ['hana', 'fulfill', { deliverable_type: 'physical' }]] },
    { type: hrRequest, by: 'ivan', fields: { type: 'other', description: 'Confirmation of parental leave dates for my insurer.' }, steps: [['hana', 'reject', { reason: 'Insurers need the official leave form; please file a document request.' }]] },
    { type: hrRequest, by: 'tara', fields: { type: 'employment_letter', description: 'Employment letter for a visa application.', deliverable_type: 'physical' } },
    // Equipment: manager approval, then IT orders, ships, delivers.
    { type: equipment, by: 'alice', fields: { equipment_type: 'monitor', specification: '27" 4K USB-C monitor with a height-adjustable stand.', cost: 420 } },
    { type: equipment, by: 'alice', fields: { equipment_type: 'laptop', specification: '14" laptop, 32 GB RAM, 1 TB SSD, for the data team.', cost: 2400 }, steps: approve },
    { type: equipment, by: 'alice', fields: { equipment_type: 'headset', specification: 'Noise-cancelling USB headset for calls.', cost: 180 }, steps: [...approve, ['ivan', 'provision', { stage: 'ordered' }]] },
    { type: equipment, by: 'alice', fields: { equipment_type: 'keyboard', specification: 'Ergonomic split keyboard, US layout.', cost: 150 }, steps: [...approve, ['ivan', 'provision'], ['ivan', 'provision'], ['ivan', 'provision']] },
    { type: equipment, by: 'bob', fields: { equipment_type: 'phone', specification: 'Company phone for on-call duty.', cost: 800 }, steps: [['ada', 'approve'], ['ivan', 'provision'], ['ivan', 'provision'], ['ivan', 'provision'], ['ivan', 'return']] },
    { type: equipment, by: 'alice', fields: { equipment_type: 'tablet', specification: 'Tablet for sketching wireframes.', cost: 1100 }, steps: [['bob', 'reject', { comment: 'Not in this quarter\u2019s budget.' }]] },
    // Travel: manager approval (and admin above the threshold), then the travel desk books.
    { type: travel, by: 'alice', fields: { purpose: 'Customer onboarding workshop', destination: 'Berlin', departure_at: at(now, 12), return_at: at(now, 14, 18), estimated_cost: 1400 } },
    { type: travel, by: 'alice', fields: { purpose: 'Annual engineering conference', destination: 'San Francisco', departure_at: at(now, 30), return_at: at(now, 35, 18), estimated_cost: 4200 }, steps: approve },
    { type: travel, by: 'alice', fields: { purpose: 'Partner quarterly review', destination: 'London', departure_at: at(now, 20), return_at: at(now, 21, 18), estimated_cost: 900 }, steps: [...approve, ['tara', 'book', { estimated_cost: 950 }]] },
    { type: travel, by: 'alice', fields: { purpose: 'Team offsite', destination: 'Lisbon', departure_at: at(now, -20), return_at: at(now, -17, 18), estimated_cost: 1200 }, steps: [...approve, ['tara', 'book'], ['alice', 'complete', { actual_cost: 1130.5 }]] },
    { type: travel, by: 'bob', fields: { purpose: 'Hiring fair', destination: 'Amsterdam', departure_at: at(now, 8), return_at: at(now, 9, 18), estimated_cost: 700 }, steps: [['ada', 'approve'], ['bob', 'cancel', { reason: 'The fair moved online.' }]] },
    { type: travel, by: 'alice', fields: { purpose: 'Sales kickoff', destination: 'New York', departure_at: at(now, 40), return_at: at(now, 44, 18), estimated_cost: 5200 }, steps: [['bob', 'reject', { comment: 'Join remotely this year.' }]] },
    // Pending items that are neither approvals nor desk tasks.
    { type: pending, by: 'ada', fields: { type: 'review', source_id: 'quarterly-access-review', title: 'Quarterly access review', description: 'Review who holds admin rights in every system.', assignee_role: 'it', priority: 2, due_at: at(now, 5) } },
    { type: pending, by: 'ada', fields: { type: 'review', source_id: 'travel-policy-2027', title: 'Travel policy update', description: 'Check the 2027 per-diem rates before publishing.', assignee_id: 'tara', priority: 3, due_at: at(now, 10) }, steps: [['tara', 'update', { status: 'processing' }]] },
  ];
}

/** The demo directory (engine.md §3a): titles and start dates, approver groups, the systems catalogue. */
const TITLES: Record<string, [title: string, startedOn: string]> = {
  alice: ['Software engineer', '2023-03-06'],
  bob: ['Engineering manager', '2019-09-02'],
  hana: ['HR partner', '2021-01-11'],
  ivan: ['IT administrator', '2020-06-15'],
  tara: ['Travel coordinator', '2022-04-04'],
  ada: ['Head of operations', '2018-02-01'],
};
const GROUPS: { name: string; description: string; members: string[] }[] = [
  { name: 'Finance', description: 'Approves spend above the usual limits.', members: ['ada', 'bob'] },
  { name: 'Legal', description: 'Reviews contracts and data access.', members: ['hana'] },
];
/** Every system_id the demo requests use is in the catalogue, so they stay valid against it. */
const SYSTEMS: { id: string; name: string; owners: string[]; entitlements: string[]; maxDays: number | null }[] = [
  { id: 'github', name: 'GitHub', owners: ['ivan'], entitlements: ['read', 'write', 'admin'], maxDays: null },
  { id: 'aws', name: 'AWS', owners: ['ivan', 'ada'], entitlements: ['read-only', 'power-user', 'admin'], maxDays: 90 },
  { id: 'slack', name: 'Slack', owners: ['ivan'], entitlements: ['member', 'admin'], maxDays: null },
  { id: 'figma', name: 'Figma', owners: ['ivan'], entitlements: ['viewer', 'editor'], maxDays: null },
  { id: 'salesforce', name: 'Salesforce', owners: ['ada'], entitlements: ['read-only', 'standard', 'admin'], maxDays: 365 },
  { id: 'jira', name: 'Jira', owners: ['ivan'], entitlements: ['viewer', 'member', 'admin'], maxDays: null },
  { id: 'prod-db', name: 'Production database', owners: ['ivan'], entitlements: ['read-only', 'read-write'], maxDays: 30 },
  { id: 'okta', name: 'Okta', owners: ['ivan', 'ada'], entitlements: ['user', 'manager', 'admin'], maxDays: null },
  { id: 'workday', name: 'Workday', owners: ['hana'], entitlements: ['employee', 'hr-partner'], maxDays: 365 },
];

async function seedDirectory(db: Kysely<Database>, clock: Clock, tenantId: string, people: Record<string, { id: string }>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [key, [title, startedOn]] of Object.entries(TITLES)) {
      await trx.updateTable('people').set({ title, started_on: startedOn }).where('tenant_id', '=', tenantId).where('id', '=', people[key].id).execute();
    }
    for (const group of GROUPS) {
      const id = clock.id('grp');
      await trx.insertInto('groups').values({ tenant_id: tenantId, id, name: group.name, description: group.description }).execute();
      await trx.insertInto('group_members').values(group.members.map((key) => ({ tenant_id: tenantId, group_id: id, person_id: people[key].id }))).execute();
    }
    await trx
      .insertInto('systems')
      .values(SYSTEMS.map((s) => ({ tenant_id: tenantId, id: s.id, name: s.name, owner_ids: s.owners.map((key) => people[key].id), entitlements: s.entitlements, max_days: s.maxDays })))
      .execute();
  });
}

async function tenantExists(db: Kysely<Database>, slug: string): Promise<boolean> {
  return !!(await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst());
}

/** Creates one tenant with its six people; returns the people's ids by key. */
export async function seedTenant(
  db: Kysely<Database>,
  clock: Clock,
  tenant: { slug: string; name: string; domain: string },
  passwordHash: string,
): Promise<{ tenantId: string; people: Record<string, { id: string; roles: Role[] }> }> {
  const tenantId = clock.id('ten');
  const people: Record<string, { id: string; roles: Role[] }> = {};
  for (const p of DEMO_PEOPLE) people[p.key] = { id: clock.id('per'), roles: p.roles };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('tenants').values({ id: tenantId, slug: tenant.slug, name: tenant.name }).execute();
    // Managers first: the manager_id foreign key needs them.
    const ordered = [...DEMO_PEOPLE].sort((a, b) => Number(!!a.manager) - Number(!!b.manager) || (a.key === 'bob' ? -1 : 1));
    for (const p of ordered) {
      const email = `${p.key}@${tenant.domain}`;
      await trx
        .insertInto('people')
        .values({ tenant_id: tenantId, id: people[p.key].id, email, name: p.name, roles: p.roles, manager_id: p.manager ? people[p.manager].id : null, password_hash: passwordHash })
        .execute();
      await trx.insertInto('login_emails').values({ email, tenant_id: tenantId, person_id: people[p.key].id }).execute();
    }
  });
  return { tenantId, people };
}

export async function seedDemo(db: Kysely<Database>): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // A fixed "now" keeps the seed the same on every run; the requests span the days before it.
  const now = new Date(Date.UTC(2026, 10, 30, 9, 0, 0));
  for (const [index, tenant] of DEMO_TENANTS.entries()) {
    if (await tenantExists(db, tenant.slug)) continue;
    const clock = deterministicClock(new Date(now.getTime() - 6 * day), 37 * 60 * 1000, 1000 + index);
    const { tenantId, people } = await seedTenant(db, clock, tenant, passwordHash);
    await seedDirectory(db, clock, tenantId, people);
    const callerOf = (key: string): Caller => ({ tenantId, personId: people[key].id, roles: people[key].roles, appId: null, sourceType: 'frontend' });
    for (const seed of requests(now)) {
      const fields = { ...seed.fields };
      if (typeof fields.assignee_id === 'string') fields.assignee_id = people[fields.assignee_id].id;
      const record = await createRecord(contextFor(db, callerOf(seed.by), clock), seed.type, fields);
      for (const [actor, action, body] of seed.steps ?? []) {
        const ctx = contextFor(db, callerOf(actor), clock);
        if (action === 'update') {
          const { updateRecord } = await import('@/lib/operations/service');
          await updateRecord(ctx, seed.type, record.id, body);
        } else if (!(action in seed.type.actions) && action === 'approve') {
          // Equipment and travel are approved through their approval item (api.md, Lifecycles).
          const item = await db
            .selectFrom('pending_items')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('entity_id', '=', record.id)
            .where('type', '=', 'approval')
            .executeTakeFirstOrThrow();
          await performAction(ctx, pending, item.id, 'approve', body ?? {});
        } else {
          await performAction(ctx, seed.type, record.id, action, body ?? {});
        }
      }
    }
  }
}

/**
 * First start: seed the demo tenants when the database has no tenant at all — in demo mode only (the
 * embedded default, or DEMO_MODE=true). A production install starts empty: `npm run setup`.
 */
export async function seedDemoIfEmpty(db: Kysely<Database>, demoMode: boolean): Promise<void> {
  if (!demoMode) return;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(db);
  if ((rows[0]?.n ?? 0) === 0) await seedDemo(db);
}
