/**
 * Deciding approvals: the approval item and the record's own approve/reject are one decision; steps move
 * on and reassign; the last step approves the record and opens the desk task; the desk action closes it;
 * rejects and withdrawals close what waits. Every decision is kept and audited.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { accessRequest, equipment, hrRequest, pending, travel } from '@/lib/operations/registry';
import { deleteRecord, performAction } from '@/lib/operations/service';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { engineRows, file, fileTravel } from './approvals-support';

let db: Kysely<Database>;
let t: TestTenant;
let rows: ReturnType<typeof engineRows>;

const path = (resource: string, id: string, action?: string) => `/api/v1/operations/${resource}/${id}${action ? `/${action}` : ''}`;

async function post(who: PersonKey, resource: string, id: string, action: string, body: unknown = {}, tenant = t) {
  return api('POST', path(resource, id, action), { token: await tenant.token(who), body });
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  rows = engineRows(db, t.tenantId);
});

describe('an access request through its two steps', () => {
  it('approve on the item moves the step on and reassigns; the last step approves the record and opens the it task', async () => {
    const record = await file(t, 'alice', 'access');
    const item = await rows.approval(record.id);

    const first = await post('bob', 'pending', item.id, 'approve', { comment: 'Fine by me' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: item.id, current_step_index: 1, total_steps: 2, assignee_id: null, assignee_role: 'it', status: 'queued', completed_at: null });
    expect(await rows.record('access_requests', record.id)).toMatchObject({ status: 'pending', approver_id: null, approved_at: null });
    expect(await rows.tasks(record.id)).toHaveLength(0);

    const second = await post('ivan', 'pending', item.id, 'approve', { comment: 'Licence available' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'completed', current_step_index: 1 });
    expect(second.body.completed_at).toEqual(expect.any(String));
    const approved = await rows.record('access_requests', record.id);
    expect(approved).toMatchObject({ status: 'approved', approver_id: t.people.ivan.id });
    expect(approved?.approved_at).toEqual(expect.any(String));

    const steps = await rows.steps(item.id);
    expect(steps.map((s) => [s.step_index, s.decision, s.decided_by, s.comment])).toEqual([
      [0, 'approved', t.people.bob.id, 'Fine by me'],
      [1, 'approved', t.people.ivan.id, 'Licence available'],
    ]);
    for (const step of steps) expect(step.decided_at).toEqual(expect.any(String));

    const tasks = await rows.tasks(record.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ assignee_role: 'it', status: 'queued', requested_by_id: t.people.alice.id, entity_type: 'AccessRequest' });

    const recordAudit = (await rows.audit(record.id)).map((a) => [a.action, a.actor_id, a.comment]);
    expect(recordAudit).toEqual([
      ['create', t.people.alice.id, null],
      ['approve', t.people.bob.id, 'Fine by me'],
      ['approve', t.people.ivan.id, 'Licence available'],
    ]);
    const itemAudit = (await rows.audit(item.id)).map((a) => [a.action, a.actor_id]);
    expect(itemAudit).toEqual([
      ['approve', t.people.bob.id],
      ['approve', t.people.ivan.id],
    ]);

    const provisioned = await post('ivan', 'access-requests', record.id, 'provision', { entitlement_type: 'write' });
    expect(provisioned.status).toBe(200);
    expect(provisioned.body).toMatchObject({ status: 'provisioned', granted_by_id: t.people.ivan.id });
    expect((await rows.tasks(record.id))[0]).toMatchObject({ status: 'completed' });
    expect((await rows.tasks(record.id))[0].completed_at).not.toBeNull();
  });

  it('approve on the access request itself is the same decision', async () => {
    const record = await file(t, 'alice', 'access');
    const item = await rows.approval(record.id);
    const first = await performAction(t.ctx('bob'), accessRequest, record.id, 'approve', { comment: 'ok' });
    expect(first).toMatchObject({ status: 'pending', approver_id: null });
    expect(await rows.approval(record.id)).toMatchObject({ id: item.id, current_step_index: 1, assignee_role: 'it', assignee_id: null });

    // Mixed: the it step decided on the item.
    const second = await performAction(t.ctx('ivan'), pending, item.id, 'approve', {});
    expect(second).toMatchObject({ status: 'completed' });
    expect(await rows.record('access_requests', record.id)).toMatchObject({ status: 'approved', approver_id: t.people.ivan.id });
    expect((await rows.steps(item.id)).map((s) => s.decided_by)).toEqual([t.people.bob.id, t.people.ivan.id]);
  });

  it('reject at the first step completes the item and rejects the record; no desk task', async () => {
    const record = await file(t, 'alice', 'access');
    const item = await rows.approval(record.id);
    const res = await post('bob', 'access-requests', record.id, 'reject', { comment: 'Not needed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', approver_id: t.people.bob.id, approved_at: null });
    expect(await rows.approval(record.id)).toMatchObject({ status: 'completed', current_step_index: 0 });
    expect((await rows.approval(record.id)).completed_at).not.toBeNull();
    expect((await rows.steps(item.id)).map((s) => [s.decision, s.decided_by, s.comment])).toEqual([
      ['rejected', t.people.bob.id, 'Not needed'],
      [null, null, null],
    ]);
    expect(await rows.tasks(record.id)).toHaveLength(0);
  });

  it('reject at the last step rejects the record', async () => {
    const record = await file(t, 'alice', 'access');
    const item = await rows.approval(record.id);
    expect((await post('bob', 'pending', item.id, 'approve')).status).toBe(200);
    const res = await post('ivan', 'pending', item.id, 'reject', { comment: 'No seats' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'completed' });
    expect(await rows.record('access_requests', record.id)).toMatchObject({ status: 'rejected', approver_id: t.people.ivan.id });
    expect(await rows.tasks(record.id)).toHaveLength(0);
  });

  it('admin may decide a step that is not theirs', async () => {
    const record = await file(t, 'alice', 'access');
    const res = await post('ada', 'access-requests', record.id, 'approve', { comment: 'Bob is away' });
    expect(res.status).toBe(200);
    const item = await rows.approval(record.id);
    expect(item).toMatchObject({ current_step_index: 1 });
    expect((await rows.steps(item.id))[0]).toMatchObject({ decided_by: t.people.ada.id, comment: 'Bob is away' });
  });
});

describe('equipment, travel and HR desks', () => {
  it('equipment: the manager approves, the it task starts with the first stage and completes on delivery', async () => {
    const record = await file(t, 'alice', 'equipment');
    const item = await rows.approval(record.id);
    expect((await post('bob', 'pending', item.id, 'approve')).status).toBe(200);
    expect(await rows.record('equipment_requests', record.id)).toMatchObject({ status: 'approved', approver_id: t.people.bob.id });
    expect(await rows.tasks(record.id)).toEqual([expect.objectContaining({ assignee_role: 'it', status: 'queued' })]);

    expect((await post('ivan', 'equipment', record.id, 'provision', { stage: 'ordered' })).status).toBe(200);
    expect((await rows.tasks(record.id))[0]).toMatchObject({ status: 'processing', completed_at: null });
    expect((await post('ivan', 'equipment', record.id, 'provision', {})).body).toMatchObject({ status: 'shipped' });
    expect((await rows.tasks(record.id))[0]).toMatchObject({ status: 'processing' });
    expect((await post('ivan', 'equipment', record.id, 'provision', { stage: 'delivered' })).body).toMatchObject({ status: 'delivered' });
    expect((await rows.tasks(record.id))[0]).toMatchObject({ status: 'completed' });
  });

  it('equipment: reject on the record rejects through the approval item', async () => {
    const record = await file(t, 'alice', 'equipment');
    const res = await post('bob', 'equipment', record.id, 'reject', { comment: 'Wait for the refresh' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', approver_id: t.people.bob.id });
    expect(await rows.approval(record.id)).toMatchObject({ status: 'completed' });
  });

  it('travel above the threshold: manager, then the admin role; then the travel desk books', async () => {
    const record = await fileTravel(t, 'alice', 4800);
    const item = await rows.approval(record.id);
    expect((await post('bob', 'pending', item.id, 'approve')).body).toMatchObject({ current_step_index: 1, assignee_role: 'admin', assignee_id: null });
    expect(await rows.record('travel_requests', record.id)).toMatchObject({ status: 'requested' });
    expect((await post('ada', 'pending', item.id, 'approve')).status).toBe(200);
    expect(await rows.record('travel_requests', record.id)).toMatchObject({ status: 'approved', approver_id: t.people.ada.id });
    expect(await rows.tasks(record.id)).toEqual([expect.objectContaining({ assignee_role: 'travel', status: 'queued' })]);

    const booked = await post('tara', 'travel', record.id, 'book', { estimated_cost: 4700 });
    expect(booked.status).toBe(200);
    expect(booked.body).toMatchObject({ status: 'booked' });
    expect((await rows.tasks(record.id))[0]).toMatchObject({ status: 'completed' });
  });

  it('travel below the threshold: the manager alone approves', async () => {
    const record = await fileTravel(t, 'alice', 300);
    const item = await rows.approval(record.id);
    expect((await post('bob', 'pending', item.id, 'approve')).body).toMatchObject({ status: 'completed' });
    expect(await rows.record('travel_requests', record.id)).toMatchObject({ status: 'approved' });
  });

  it('HR: start moves the task to processing, fulfil completes it', async () => {
    const record = await file(t, 'alice', 'hr');
    expect((await post('hana', 'hr-requests', record.id, 'start')).status).toBe(200);
    expect((await rows.tasks(record.id))[0]).toMatchObject({ status: 'processing', completed_at: null });
    const res = await performAction(t.ctx('hana'), hrRequest, record.id, 'fulfill', { deliverable_type: 'digital', deliverable_url: 'https://files.example/letter.pdf' });
    expect(res).toMatchObject({ status: 'completed', fulfilled_by: t.people.hana.id });
    expect((await rows.tasks(record.id))[0]).toMatchObject({ status: 'completed' });
  });

  it('HR: reject completes the task at once', async () => {
    const record = await file(t, 'alice', 'hr');
    expect((await post('hana', 'hr-requests', record.id, 'reject', { reason: 'Duplicate' })).status).toBe(200);
    expect((await rows.tasks(record.id))[0]).toMatchObject({ status: 'completed' });
  });
});

describe('withdrawing a request', () => {
  it('closes its open approval item; deciding it afterwards is a conflict', async () => {
    const record = await file(t, 'alice', 'access');
    const item = await rows.approval(record.id);
    expect((await api('DELETE', path('access-requests', record.id), { token: await t.token('alice') })).status).toBe(204);
    expect(await rows.approval(record.id)).toMatchObject({ status: 'completed' });
    expect((await rows.audit(item.id)).map((a) => [a.action, a.comment])).toEqual([['update', 'Request withdrawn']]);
    const late = await post('bob', 'pending', item.id, 'approve');
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ current_status: 'completed', allowed_actions: [] });
    expect((await rows.steps(item.id)).every((s) => s.decision === null)).toBe(true);
    expect((await post('bob', 'access-requests', record.id, 'approve')).status).toBe(404);
  });

  it('closes an HR task', async () => {
    const record = await file(t, 'alice', 'hr');
    await deleteRecord(t.ctx('alice'), hrRequest, record.id);
    expect((await rows.tasks(record.id))[0]).toMatchObject({ status: 'completed' });
  });
});

describe('who may decide', () => {
  it('nobody approves their own request: 403 on the item and on the record', async () => {
    const record = await file(t, 'alice', 'access');
    const item = await rows.approval(record.id);
    expect((await post('alice', 'pending', item.id, 'approve')).status).toBe(403);
    expect((await post('alice', 'access-requests', record.id, 'approve')).status).toBe(403);
    expect((await post('alice', 'access-requests', record.id, 'reject')).status).toBe(403);
    expect((await rows.steps(item.id))[0].decision).toBeNull();
  });

  it('not even admin: ada cannot approve her own request, though its step is the admin role', async () => {
    const record = await file(t, 'ada', 'access');
    const item = await rows.approval(record.id);
    const res = await post('ada', 'pending', item.id, 'approve');
    expect(res.status).toBe(403);
    expect((await post('ada', 'access-requests', record.id, 'approve')).status).toBe(403);
    const equipmentRecord = await file(t, 'ada', 'equipment');
    expect((await post('ada', 'equipment', equipmentRecord.id, 'reject')).status).toBe(403);
    // ada is the tenant's only admin: nobody eligible remains, so the item waits, saying why.
    expect(await rows.approval(record.id)).toMatchObject({ status: 'blocked', current_step_index: 0, blocked_reason: expect.stringContaining('admin') });
  });

  it('nor filed on their behalf by someone else: neither the filer nor the requester decides', async () => {
    const record = await file(t, 'ada', 'access', { requester_id: t.people.bob.id });
    // bob's manager is ada, who filed it: the step cannot be hers, and no other admin exists.
    const item = await rows.approval(record.id);
    expect(item).toMatchObject({ status: 'blocked', assignee_role: 'admin' });
    expect((await post('ada', 'pending', item.id, 'approve')).status).toBe(403);
    expect((await post('bob', 'pending', item.id, 'approve')).status).toBe(403);
    expect((await post('bob', 'access-requests', record.id, 'approve')).status).toBe(403);
    expect(await rows.approval(record.id)).toMatchObject({ current_step_index: 0, status: 'blocked' });
  });

  it('someone who does not hold the step: 403 when they see the record, 404 when they do not', async () => {
    const record = await file(t, 'alice', 'access');
    const item = await rows.approval(record.id);
    // ivan (it desk) sees every access request, but the first step is bob's.
    expect((await post('ivan', 'access-requests', record.id, 'approve')).status).toBe(403);
    // ...and the item is bob's, so ivan does not see it.
    expect((await post('ivan', 'pending', item.id, 'approve')).status).toBe(404);
    // hana sees neither.
    expect((await post('hana', 'access-requests', record.id, 'approve')).status).toBe(404);
    expect((await post('hana', 'pending', item.id, 'approve')).status).toBe(404);
    // Once bob's step is decided, a second decision of his is late, not forbidden: 409 on both paths,
    // with the item's state (he no longer holds it, but he knew it).
    expect((await post('bob', 'pending', item.id, 'approve')).status).toBe(200);
    expect((await post('bob', 'access-requests', record.id, 'approve')).status).toBe(409);
    const late = await post('bob', 'pending', item.id, 'reject');
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ current_status: 'queued', allowed_actions: ['approve', 'reject', 'request_info'] });
    // Someone who never held a step still gets 404 for the item.
    expect((await post('hana', 'pending', item.id, 'approve')).status).toBe(404);
    // tara, the travel desk, sees travel but is not its approver.
    const trip = await fileTravel(t, 'alice', 100);
    expect((await post('tara', 'travel', trip.id, 'reject')).status).toBe(403);
    expect((await rows.steps(item.id)).map((s) => s.decided_by)).toEqual([t.people.bob.id, null]);
  });

  it('another tenant cannot decide: 404', async () => {
    const other = await createTestTenant(db);
    const record = await file(t, 'alice', 'access');
    const item = await rows.approval(record.id);
    expect((await post('bob', 'pending', item.id, 'approve', {}, other)).status).toBe(404);
    expect((await post('ada', 'access-requests', record.id, 'approve', {}, other)).status).toBe(404);
  });

  it('deciding a completed item, or a decided record: 409 with current_status and allowed_actions', async () => {
    const record = await file(t, 'alice', 'equipment');
    const item = await rows.approval(record.id);
    expect((await post('bob', 'pending', item.id, 'approve')).status).toBe(200);
    const again = await post('bob', 'pending', item.id, 'approve');
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body).toMatchObject({ status: 409, current_status: 'completed', allowed_actions: [] });
    const reject = await post('ada', 'pending', item.id, 'reject');
    expect(reject.status).toBe(409);
    const onRecord = await post('bob', 'equipment', record.id, 'reject');
    expect(onRecord.status).toBe(409);
    expect(onRecord.body).toMatchObject({ current_status: 'approved', allowed_actions: ['provision'] });
    expect((await rows.steps(item.id)).map((s) => s.decision)).toEqual(['approved']);
  });

  it("an approver cannot point their approval item at someone else's request and approve that", async () => {
    const mine = await file(t, 'alice', 'equipment');
    const item = await rows.approval(mine.id);
    const trip = await fileTravel(t, 'hana', 100); // hana's manager is ada, not bob
    const token = await t.token('bob');
    const patch = await api('PATCH', path('pending', item.id), { token, body: { entity_type: 'Travel', entity_id: trip.id, source_id: trip.id, requested_by_id: t.people.hana.id } });
    expect(patch.status).toBe(403);
    const typePatch = await api('PATCH', path('pending', item.id), { token, body: { type: 'task' } });
    expect(typePatch.status).toBe(403);
    const titlePatch = await api('PATCH', path('pending', item.id), { token, body: { assignee_id: t.people.ada.id, title: 'Laptop for Alice' } });
    expect(titlePatch.status).toBe(403);
    expect(await rows.approval(mine.id)).toMatchObject({ id: item.id, entity_id: mine.id, requested_by_id: t.people.alice.id, assignee_id: t.people.bob.id });
    // Handing the step to someone else is all an assignee may change.
    const reassign = await api('PATCH', path('pending', item.id), { token, body: { assignee_id: t.people.ada.id } });
    expect(reassign.status).toBe(200);
    expect((await rows.steps(item.id))[0]).toMatchObject({ assignee_id: t.people.ada.id });
    expect(await rows.record('travel_requests', trip.id)).toMatchObject({ status: 'requested' });
  });

  it('an item made to look like an approval (created by a client) is refused', async () => {
    const trip = await fileTravel(t, 'hana', 100);
    const forged = await api('POST', '/api/v1/operations/pending', {
      token: await t.token('bob'),
      body: { type: 'approval', source_id: trip.id, entity_type: 'Travel', entity_id: trip.id, assignee_id: t.people.bob.id, title: 'Sneaky' },
    });
    expect(forged.status).toBe(422);
    expect(forged.body.errors).toContainEqual(expect.objectContaining({ path: 'entity_type' }));
    expect(await rows.record('travel_requests', trip.id)).toMatchObject({ status: 'requested' });
    // The real item is still the one that decides, and bob does not hold it.
    expect((await post('bob', 'travel', trip.id, 'reject')).status).toBe(404);
    expect((await post('ada', 'travel', trip.id, 'reject', { comment: 'Over budget' })).status).toBe(200);
  });

  it('approve on a task item is a conflict, not a decision', async () => {
    const record = await file(t, 'alice', 'hr');
    const [task] = await rows.tasks(record.id);
    const res = await post('hana', 'pending', task.id, 'approve');
    expect(res.status).toBe(409);
    expect(await rows.record('hr_requests', record.id)).toMatchObject({ status: 'pending' });
  });

  it('a desk action is refused to those without the desk role', async () => {
    const record = await file(t, 'alice', 'equipment');
    await performAction(t.ctx('bob'), pending, (await rows.approval(record.id)).id, 'approve', {});
    await expect(performAction(t.ctx('bob'), equipment, record.id, 'provision', {})).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(performAction(t.ctx('tara'), travel, (await fileTravel(t, 'alice', 1)).id, 'book', {})).rejects.toMatchObject({ kind: 'conflict' });
  });
});
