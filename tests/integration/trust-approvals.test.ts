/**
 * Issue 8, item 3: the ways around the approval chain that combine two legal moves, each closed
 * (engine.md §1–§2). Each test is the attack first, then what must hold.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database, Role } from '@/db/schema';
import { issuePersonalToken } from '@/lib/auth/personal-token';
import { tenantDb } from '@/lib/data/tenant-db';
import { listInbox } from '@/lib/operations/inbox';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { engineRows, file, fileTravel } from './approvals-support';

let db: Kysely<Database>;
let t: TestTenant;
let rows: ReturnType<typeof engineRows>;

const path = (resource: string, id: string, action?: string) => `/api/v1/operations/${resource}/${id}${action ? `/${action}` : ''}`;

async function post(who: PersonKey, resource: string, id: string, action: string, body: unknown = {}) {
  return api('POST', path(resource, id, action), { token: await t.token(who), body });
}

async function patch(who: PersonKey, resource: string, id: string, body: unknown) {
  return api('PATCH', path(resource, id), { token: await t.token(who), body });
}

/** A bearer token for a person added in a test (the fixture's tokens cover the six demo people). */
async function signFor(personId: string, roles: Role[]): Promise<string> {
  return (await issuePersonalToken(tenantDb(db, t.tenantId), { personId, roles }, 'test')).token;
}

function decisions(pendingId: string) {
  return db.selectFrom('approval_decisions').selectAll().where('tenant_id', '=', t.tenantId).where('pending_id', '=', pendingId).orderBy('decided_at').execute();
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  rows = engineRows(db, t.tenantId);
});

describe('(a) an edit after filing is a new filing', () => {
  it('a trip raised above the admin threshold after filing needs the admin step; the manager alone cannot approve it', async () => {
    const trip = await fileTravel(t, 'alice', 500);
    const item = await rows.approval(trip.id);
    expect(item.total_steps).toBe(1);
    const raised = await patch('alice', 'travel', trip.id, { estimated_cost: 9000 });
    expect(raised.status).toBe(200);
    expect(await rows.approval(trip.id)).toMatchObject({ id: item.id, total_steps: 2, current_step_index: 0, assignee_id: t.people.bob.id, status: 'queued' });
    expect((await post('bob', 'travel', trip.id, 'approve')).status).toBe(404); // travel is decided on its item
    const first = await post('bob', 'pending', item.id, 'approve');
    expect(first.status).toBe(200);
    expect(await rows.record('travel_requests', trip.id)).toMatchObject({ status: 'requested' });
    expect(await rows.approval(trip.id)).toMatchObject({ current_step_index: 1, assignee_role: 'admin' });
  });

  it('decisions already made are voided (kept, marked) and the chain goes back to step 0', async () => {
    const access = await file(t, 'alice', 'access');
    const item = await rows.approval(access.id);
    expect((await post('bob', 'pending', item.id, 'approve')).status).toBe(200);
    expect(await rows.approval(access.id)).toMatchObject({ current_step_index: 1 });
    // alice rewrites what bob approved, while IT has not decided yet
    expect((await patch('alice', 'access-requests', access.id, { justification: 'Now I want admin on prod' })).status).toBe(200);
    expect(await rows.approval(access.id)).toMatchObject({ current_step_index: 0, assignee_id: t.people.bob.id, status: 'queued' });
    expect(await decisions(item.id)).toEqual([expect.objectContaining({ decided_by: t.people.bob.id, decision: 'approve', voided: true })]);
    const steps = await rows.steps(item.id);
    expect(steps.map((s) => s.decision)).toEqual([null, null]);
    const audit = await rows.audit(item.id);
    expect(audit.map((a) => a.action)).toContain('restart');
    // The item carries its decisions, voided ones included, for the API and the screens.
    const read = await api('GET', path('pending', item.id), { token: await t.token('ada') });
    expect(read.body.decisions).toEqual([
      expect.objectContaining({ step_index: 0, decision: 'approve', decided_by: t.people.bob.id, on_behalf_of: null, voided: true, override: false }),
    ]);
    // bob still sees the request he decided, though its chain restarted
    expect((await api('GET', path('access-requests', access.id), { token: await t.token('bob') })).status).toBe(200);
  });

  it('tags alone do not restart the chain', async () => {
    const access = await file(t, 'alice', 'access');
    const item = await rows.approval(access.id);
    await post('bob', 'pending', item.id, 'approve');
    expect((await patch('alice', 'access-requests', access.id, { tags: { ticket: 'OPS-1' } })).status).toBe(200);
    expect(await rows.approval(access.id)).toMatchObject({ current_step_index: 1 });
  });

  it('once approved, the desk cannot book above what was approved (409), nor raise the cost by update (422); an admin can', async () => {
    const trip = await fileTravel(t, 'alice', 800);
    const item = await rows.approval(trip.id);
    expect((await post('bob', 'pending', item.id, 'approve')).status).toBe(200);
    expect(await rows.record('travel_requests', trip.id)).toMatchObject({ status: 'approved' });
    const booked = await post('tara', 'travel', trip.id, 'book', { estimated_cost: 4200 });
    expect(booked.status).toBe(409);
    const raised = await patch('tara', 'travel', trip.id, { estimated_cost: 4200 });
    expect(raised.status).toBe(422);
    expect(raised.body.errors).toContainEqual(expect.objectContaining({ path: 'estimated_cost' }));
    expect(await rows.record('travel_requests', trip.id)).toMatchObject({ status: 'approved', estimated_cost: 800 });
    // Within what was approved is fine; an admin may go beyond it.
    expect((await post('tara', 'travel', trip.id, 'book', { estimated_cost: 1900 })).status).toBe(200);
    const other = await fileTravel(t, 'alice', 800);
    await post('bob', 'pending', (await rows.approval(other.id)).id, 'approve');
    expect((await post('ada', 'travel', other.id, 'book', { estimated_cost: 4200 })).status).toBe(200);
  });
});

