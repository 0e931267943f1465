/**
 * Offboarding (engine.md §3a, issue 15): an admin deactivates ivan while he holds an approval step, a desk
 * task, a delegation, provisioned access and delivered equipment. Each consequence is checked: his token
 * and sessions stop at once, the step and task go to his manager with a note, the delegation ends, a
 * revoke request (approved, system-filed, IT task) and a return task appear, the checklist says what was
 * done and what remains, he cannot sign in, and reactivation brings sign-in back but nothing else.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { findIdentityByEmail } from '@/lib/data/accounts';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { collection, validBody } from '../support/records';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { engineRows } from './approvals-support';

let db: Kysely<Database>;
let t: TestTenant;
let rows: ReturnType<typeof engineRows>;
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  rows = engineRows(db, t.tenantId);
});

/** Moves a record straight to a later status and closes its engine items (a fixture, not a flow under test). */
async function forceStatus(table: 'access_requests' | 'equipment_requests', id: string, status: string) {
  await db.updateTable(table).set({ status } as never).where('tenant_id', '=', t.tenantId).where('id', '=', id).execute();
  await db.updateTable('pending_items').set({ status: 'completed' }).where('tenant_id', '=', t.tenantId).where('entity_id', '=', id).execute();
}

describe('deactivating ivan', () => {
  it('ends his access and hands on everything he holds, with a checklist', async () => {
    const ada = await t.token('ada');
    const alice = await t.token('alice');
    const bob = await t.token('bob');
    const ivan = await t.token('ivan');

    // A travel step handed to ivan by name, and an IT task handed to him.
    const trip = await api('POST', collection('travel'), { token: alice, body: validBody('travel') });
    const tripItem = await rows.approval(trip.body.id);
    expect((await api('PATCH', `/api/v1/operations/pending/${tripItem.id}`, { token: ada, body: { assignee_id: t.people.ivan.id } })).status).toBe(200);
    const access = await api('POST', collection('access-requests'), { token: alice, body: validBody('access-requests') });
    const accessItem = await rows.approval(access.body.id);
    expect((await api('POST', `/api/v1/operations/pending/${accessItem.id}/approve`, { token: bob, body: {} })).status).toBe(200);
    expect((await api('POST', `/api/v1/operations/pending/${accessItem.id}/approve`, { token: ada, body: {} })).status).toBe(200);
    const [task] = await rows.tasks(access.body.id);
    expect(task).toMatchObject({ assignee_role: 'it', status: 'queued' });
    expect((await api('PATCH', `/api/v1/operations/pending/${task.id}`, { token: ada, body: { assignee_id: t.people.ivan.id } })).status).toBe(200);

    // Bob is away and ivan decides for him; ivan has handed his own steps to tara.
    expect((await api('PUT', '/api/v1/me/delegation', { token: bob, body: { delegate_id: t.people.ivan.id, ends_at: inDays(5) } })).status).toBe(200);
    expect((await api('PUT', '/api/v1/me/delegation', { token: ivan, body: { delegate_id: t.people.tara.id, ends_at: inDays(5) } })).status).toBe(200);

    // Ivan's provisioned access and delivered laptop.
    const grant = await api('POST', collection('access-requests'), { token: ivan, body: validBody('access-requests', { system_id: 'aws', entitlement_type: 'admin', expires_at: inDays(30) }) });
    await forceStatus('access_requests', grant.body.id, 'provisioned');
    const laptop = await api('POST', collection('equipment'), { token: ivan, body: validBody('equipment') });
    await forceStatus('equipment_requests', laptop.body.id, 'delivered');

    // Before: the checklist is empty.
    expect((await api('GET', `/api/v1/people/${t.people.ivan.id}/offboarding`, { token: ada })).body).toMatchObject({ active: true, items: [], remaining: 0 });

    const off = await api('PATCH', `/api/v1/people/${t.people.ivan.id}`, { token: ada, body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);

    // His token stops at once; he cannot sign in with his password or get a token.
    expect((await api('GET', '/api/v1/me', { token: ivan })).status).toBe(401);
    expect(await findIdentityByEmail(t.people.ivan.email)).toBeUndefined();
    expect((await signInWithPassword(t.people.ivan.email, 'demo', '203.0.113.9')).outcome).toBe('wrong');
    expect((await api('POST', '/api/v1/auth/token', { body: { email: t.people.ivan.email, password: 'demo' }, remoteAddress: '203.0.113.10' })).status).toBe(401);

    // The step and the task went to his manager (ada), with a note in the history.
    expect(await rows.approval(trip.body.id)).toMatchObject({ assignee_id: t.people.ada.id, assignee_role: null });
    expect((await rows.tasks(access.body.id))[0]).toMatchObject({ assignee_id: t.people.ada.id, status: 'queued' });
    const notes = (await rows.audit(trip.body.id)).filter((e) => e.action === 'reassign');
    expect(notes.at(-1)?.comment).toMatch(/^Ivan Ilic was deactivated: their approval step went to Ada/);
    const taskNotes = (await rows.audit(access.body.id)).filter((e) => e.action === 'reassign');
    expect(taskNotes.at(-1)?.comment).toMatch(/^Ivan Ilic was deactivated: their task went to Ada/);

    // Delegations to and from him ended.
    const live = await db.selectFrom('delegations').select('id').where('tenant_id', '=', t.tenantId).where('ended_at', 'is', null).execute();
    expect(live).toEqual([]);

    // A revoke request: approved, filed by the system, linked, with an IT task.
    const revokes = await db.selectFrom('access_requests').selectAll().where('tenant_id', '=', t.tenantId).where('access_type', '=', 'revoke').execute();
    expect(revokes).toHaveLength(1);
    expect(revokes[0]).toMatchObject({ status: 'approved', source_type: 'system', created_by: null, requester_id: t.people.ivan.id, system_id: 'aws', entitlement_type: 'admin' });
    expect(revokes[0].tags).toMatchObject({ revokes: grant.body.id });
    expect(await rows.tasks(revokes[0].id)).toMatchObject([{ assignee_role: 'it', status: 'queued' }]);

    // A return task for the laptop.
    const returnTasks = await rows.tasks(laptop.body.id);
    expect(returnTasks.filter((i) => i.status !== 'completed')).toMatchObject([{ assignee_role: 'it', title: expect.stringMatching(/^Return/) }]);

    // The checklist: what was done, what remains (the revoke and the laptop wait on IT).
    const list = await api('GET', `/api/v1/people/${t.people.ivan.id}/offboarding`, { token: ada });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ active: false, deactivated_by: t.people.ada.id, remaining: 2 });
    const remaining = list.body.items.filter((i: { status: string }) => i.status === 'remaining').map((i: { kind: string }) => i.kind).sort();
    expect(remaining).toEqual(['access', 'equipment']);
    expect(list.body.items.filter((i: { kind: string; status: string }) => i.status === 'done').map((i: { kind: string }) => i.kind)).toEqual(
      expect.arrayContaining(['sessions', 'approval_step', 'desk_task', 'delegations']),
    );
    // Only admins read it; another tenant's admin gets a 404.
    expect((await api('GET', `/api/v1/people/${t.people.ivan.id}/offboarding`, { token: bob })).status).toBe(403);
    const other = await createTestTenant(db);
    expect((await api('GET', `/api/v1/people/${t.people.ivan.id}/offboarding`, { token: await other.token('ada') })).status).toBe(404);

    // IT's other holder (ada as admin) removes the access and takes the laptop back: the checklist clears.
    expect((await api('POST', `/api/v1/operations/access-requests/${revokes[0].id}/provision`, { token: ada, body: {} })).status).toBe(200);
    expect((await api('POST', `/api/v1/operations/equipment/${laptop.body.id}/return`, { token: ada, body: {} })).status).toBe(200);
    expect((await rows.tasks(laptop.body.id)).every((i) => i.status === 'completed')).toBe(true);
    const after = await api('GET', `/api/v1/people/${t.people.ivan.id}/offboarding`, { token: ada });
    expect(after.body.remaining).toBe(0);

    // His history stays: his requests are still there, under his name.
    expect((await api('GET', `/api/v1/operations/equipment/${laptop.body.id}`, { token: ada })).body.requester_id).toBe(t.people.ivan.id);

    const security = await db.selectFrom('security_events').select(['kind', 'subject_id']).where('tenant_id', '=', t.tenantId).where('kind', '=', 'person_deactivated').execute();
    expect(security).toEqual([{ kind: 'person_deactivated', subject_id: t.people.ivan.id }]);

    // Reactivated: he may sign in again; nothing offboarding did comes back.
    expect((await api('PATCH', `/api/v1/people/${t.people.ivan.id}`, { token: ada, body: { active: true } })).status).toBe(200);
    expect((await signInWithPassword(t.people.ivan.email, 'demo', '203.0.113.11')).outcome).toBe('signed_in');
    expect((await api('GET', '/api/v1/me', { token: ivan })).status).toBe(401);
    expect(await rows.approval(trip.body.id)).toMatchObject({ assignee_id: t.people.ada.id });
  });

  it('a step whose manager may not hold it goes to the admins; nobody deactivates themselves', async () => {
    const ada = await t.token('ada');
    // Bob's trip, its step handed to alice; alice's manager is bob, the requester, so it cannot go to him.
    const bob = await t.token('bob');
    const trip = await api('POST', collection('travel'), { token: bob, body: validBody('travel') });
    const item = await rows.approval(trip.body.id);
    expect((await api('PATCH', `/api/v1/operations/pending/${item.id}`, { token: ada, body: { assignee_id: t.people.alice.id } })).status).toBe(200);
    expect((await api('PATCH', `/api/v1/people/${t.people.alice.id}`, { token: ada, body: { active: false } })).status).toBe(200);
    expect(await rows.approval(trip.body.id)).toMatchObject({ assignee_id: null, assignee_role: 'admin' });
    const self = await api('PATCH', `/api/v1/people/${t.people.ada.id}`, { token: ada, body: { active: false } });
    expect(self.status).toBe(422);
    expect(self.body.errors[0].path).toBe('active');
  });
});

