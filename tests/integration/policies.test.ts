/**
 * Approval policies (engine.md §1): versions, validation, conditions, N-of-M, manager levels, groups,
 * named people, system owners, previews and dry runs, and running chains that keep their version.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { engineRows, file, fileTravel } from './approvals-support';

let db: Kysely<Database>;
let t: TestTenant;
let rows: ReturnType<typeof engineRows>;

const POLICIES = '/api/v1/approval-policies';
const path = (resource: string, id: string, action?: string) => `/api/v1/operations/${resource}/${id}${action ? `/${action}` : ''}`;

async function as(who: PersonKey, method: string, url: string, body?: unknown) {
  return api(method, url, { token: await t.token(who), body });
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  rows = engineRows(db, t.tenantId);
});

describe('reading and editing policies', () => {
  it('anyone reads the defaults as version 1: manager; IT for access; admin above the threshold for travel', async () => {
    const all = await as('alice', 'GET', POLICIES);
    expect(all.status).toBe(200);
    const byResource = Object.fromEntries(all.body.data.map((p: { resource: string }) => [p.resource, p]));
    expect(byResource['access-requests']).toMatchObject({ version: 1, steps: [{ approver: { kind: 'manager', level: 1 } }, { approver: { kind: 'role', role: 'it' } }] });
    expect(byResource.travel.steps[1]).toEqual({ approver: { kind: 'role', role: 'admin' }, when: [{ field: 'estimated_cost', op: '>', value: 2000 }] });
    expect(byResource['hr-requests']).toMatchObject({ steps: [] });
    expect((await as('alice', 'GET', `${POLICIES}/payroll`)).status).toBe(404);
  });

  it('only admins edit; each PUT is a new version and earlier ones stay readable', async () => {
    const steps = [{ approver: { kind: 'manager', level: 1 } }, { approver: { kind: 'role', role: 'it' }, rule: { min: 2 } }];
    expect((await as('bob', 'PUT', `${POLICIES}/equipment`, { steps })).status).toBe(403);
    const first = await as('ada', 'PUT', `${POLICIES}/equipment`, { steps });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ resource: 'equipment', version: 2, steps });
    const second = await as('ada', 'PUT', `${POLICIES}/equipment`, { steps: [steps[0]] });
    expect(second.body.version).toBe(3);
    expect((await as('alice', 'GET', `${POLICIES}/equipment?version=1`)).body.steps).toEqual([{ approver: { kind: 'manager', level: 1 } }]);
    expect((await as('alice', 'GET', `${POLICIES}/equipment?version=2`)).body.steps).toEqual(steps);
    expect((await as('alice', 'GET', `${POLICIES}/equipment?version=9`)).status).toBe(404);
    expect((await as('alice', 'GET', `${POLICIES}/equipment/versions`)).body.data.map((p: { version: number }) => p.version)).toEqual([3, 2, 1]);
    const events = await db.selectFrom('security_events').select('kind').where('tenant_id', '=', t.tenantId).where('kind', '=', 'policy_edited').execute();
    expect(events.length).toBeGreaterThanOrEqual(2);
  });

  it('422 for an unknown field, op, role, person or kind, naming it', async () => {
    const bad = [
      [{ approver: { kind: 'role', role: 'admin' }, when: [{ field: 'colour', op: '=', value: 'red' }] }, 'steps.0.when.0.field'],
      [{ approver: { kind: 'role', role: 'admin' }, when: [{ field: 'estimated_cost', op: '~', value: 1 }] }, 'steps.0.when.0.op'],
      [{ approver: { kind: 'role', role: 'wizard' } }, 'steps.0.approver.role'],
      [{ approver: { kind: 'role', role: 'employee' } }, 'steps.0.approver.role'],
      [{ approver: { kind: 'person', person_id: 'per_nobody' } }, 'steps.0.approver.person_id'],
      [{ approver: { kind: 'group', group_id: 'grp_nobody' } }, 'steps.0.approver.group_id'],
      [{ approver: { kind: 'oracle' } }, 'steps.0.approver.kind'],
      [{ approver: { kind: 'role', role: 'admin' }, when: [{ field: 'estimated_cost', op: '>', value: 'lots' }] }, 'steps.0.when.0.value'],
      [{ approver: { kind: 'system_owner' } }, 'steps.0.approver.kind'],
    ] as const;
    for (const [step, field] of bad) {
      const res = await as('ada', 'PUT', `${POLICIES}/travel`, { steps: [step] });
      expect(res.status, JSON.stringify(step)).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path), JSON.stringify(step)).toContain(field);
    }
    expect((await as('ada', 'PUT', `${POLICIES}/travel`, { steps: [], extra: 1 })).status).toBe(422);
  });
});

describe('chains follow the policy', () => {
  it('a new request follows the new version; one filed before keeps its chain and version', async () => {
    const before = await file(t, 'alice', 'access');
    const beforeItem = await rows.approval(before.id);
    expect(beforeItem).toMatchObject({ total_steps: 2 });
    const current = (await as('alice', 'GET', `${POLICIES}/access-requests`)).body.version;
    await as('ada', 'PUT', `${POLICIES}/access-requests`, { steps: [{ approver: { kind: 'role', role: 'it' } }] });
    const after = await file(t, 'alice', 'access');
    expect(await rows.approval(after.id)).toMatchObject({ total_steps: 1, assignee_role: 'it', policy_version: current + 1 });
    expect(await rows.approval(before.id)).toMatchObject({ total_steps: 2, policy_version: beforeItem.policy_version, assignee_id: t.people.bob.id });
    // The old chain still runs to its end: bob, then IT.
    expect((await as('bob', 'POST', path('pending', beforeItem.id, 'approve'))).status).toBe(200);
    expect((await as('ivan', 'POST', path('pending', beforeItem.id, 'approve'))).status).toBe(200);
    expect(await rows.record('access_requests', before.id)).toMatchObject({ status: 'approved' });
    await as('ada', 'PUT', `${POLICIES}/access-requests`, { steps: [{ approver: { kind: 'manager', level: 1 } }, { approver: { kind: 'role', role: 'it' } }] });
  });

  it('two of IT: both distinct IT approvers are needed; one cannot count twice', async () => {
    const iris = `per_iris${t.slug}`;
    await db.insertInto('people').values({ tenant_id: t.tenantId, id: iris, email: `iris@${t.domain}`, name: 'Iris IT', roles: ['employee', 'it'] }).execute();
    await as('ada', 'PUT', `${POLICIES}/equipment`, { steps: [{ approver: { kind: 'role', role: 'it' }, rule: { min: 2 } }] });
    const laptop = await file(t, 'alice', 'equipment');
    const item = await rows.approval(laptop.id);
    expect((await as('ivan', 'POST', path('pending', item.id, 'approve'))).status).toBe(200);
    expect(await rows.record('equipment_requests', laptop.id)).toMatchObject({ status: 'requested' });
    const again = await as('ivan', 'POST', path('pending', item.id, 'approve'));
    expect(again.status).toBe(409);
    const { issuePersonalToken } = await import('@/lib/auth/personal-token');
    const { tenantDb } = await import('@/lib/data/tenant-db');
    const irisToken = (await issuePersonalToken(tenantDb(db, t.tenantId), { personId: iris, roles: ['employee', 'it'] }, 'test')).token;
    const second = await api('POST', path('pending', item.id, 'approve'), { token: irisToken, body: {} });
    expect(second.status).toBe(200);
    expect(await rows.record('equipment_requests', laptop.id)).toMatchObject({ status: 'approved' });
    const read = await as('ada', 'GET', path('pending', item.id));
    expect(read.body.decisions.map((d: { decided_by: string }) => d.decided_by)).toEqual([t.people.ivan.id, iris]);
  });

  it('a step needing more approvers than may decide it is blocked, saying why', async () => {
    await as('ada', 'PUT', `${POLICIES}/equipment`, { steps: [{ approver: { kind: 'role', role: 'travel' }, rule: { min: 3 } }] });
    const chair = await file(t, 'alice', 'equipment');
    expect(await rows.approval(chair.id)).toMatchObject({ status: 'blocked', blocked_reason: expect.stringMatching(/needs 3 approvers/) });
  });

  it("manager levels: level 2 is the manager's manager", async () => {
    await as('ada', 'PUT', `${POLICIES}/equipment`, { steps: [{ approver: { kind: 'manager', level: 2 } }] });
    const monitor = await file(t, 'alice', 'equipment'); // alice → bob → ada
    expect(await rows.approval(monitor.id)).toMatchObject({ assignee_id: t.people.ada.id });
  });

  it('a named person, a group of several, and a condition that leaves a step out', async () => {
    const group = await as('ada', 'POST', '/api/v1/groups', { name: `Finance ${t.slug}`, member_ids: [t.people.hana.id, t.people.tara.id] });
    expect(group.status).toBe(201);
    await as('ada', 'PUT', `${POLICIES}/travel`, {
      steps: [
        { approver: { kind: 'person', person_id: t.people.ivan.id } },
        { approver: { kind: 'group', group_id: group.body.id }, when: [{ field: 'estimated_cost', op: '>=', value: 1000 }] },
      ],
    });
    const cheap = await fileTravel(t, 'alice', 300);
    expect(await rows.approval(cheap.id)).toMatchObject({ total_steps: 1, assignee_id: t.people.ivan.id });
    const dear = await fileTravel(t, 'alice', 5000);
    const item = await rows.approval(dear.id);
    expect(item.total_steps).toBe(2);
    expect((await as('ivan', 'POST', path('pending', item.id, 'approve'))).status).toBe(200);
    const moved = await rows.approval(dear.id);
    expect(moved).toMatchObject({ current_step_index: 1, assignee_id: null, assignee_role: null });
    expect([...(moved.candidate_ids ?? [])].sort()).toEqual([t.people.hana.id, t.people.tara.id].sort());
    // Either member sees it in their inbox and decides; others do not see it.
    expect((await as('bob', 'POST', path('pending', item.id, 'approve'))).status).toBe(404);
    expect((await as('hana', 'POST', path('pending', item.id, 'approve'))).status).toBe(200);
    expect(await rows.record('travel_requests', dear.id)).toMatchObject({ status: 'approved' });
  });

  it('a policy that asks for nobody approves the request at once and opens the desk task', async () => {
    await as('ada', 'PUT', `${POLICIES}/travel`, { steps: [{ approver: { kind: 'role', role: 'admin' }, when: [{ field: 'estimated_cost', op: '>', value: 10000 }] }] });
    const res = await as('alice', 'POST', '/api/v1/operations/travel', {
      purpose: 'Workshop', destination: 'Oslo', departure_at: '2027-02-01T08:00:00Z', return_at: '2027-02-03T18:00:00Z', estimated_cost: 900,
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('approved');
    expect((await rows.tasks(res.body.id)).map((i) => i.assignee_role)).toEqual(['travel']);
  });
});

describe('HR requests may have a policy too', () => {
  it('with a manager step the HR desk waits for the approval, then takes the request from pending', async () => {
    await as('ada', 'PUT', `${POLICIES}/hr-requests`, { steps: [{ approver: { kind: 'manager', level: 1 } }] });
    try {
      const letter = await file(t, 'alice', 'hr');
      const item = await rows.approval(letter.id);
      expect(item).toMatchObject({ assignee_id: t.people.bob.id });
      expect(await rows.tasks(letter.id)).toHaveLength(0);
      // The desk does not act while the approval is open.
      expect((await as('hana', 'POST', path('hr-requests', letter.id, 'start'))).status).toBe(409);
      expect((await as('bob', 'POST', path('pending', item.id, 'approve'))).status).toBe(200);
      expect(await rows.record('hr_requests', letter.id)).toMatchObject({ status: 'pending' });
      expect((await rows.tasks(letter.id)).map((task) => task.assignee_role)).toEqual(['hr']);
      expect((await as('hana', 'POST', path('hr-requests', letter.id, 'start'))).status).toBe(200);
      // A rejection rejects the request.
      const other = await file(t, 'alice', 'hr');
      const otherItem = await rows.approval(other.id);
      expect((await as('bob', 'POST', path('pending', otherItem.id, 'reject'), { comment: 'Ask HR in January' })).status).toBe(200);
      expect(await rows.record('hr_requests', other.id)).toMatchObject({ status: 'rejected' });
      expect(await rows.tasks(other.id)).toHaveLength(0);
    } finally {
      await as('ada', 'PUT', `${POLICIES}/hr-requests`, { steps: [] });
    }
    // With no steps again, a letter goes straight to the desk.
    const straight = await file(t, 'alice', 'hr');
    expect(await rows.items(straight.id)).toEqual([expect.objectContaining({ type: 'task', assignee_role: 'hr' })]);
  });
});

describe('preview: who will approve this', () => {
  it('shows each step with its people as the draft stands, from the same code that files it', async () => {
    await as('ada', 'PUT', `${POLICIES}/travel`, {
      steps: [{ approver: { kind: 'manager', level: 1 } }, { approver: { kind: 'role', role: 'admin' }, when: [{ field: 'estimated_cost', op: '>', value: 2000 }] }],
    });
    const small = await as('alice', 'POST', `${POLICIES}/travel/preview`, { destination: 'Rome', estimated_cost: 500 });
    expect(small.status).toBe(200);
    expect(small.body.steps).toEqual([expect.objectContaining({ index: 0, rule: { min: 1 }, approvers: [{ id: t.people.bob.id, name: 'Bob Brennan' }], summary: 'Manager' })]);
    const big = await as('alice', 'POST', `${POLICIES}/travel/preview`, { estimated_cost: 'not yet a number', destination: 'Rome' });
    expect(big.body.steps).toHaveLength(1);
    const dear = await as('alice', 'POST', `${POLICIES}/travel/preview`, { estimated_cost: 4500 });
    expect(dear.body.steps.map((s: { approvers: { id: string }[] }) => s.approvers.map((a) => a.id))).toEqual([[t.people.bob.id], [t.people.ada.id]]);
  });

  it('dry-runs a draft policy against an existing request', async () => {
    const trip = await fileTravel(t, 'alice', 800);
    const res = await as('ada', 'POST', `${POLICIES}/travel/preview?record_id=${trip.id}`, {
      policy: { steps: [{ approver: { kind: 'role', role: 'it' }, rule: { min: 1 } }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.steps).toEqual([expect.objectContaining({ summary: 'IT', approvers: expect.arrayContaining([{ id: t.people.ivan.id, name: 'Ivan Ilic' }]) })]);
    // Someone who cannot see the request cannot dry-run against it.
    expect((await as('hana', 'POST', `${POLICIES}/travel/preview?record_id=${trip.id}`, {})).status).toBe(404);
  });
});