describe('(b) the requester is fixed after filing; the filer never decides', () => {
  it('an admin who filed for themself cannot hand the request to someone else and approve it', async () => {
    const trip = await fileTravel(t, 'ada', 300);
    const moved = await patch('ada', 'travel', trip.id, { requester_id: t.people.alice.id });
    expect(moved.status).toBe(422);
    expect(moved.body.errors).toContainEqual(expect.objectContaining({ path: 'requester_id' }));
    const item = await rows.approval(trip.id);
    expect((await post('ada', 'pending', item.id, 'approve')).status).toBe(403);
    expect(await rows.record('travel_requests', trip.id)).toMatchObject({ status: 'requested', requester_id: t.people.ada.id });
  });

  it('an admin who files on behalf of someone cannot decide it either (an override is still separation of duties)', async () => {
    const trip = await fileTravel(t, 'ada', 300, { requester_id: t.people.alice.id });
    const item = await rows.approval(trip.id);
    expect(item).toMatchObject({ assignee_id: t.people.bob.id });
    const res = await post('ada', 'pending', item.id, 'approve');
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/filed/);
  });

  it('nobody decides two steps of one chain, admin override included', async () => {
    const access = await file(t, 'alice', 'access');
    const item = await rows.approval(access.id);
    expect((await post('ada', 'pending', item.id, 'approve')).status).toBe(200); // override of bob's step
    expect((await decisions(item.id))[0]).toMatchObject({ decided_by: t.people.ada.id, override: true });
    const second = await post('ada', 'pending', item.id, 'approve');
    expect(second.status).toBe(403);
    expect(second.body.detail).toMatch(/earlier step/);
    expect((await post('ivan', 'pending', item.id, 'approve')).status).toBe(200);
    expect(await rows.record('access_requests', access.id)).toMatchObject({ status: 'approved' });
  });

  it("what an admin filed for someone else does not wait in the admin's inbox", async () => {
    const trip = await fileTravel(t, 'ada', 300, { requester_id: t.people.ivan.id });
    const inbox = await listInbox(t.ctx('ada'));
    expect(inbox.map((i) => i.entity_id)).not.toContain(trip.id);
  });

  it('a refused decision is a security event', async () => {
    const trip = await fileTravel(t, 'ada', 300);
    const item = await rows.approval(trip.id);
    await post('ada', 'pending', item.id, 'approve');
    const events = await db.selectFrom('security_events').selectAll().where('tenant_id', '=', t.tenantId).where('kind', '=', 'decision_refused').where('subject_id', '=', item.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_id: t.people.ada.id });
  });
});

