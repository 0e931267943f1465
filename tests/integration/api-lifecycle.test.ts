/** Every action of every record type over REST: the transitions, their stamps, 409s, 403s and history. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { act, approvalItemOf, approveAll, auditOf, createVia, item, taskOf } from '../support/records';

let db: Kysely<Database>;
let t: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/);

describe('access requests', () => {
  it('approve (manager, then IT), provision with details, complete', async () => {
    const record = await createVia(t, 'alice', 'access-requests');
    const first = await act(t, 'bob', 'access-requests', record.id, 'approve', { comment: 'Fine by me' });
    expect(first.status).toBe('pending');
    const approval = await approvalItemOf(db, t, record.id);
    expect(approval).toMatchObject({ current_step_index: 1, total_steps: 2, assignee_role: 'it', assignee_id: null });

    const approved = await act(t, 'ivan', 'access-requests', record.id, 'approve');
    expect(approved).toMatchObject({ status: 'approved', approver_id: t.people.ivan.id, approved_at: ISO });
    expect(await taskOf(db, t, record.id)).toMatchObject({ assignee_role: 'it', status: 'queued' });

    const expires = new Date(Date.now() + 90 * 86_400_000).toISOString();
    const provisioned = await act(t, 'ivan', 'access-requests', record.id, 'provision', {
      entitlement_type: 'maintainer', principal_type: 'person', principal_id: t.people.alice.id, asset_id: 'ast_1', expires_at: expires,
    });
    expect(provisioned).toMatchObject({
      status: 'provisioned', entitlement_type: 'maintainer', principal_type: 'person', principal_id: t.people.alice.id,
      asset_id: 'ast_1', expires_at: expires, provisioned_at: ISO, granted_at: ISO, granted_by_id: t.people.ivan.id,
    });
    expect((await taskOf(db, t, record.id))?.status).toBe('completed');

    const completed = await act(t, 'ada', 'access-requests', record.id, 'complete');
    expect(completed.status).toBe('completed');
    const actions = (await auditOf(db, t, record.id)).map((e) => e.action);
    expect(actions).toEqual(['create', 'approve', 'approve', 'provision', 'complete']);
    const decision = (await auditOf(db, t, record.id))[1];
    expect(decision).toMatchObject({ actor_id: t.people.bob.id, comment: 'Fine by me' });
  });

  it('reject ends the request; further actions are 409 with current_status and allowed_actions', async () => {
    const record = await createVia(t, 'alice', 'access-requests');
    const rejected = await act(t, 'bob', 'access-requests', record.id, 'reject', { comment: 'No' });
    expect(rejected).toMatchObject({ status: 'rejected', approver_id: t.people.bob.id });
    expect((await approvalItemOf(db, t, record.id)).status).toBe('completed');
    const again = await act(t, 'ada', 'access-requests', record.id, 'approve', {}, 409);
    expect(again).toMatchObject({ status: 409, current_status: 'rejected', allowed_actions: [] });
  });

  it('answers 409 for an action from the wrong state, 403 for the wrong role, 403 for approving your own', async () => {
    const record = await createVia(t, 'alice', 'access-requests');
    const early = await act(t, 'ivan', 'access-requests', record.id, 'provision', {}, 409);
    expect(early).toMatchObject({ current_status: 'pending', allowed_actions: ['approve', 'reject'] });
    expect(early.type).toMatch(/^https?:\/\//);
    await act(t, 'alice', 'access-requests', record.id, 'approve', {}, 403);
    await act(t, 'ivan', 'access-requests', record.id, 'approve', {}, 403); // step 1 belongs to bob
    await approveAll(db, t, 'access-requests', record.id);
    await act(t, 'alice', 'access-requests', record.id, 'provision', {}, 403);
    await act(t, 'hana', 'access-requests', record.id, 'provision', {}, 404); // cannot see it
    const late = await act(t, 'bob', 'access-requests', record.id, 'approve', {}, 409);
    expect(late).toMatchObject({ current_status: 'approved', allowed_actions: ['provision'] });
  });

  it('validates the provision body (422) and refuses an expiry in the past', async () => {
    const record = await createVia(t, 'alice', 'access-requests');
    await approveAll(db, t, 'access-requests', record.id);
    const bad = await act(t, 'ivan', 'access-requests', record.id, 'provision', { principal_type: 'robot' }, 422);
    expect(bad.errors).toContainEqual(expect.objectContaining({ path: 'principal_type' }));
    const past = await act(t, 'ivan', 'access-requests', record.id, 'provision', { expires_at: '2001-01-01T00:00:00Z' }, 422);
    expect(past.errors).toContainEqual(expect.objectContaining({ path: 'expires_at' }));
    const unchanged = await api('GET', item('access-requests', record.id), { token: await t.token('ivan') });
    expect(unchanged.body.status).toBe('approved');
  });
});

describe('HR requests', () => {
  it('start then fulfil (digital needs its URL), stamping fulfilled_by and fulfilled_at', async () => {
    const record = await createVia(t, 'alice', 'hr-requests');
    expect(await taskOf(db, t, record.id)).toMatchObject({ assignee_role: 'hr', status: 'queued' });
    await act(t, 'alice', 'hr-requests', record.id, 'start', {}, 403);
    const started = await act(t, 'hana', 'hr-requests', record.id, 'start');
    expect(started.status).toBe('in_progress');
    expect((await taskOf(db, t, record.id))?.status).toBe('processing');
    const noUrl = await act(t, 'hana', 'hr-requests', record.id, 'fulfill', { deliverable_type: 'digital' }, 422);
    expect(noUrl.errors).toContainEqual(expect.objectContaining({ path: 'deliverable_url' }));
    const notHttp = await act(t, 'hana', 'hr-requests', record.id, 'fulfill', { deliverable_type: 'digital', deliverable_url: 'ftp://x/y' }, 422);
    expect(notHttp.errors).toContainEqual(expect.objectContaining({ path: 'deliverable_url' }));
    const done = await act(t, 'hana', 'hr-requests', record.id, 'fulfill', { deliverable_type: 'digital', deliverable_url: 'https://docs.example/a.pdf' });
    expect(done).toMatchObject({ status: 'completed', deliverable_type: 'digital', deliverable_url: 'https://docs.example/a.pdf', fulfilled_by: t.people.hana.id, fulfilled_at: ISO });
    expect((await taskOf(db, t, record.id))?.status).toBe('completed');
    const again = await act(t, 'hana', 'hr-requests', record.id, 'start', {}, 409);
    expect(again).toMatchObject({ current_status: 'completed', allowed_actions: [] });
  });

  it('fulfils a physical deliverable straight from pending; start from in_progress is 409', async () => {
    const record = await createVia(t, 'alice', 'hr-requests');
    await act(t, 'hana', 'hr-requests', record.id, 'start');
    const twice = await act(t, 'hana', 'hr-requests', record.id, 'start', {}, 409);
    expect(twice).toMatchObject({ current_status: 'in_progress', allowed_actions: ['fulfill', 'reject'] });
    const other = await createVia(t, 'alice', 'hr-requests');
    const done = await act(t, 'hana', 'hr-requests', other.id, 'fulfill', { deliverable_type: 'physical' });
    expect(done).toMatchObject({ status: 'completed', deliverable_type: 'physical', deliverable_url: null });
  });

  it('reject needs a reason, which lands in the history', async () => {
    const record = await createVia(t, 'alice', 'hr-requests');
    const missing = await act(t, 'hana', 'hr-requests', record.id, 'reject', {}, 422);
    expect(missing.errors).toContainEqual(expect.objectContaining({ path: 'reason' }));
    const rejected = await act(t, 'hana', 'hr-requests', record.id, 'reject', { reason: 'Use the official form.' });
    expect(rejected.status).toBe('rejected');
    const last = (await auditOf(db, t, record.id)).at(-1);
    expect(last).toMatchObject({ action: 'reject', comment: 'Use the official form.', actor_id: t.people.hana.id });
    expect(last?.changes).toMatchObject({ status: { from: 'pending', to: 'rejected' } });
  });
});

describe('equipment', () => {
  it('approved through its approval item, then provision one stage per call, then return', async () => {
    const record = await createVia(t, 'alice', 'equipment');
    await act(t, 'bob', 'equipment', record.id, 'approve', {}, 404); // not an equipment action
    await approveAll(db, t, 'equipment', record.id);
    const wrongStage = await act(t, 'ivan', 'equipment', record.id, 'provision', { stage: 'shipped' }, 409);
    expect(wrongStage).toMatchObject({ current_status: 'approved', allowed_actions: ['provision'] });
    const ordered = await act(t, 'ivan', 'equipment', record.id, 'provision', { stage: 'ordered', cost: 1150.5 });
    expect(ordered).toMatchObject({ status: 'ordered', cost: 1150.5, ordered_at: ISO, delivered_at: null });
    const shipped = await act(t, 'ivan', 'equipment', record.id, 'provision', {});
    expect(shipped.status).toBe('shipped');
    expect((await taskOf(db, t, record.id))?.status).toBe('processing');
    await act(t, 'alice', 'equipment', record.id, 'provision', {}, 403);
    const negative = await act(t, 'ivan', 'equipment', record.id, 'provision', { cost: -1 }, 422);
    expect(negative.errors).toContainEqual(expect.objectContaining({ path: 'cost' }));
    const delivered = await act(t, 'ivan', 'equipment', record.id, 'provision', { stage: 'delivered' });
    expect(delivered).toMatchObject({ status: 'delivered', delivered_at: ISO });
    expect((await taskOf(db, t, record.id))?.status).toBe('completed');
    const returned = await act(t, 'ivan', 'equipment', record.id, 'return');
    expect(returned.status).toBe('returned');
    expect(await act(t, 'ivan', 'equipment', record.id, 'provision', {}, 409)).toMatchObject({ current_status: 'returned', allowed_actions: [] });
  });

  it('reject on the record or on its item moves it to rejected', async () => {
    const one = await createVia(t, 'alice', 'equipment');
    expect((await act(t, 'bob', 'equipment', one.id, 'reject', { comment: 'Budget' })).status).toBe('rejected');
    const two = await createVia(t, 'alice', 'equipment');
    const pendingItem = await approvalItemOf(db, t, two.id);
    const decided = await act(t, 'bob', 'pending', pendingItem.id, 'reject', { comment: 'Budget' });
    expect(decided).toMatchObject({ id: pendingItem.id, status: 'completed', completed_at: ISO });
    expect((await api('GET', item('equipment', two.id), { token: await t.token('alice') })).body.status).toBe('rejected');
  });
});

describe('travel', () => {
  it('approve, book (may set estimated_cost), complete by the traveller with actual_cost', async () => {
    const record = await createVia(t, 'alice', 'travel');
    const approved = await approveAll(db, t, 'travel', record.id);
    expect(approved.approver_id).toBe(t.people.bob.id);
    expect(await taskOf(db, t, record.id)).toMatchObject({ assignee_role: 'travel' });
    await act(t, 'alice', 'travel', record.id, 'book', {}, 403);
    const booked = await act(t, 'tara', 'travel', record.id, 'book', { estimated_cost: 950 });
    expect(booked).toMatchObject({ status: 'booked', estimated_cost: 950, booked_at: ISO });
    const completed = await act(t, 'alice', 'travel', record.id, 'complete', { actual_cost: 1130.5 });
    expect(completed).toMatchObject({ status: 'completed', actual_cost: 1130.5 });
    expect(await act(t, 'alice', 'travel', record.id, 'cancel', {}, 409)).toMatchObject({ current_status: 'completed', allowed_actions: [] });
  });

  it('cancel by the traveller from requested closes the approval item', async () => {
    const record = await createVia(t, 'alice', 'travel');
    const cancelled = await act(t, 'alice', 'travel', record.id, 'cancel', { reason: 'Moved online' });
    expect(cancelled.status).toBe('cancelled');
    expect((await approvalItemOf(db, t, record.id)).status).toBe('completed');
    await act(t, 'bob', 'travel', record.id, 'reject', {}, 409);
  });

  it('above the threshold a second step goes to admin', async () => {
    const record = await createVia(t, 'alice', 'travel', { estimated_cost: 5000 });
    const approval = await approvalItemOf(db, t, record.id);
    expect(approval).toMatchObject({ total_steps: 2, assignee_id: t.people.bob.id });
    await act(t, 'bob', 'pending', approval.id, 'approve');
    expect(await approvalItemOf(db, t, record.id)).toMatchObject({ current_step_index: 1, assignee_role: 'admin', status: 'queued' });
    expect((await api('GET', item('travel', record.id), { token: await t.token('alice') })).body.status).toBe('requested');
    await act(t, 'ada', 'pending', approval.id, 'approve');
    expect((await api('GET', item('travel', record.id), { token: await t.token('alice') })).body).toMatchObject({ status: 'approved', approver_id: t.people.ada.id });
  });

  it('rejects a return before the departure and a negative cost with 422 naming the field', async () => {
    const res = await api('POST', '/api/v1/operations/travel', {
      token: await t.token('alice'),
      body: { purpose: 'x', destination: 'Oslo', departure_at: '2030-05-02T09:00:00Z', return_at: '2030-05-01T09:00:00Z', estimated_cost: -5 },
    });
    expect(res.status).toBe(422);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('estimated_cost');
    const order = await api('POST', '/api/v1/operations/travel', {
      token: await t.token('alice'),
      body: { purpose: 'x', destination: 'Oslo', departure_at: '2030-05-02T09:00:00Z', return_at: '2030-05-01T09:00:00Z' },
    });
    expect(order.status).toBe(422);
    expect(order.body.errors).toContainEqual(expect.objectContaining({ path: 'return_at' }));
    const record = await createVia(t, 'alice', 'travel');
    const patch = await api('PATCH', item('travel', record.id), { token: await t.token('alice'), body: { return_at: record.departure_at } });
    expect(patch.status).toBe(422);
    expect(patch.body.errors).toContainEqual(expect.objectContaining({ path: 'return_at' }));
  });
});

describe('pending items', () => {
  it('non-approval items move through the status machine by update; completed stamps completed_at and is final', async () => {
    const created = await createVia(t, 'ada', 'pending', { assignee_id: t.people.tara.id, assignee_role: null });
    const tara = await t.token('tara');
    const patch = (status: string) => api('PATCH', item('pending', created.id), { token: tara, body: { status } });
    expect((await patch('processing')).body.status).toBe('processing');
    expect((await patch('blocked')).body.status).toBe('blocked');
    const done = await patch('completed');
    expect(done.body).toMatchObject({ status: 'completed', completed_at: ISO });
    const back = await patch('processing');
    expect(back.status).toBe(409);
    expect(back.body).toMatchObject({ current_status: 'completed' });
    expect((await patch('nonsense')).status).toBe(422);
    await act(t, 'tara', 'pending', created.id, 'approve', {}, 409); // not an approval item
  });

  it('an approval item changes status only through approve/reject', async () => {
    const record = await createVia(t, 'alice', 'equipment');
    const approval = await approvalItemOf(db, t, record.id);
    const res = await api('PATCH', item('pending', approval.id), { token: await t.token('bob'), body: { status: 'completed' } });
    expect(res.status).toBe(403);
    const done = await act(t, 'bob', 'pending', approval.id, 'approve');
    expect(done.status).toBe('completed');
    expect(await act(t, 'bob', 'pending', approval.id, 'approve', {}, 409)).toMatchObject({ current_status: 'completed' });
  });
});