describe('onboarding: a starter bundle filed with the new person', () => {
  it('files a laptop, standard access and a welcome letter through the usual policies; the admin who filed them cannot approve them', async () => {
    const ada = await t.token('ada');
    const email = `starter.${Math.random().toString(36).slice(2, 8)}@${t.domain}`;
    const bad = await api('POST', '/api/v1/people', { token: ada, body: { name: 'Nina Newcomer', email, manager_id: t.people.bob.id, starter_bundle: { system_ids: [''] } } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('starter_bundle.system_ids.0');
    expect(await db.selectFrom('people').select('id').where('tenant_id', '=', t.tenantId).where('email', '=', email).executeTakeFirst()).toBeUndefined();

    const res = await api('POST', '/api/v1/people', { token: ada, body: { name: 'Nina Newcomer', email, manager_id: t.people.bob.id, started_on: '2027-01-04', starter_bundle: { system_ids: ['slack'] } } });
    expect(res.status).toBe(201);
    const nina = res.body.id;
    const filed = async (table: 'equipment_requests' | 'access_requests' | 'hr_requests') =>
      db.selectFrom(table).select(['id', 'requester_id', 'created_by', 'status']).where('tenant_id', '=', t.tenantId).where('requester_id', '=', nina).execute();
    const [laptops, access, letters] = await Promise.all([filed('equipment_requests'), filed('access_requests'), filed('hr_requests')]);
    expect(laptops).toMatchObject([{ created_by: t.people.ada.id, status: 'requested' }]);
    expect(access).toMatchObject([{ created_by: t.people.ada.id, status: 'pending' }]);
    expect(letters).toMatchObject([{ created_by: t.people.ada.id, status: 'pending' }]);

    // The manager decides; the admin who filed it may not (separation of duties).
    const item = await rows.approval(laptops[0].id);
    expect(item.assignee_id).toBe(t.people.bob.id);
    expect((await api('POST', `/api/v1/operations/pending/${item.id}/approve`, { token: ada, body: {} })).status).toBe(403);
    expect((await api('POST', `/api/v1/operations/pending/${item.id}/approve`, { token: await t.token('bob'), body: {} })).status).toBe(200);
  });
});
