/**
 * Safe decisions, server side: a rejection needs its reason (after the caller is known to be allowed to
 * decide, so a stranger still gets 403/404), the requester reads it; `GET /operations/pending?decided_by=me`
 * lists the approval items the caller decided — themselves or on behalf of someone away — and never
 * another person's decisions, nor another tenant's.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { loadDecidedByMe } from '@/lib/operations/inbox-decided';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { engineRows, file, fileTravel } from './approvals-support';

let db: Kysely<Database>;
let t: TestTenant;
let other: TestTenant;
let rows: ReturnType<typeof engineRows>;

const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
const as = async (who: PersonKey, method: string, path: string, body?: unknown, tenant = t) =>
  api(method, path, { token: await tenant.token(who), ...(body === undefined ? {} : { body }) });
const decidedBy = async (who: PersonKey, tenant = t) => {
  const res = await as(who, 'GET', '/api/v1/operations/pending?decided_by=me&limit=200', undefined, tenant);
  expect(res.status).toBe(200);
  return (res.body.data as { id: string }[]).map((item) => item.id);
};

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  other = await createTestTenant(db);
  rows = engineRows(db, t.tenantId);
});

describe('a rejection needs its reason', () => {
  it('422 naming comment for the approver (blank or missing), nothing decided; a stranger still gets 404; the requester reads the reason', async () => {
    const record = await file(t, 'alice', 'equipment');
    const item = await rows.approval(record.id);
    for (const body of [{}, { comment: '   ' }]) {
      const res = await as('bob', 'POST', `/api/v1/operations/pending/${item.id}/reject`, body);
      expect(res.status).toBe(422);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'comment' }));
    }
    const onRecord = await as('bob', 'POST', `/api/v1/operations/equipment/${record.id}/reject`, {});
    expect(onRecord.status).toBe(422);
    expect((await rows.steps(item.id)).map((s) => s.decision)).toEqual([null]);
    // Who may not decide learns nothing new from the missing reason.
    expect((await as('hana', 'POST', `/api/v1/operations/equipment/${record.id}/reject`, {})).status).toBe(404);
    expect((await as('alice', 'POST', `/api/v1/operations/equipment/${record.id}/reject`, {})).status).toBe(403);

    expect((await as('bob', 'POST', `/api/v1/operations/pending/${item.id}/reject`, { comment: 'Not in this quarter’s budget' })).status).toBe(200);
    const seen = await as('alice', 'GET', `/api/v1/operations/pending/${item.id}`);
    expect(seen.body.decisions).toEqual([expect.objectContaining({ decision: 'reject', decided_by: t.people.bob.id, comment: 'Not in this quarter’s budget' })]);
    expect((await as('alice', 'GET', `/api/v1/operations/equipment/${record.id}`)).body.status).toBe('rejected');
  });
});

describe('decided_by=me', () => {
  it('the items I decided, also once they moved on; not what others decided; 422 for anyone else', async () => {
    const access = await file(t, 'alice', 'access');
    const accessItem = await rows.approval(access.id);
    const trip = await fileTravel(t, 'alice');
    const tripItem = await rows.approval(trip.id);
    const untouched = await file(t, 'alice', 'equipment');

    expect((await as('bob', 'POST', `/api/v1/operations/pending/${accessItem.id}/approve`, { comment: 'Fine' })).status).toBe(200);
    expect((await as('bob', 'POST', `/api/v1/operations/travel/${trip.id}/reject`, { comment: 'Join remotely' })).status).toBe(200);

    const bobs = await decidedBy('bob');
    expect(bobs).toEqual(expect.arrayContaining([accessItem.id, tripItem.id]));
    expect(bobs).not.toContain((await rows.approval(untouched.id)).id);
    // The access item moved on to the IT step: bob no longer holds it, yet finds his decision there.
    const listed = (await as('bob', 'GET', '/api/v1/operations/pending?decided_by=me&limit=200')).body.data;
    expect(listed.find((i: { id: string }) => i.id === accessItem.id)).toMatchObject({
      current_step_index: 1,
      assignee_role: 'it',
      decisions: [expect.objectContaining({ decided_by: t.people.bob.id, decision: 'approve', comment: 'Fine' })],
    });
    // scope=all does not widen it to what bob may otherwise see.
    expect(await decidedBy('bob')).toEqual(bobs);
    const scoped = await as('bob', 'GET', '/api/v1/operations/pending?decided_by=me&scope=all&limit=200');
    expect(scoped.body.data.map((i: { id: string }) => i.id).sort()).toEqual([...bobs].sort());

    // ivan holds the next step but decided nothing; alice requested them; ada (admin) sees everything but decided nothing.
    expect(await decidedBy('ivan')).not.toContain(accessItem.id);
    expect(await decidedBy('alice')).toEqual([]);
    expect(await decidedBy('ada')).not.toContain(accessItem.id);
    // Another tenant's bob decided nothing here.
    expect(await decidedBy('bob', other)).toEqual([]);

    for (const value of [t.people.bob.id, t.people.ivan.id, 'you', '']) {
      const res = await as('ivan', 'GET', `/api/v1/operations/pending?decided_by=${encodeURIComponent(value)}`);
      if (value === '') expect(res.status).toBe(422);
      else {
        expect(res.status).toBe(422);
        expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'decided_by' }));
      }
    }
  });

  it('a decision on behalf of someone away is the delegate’s, not the delegator’s; the inbox view says for whom', async () => {
    const tenant = await createTestTenant(db);
    const engine = engineRows(db, tenant.tenantId);
    expect((await as('bob', 'PUT', '/api/v1/me/delegation', { delegate_id: tenant.people.tara.id, ends_at: inDays(5) }, tenant)).status).toBe(200);
    const record = await file(tenant, 'alice', 'equipment');
    const item = await engine.approval(record.id);
    expect((await as('tara', 'POST', `/api/v1/operations/pending/${item.id}/approve`, { comment: 'For Bob' }, tenant)).status).toBe(200);

    expect(await decidedBy('tara', tenant)).toEqual([item.id]);
    expect(await decidedBy('bob', tenant)).toEqual([]);

    const view = await loadDecidedByMe(tenant.ctx('tara'));
    expect(view).toEqual([
      expect.objectContaining({
        itemId: item.id,
        decision: 'approve',
        comment: 'For Bob',
        onBehalfOf: { id: tenant.people.bob.id, name: expect.any(String) },
        href: `/equipment/${record.id}`,
        recordStatus: 'approved',
        requester: expect.objectContaining({ id: tenant.people.alice.id }),
      }),
    ]);
    expect(await loadDecidedByMe(tenant.ctx('bob'))).toEqual([]);
  });
});