describe('(c) handing a step on', () => {
  it('a requester who holds their step through a role cannot re-route their own approval to a friend', async () => {
    // A second IT person, so that the IT step stays with the it role (ivan alone could not decide it).
    await db.insertInto('people').values({ tenant_id: t.tenantId, id: `per_iris${t.slug}`, email: `iris@${t.domain}`, name: 'Iris IT', roles: ['employee', 'it'] }).execute();
    const access = await file(t, 'ivan', 'access');
    const item = await rows.approval(access.id);
    expect((await post('ada', 'pending', item.id, 'approve')).status).toBe(200); // ada, ivan's manager
    expect(await rows.approval(access.id)).toMatchObject({ current_step_index: 1, assignee_role: 'it' });
    const rerouted = await patch('ivan', 'pending', item.id, { assignee_id: t.people.alice.id });
    expect(rerouted.status).toBe(403);
    expect((await post('ivan', 'pending', item.id, 'approve')).status).toBe(403);
    expect(await rows.approval(access.id)).toMatchObject({ assignee_role: 'it', assignee_id: null });
  });

  it('an approver cannot hand a step to the whole company, to the requester, or to nobody', async () => {
    const access = await file(t, 'alice', 'access');
    const item = await rows.approval(access.id);
    const everyone = await patch('bob', 'pending', item.id, { assignee_id: null, assignee_role: 'employee' });
    expect(everyone.status).toBe(422);
    expect(everyone.body.errors).toContainEqual(expect.objectContaining({ path: 'assignee_role' }));
    const requester = await patch('bob', 'pending', item.id, { assignee_id: t.people.alice.id });
    expect(requester.status).toBe(422);
    // (e) used to be a 500
    const nobody = await patch('bob', 'pending', item.id, { assignee_id: null });
    expect(nobody.status).toBe(422);
    expect(nobody.body.errors).toContainEqual(expect.objectContaining({ path: 'assignee_id' }));
    expect(await rows.approval(access.id)).toMatchObject({ assignee_id: t.people.bob.id, assignee_role: null });
    // Handing it to a real colleague is fine, and the step follows.
    const handed = await patch('bob', 'pending', item.id, { assignee_id: t.people.tara.id });
    expect(handed.status).toBe(200);
    expect((await rows.steps(item.id))[0]).toMatchObject({ assignee_id: t.people.tara.id });
    expect((await post('bob', 'pending', item.id, 'approve')).status).toBe(404);
  });

  it('the step of someone who decided an earlier step cannot be handed back to them', async () => {
    const access = await file(t, 'alice', 'access');
    const item = await rows.approval(access.id);
    await post('bob', 'pending', item.id, 'approve');
    const back = await patch('ada', 'pending', item.id, { assignee_id: t.people.bob.id });
    expect(back.status).toBe(422);
  });

  it('a blocked item goes back to the queue when an admin hands it to someone eligible', async () => {
    const trip = await fileTravel(t, 'ada', 300, { requester_id: t.people.ivan.id });
    const item = await rows.approval(trip.id);
    expect(item.status).toBe('blocked');
    // ada filed it, so she cannot decide it, but she may hand it on
    const handed = await patch('ada', 'pending', item.id, { assignee_id: t.people.bob.id });
    expect(handed.status).toBe(200);
    expect(handed.body).toMatchObject({ status: 'queued', blocked_reason: null, assignee_id: t.people.bob.id });
    expect((await post('bob', 'pending', item.id, 'approve')).status).toBe(200);
  });

  it("engine items cannot be deleted, even by an admin; withdraw the request instead", async () => {
    const access = await file(t, 'alice', 'access');
    const item = await rows.approval(access.id);
    const res = await api('DELETE', path('pending', item.id), { token: await t.token('ada') });
    expect(res.status).toBe(403);
    expect(await rows.approval(access.id)).toMatchObject({ is_deleted: false });
  });
});

describe('(d) client-made pending items', () => {
  it('may not point an approval at an Opsdesk request, nor be requested in someone else\'s name', async () => {
    const trip = await fileTravel(t, 'alice', 100);
    const token = await t.token('bob');
    for (const entity_type of ['Travel', 'AccessRequest', 'Equipment', 'HRRequest']) {
      const res = await api('POST', '/api/v1/operations/pending', { token, body: { type: 'approval', source_id: trip.id, entity_type, entity_id: trip.id } });
      expect(res.status).toBe(422);
    }
    const impersonated = await api('POST', '/api/v1/operations/pending', {
      token,
      body: { type: 'review', source_id: 'doc-1', title: 'Review', requested_by_id: t.people.alice.id },
    });
    expect(impersonated.status).toBe(403);
    const own = await api('POST', '/api/v1/operations/pending', { token, body: { type: 'review', source_id: 'doc-1', title: 'Review', requested_by_id: t.people.bob.id } });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ engine: false });
    const asAdmin = await api('POST', '/api/v1/operations/pending', {
      token: await t.token('ada'),
      body: { type: 'review', source_id: 'doc-1', title: 'Review', requested_by_id: t.people.alice.id },
    });
    expect(asAdmin.status).toBe(201);
    // The trip's approval panel is still the engine's.
    expect((await rows.items(trip.id)).filter((i) => i.type === 'approval')).toHaveLength(1);
  });
});

describe('desks and their own requests', () => {
  it('nobody takes a desk action on a request that is theirs; another desk holder or admin does', async () => {
    const access = await file(t, 'ivan', 'access');
    const item = await rows.approval(access.id);
    await post('ada', 'pending', item.id, 'approve');
    // Step 2 is the it role: ivan may not decide his own request, whatever role he holds.
    expect((await post('ivan', 'pending', item.id, 'approve')).status).toBe(403);
    const hr = await file(t, 'hana', 'hr');
    expect((await post('hana', 'hr-requests', hr.id, 'start')).status).toBe(403);
    expect((await post('hana', 'hr-requests', hr.id, 'fulfill', { deliverable_type: 'physical' })).status).toBe(403);
    const hugo = `per_hugo${t.slug}`;
    await db.insertInto('people').values({ tenant_id: t.tenantId, id: hugo, email: `hugo@${t.domain}`, name: 'Hugo HR', roles: ['employee', 'hr'] }).execute();
    const started = await api('POST', path('hr-requests', hr.id, 'start'), { token: await signFor(hugo, ['employee', 'hr']), body: {} });
    expect(started.status).toBe(200);
    // …and a desk person's own request follows the requester's rules: no edits once it has moved on
    expect((await patch('hana', 'hr-requests', hr.id, { description: 'Changed' })).status).toBe(403);
  });
});
