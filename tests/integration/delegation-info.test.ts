/**
 * Delegation (out of office) and asking for information (engine.md §3), through the REST API.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { listInbox } from '@/lib/operations/inbox';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { engineRows, file, fileTravel } from './approvals-support';

let db: Kysely<Database>;
let t: TestTenant;
let rows: ReturnType<typeof engineRows>;

const DAY = 24 * 60 * 60 * 1000;
const path = (resource: string, id: string, action?: string) => `/api/v1/operations/${resource}/${id}${action ? `/${action}` : ''}`;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

async function as(who: PersonKey, method: string, url: string, body?: unknown) {
  return api(method, url, { token: await t.token(who), body });
}

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  rows = engineRows(db, t.tenantId);
});

describe('delegation', () => {
  it('bob, away, hands his steps to tara: she sees them marked for bob, decides on his behalf, and it says so', async () => {
    expect((await as('bob', 'GET', '/api/v1/me/delegation')).body).toEqual({ delegation: null });
    const set = await as('bob', 'PUT', '/api/v1/me/delegation', { delegate_id: t.people.tara.id, ends_at: inDays(5) });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ delegator_id: t.people.bob.id, delegate_id: t.people.tara.id, active: true });
    expect((await as('bob', 'GET', '/api/v1/me/delegation')).body.delegation).toMatchObject({ delegate_id: t.people.tara.id });

    const trip = await fileTravel(t, 'alice', 400);
    const item = await rows.approval(trip.id);
    expect((await listInbox(t.ctx('tara'))).map((i) => i.id)).toContain(item.id);
    expect((await as('tara', 'GET', path('travel', trip.id))).status).toBe(200);
    const decided = await as('tara', 'POST', path('pending', item.id, 'approve'), { comment: 'Covering for Bob' });
    expect(decided.status).toBe(200);
    expect(decided.body.decisions).toEqual([expect.objectContaining({ decided_by: t.people.tara.id, on_behalf_of: t.people.bob.id })]);
    const audit = await rows.audit(item.id);
    expect(audit.find((a) => a.action === 'approve')?.comment).toMatch(/on behalf of Bob Brennan/);

    // Role steps stay with the role: tara does not decide IT's step for bob.
    const access = await file(t, 'alice', 'access');
    const accessItem = await rows.approval(access.id);
    expect((await as('tara', 'POST', path('pending', accessItem.id, 'approve'))).status).toBe(200); // bob's manager step
    expect(await rows.approval(access.id)).toMatchObject({ current_step_index: 1, assignee_role: 'it' });
    expect((await as('tara', 'POST', path('pending', accessItem.id, 'approve'))).status).toBe(409); // her step is behind her
    expect((await as('bob', 'DELETE', '/api/v1/me/delegation')).status).toBe(204);
    expect((await as('bob', 'GET', '/api/v1/me/delegation')).body).toEqual({ delegation: null });
  });

  it('separation of duties holds for the delegate: not on their own request, and the first decision wins', async () => {
    await as('bob', 'PUT', '/api/v1/me/delegation', { delegate_id: t.people.alice.id, ends_at: inDays(2) });
    const trip = await fileTravel(t, 'alice', 300); // bob approves alice's trips; alice is his delegate
    const item = await rows.approval(trip.id);
    const own = await as('alice', 'POST', path('pending', item.id, 'approve'));
    expect(own.status).toBe(403);
    expect((await as('bob', 'POST', path('pending', item.id, 'approve'))).status).toBe(200);
    await as('bob', 'DELETE', '/api/v1/me/delegation');
  });

  it('an ended or future delegation gives nothing; bad input is a 422', async () => {
    await as('bob', 'PUT', '/api/v1/me/delegation', { delegate_id: t.people.tara.id, starts_at: inDays(3), ends_at: inDays(6) });
    const trip = await fileTravel(t, 'alice', 300);
    const item = await rows.approval(trip.id);
    expect((await as('tara', 'POST', path('pending', item.id, 'approve'))).status).toBe(404);
    for (const body of [
      { delegate_id: t.people.bob.id, ends_at: inDays(2) },
      { delegate_id: 'per_nobody', ends_at: inDays(2) },
      { delegate_id: t.people.tara.id, ends_at: inDays(-1) },
      { delegate_id: t.people.tara.id },
    ]) {
      const res = await as('bob', 'PUT', '/api/v1/me/delegation', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    await as('bob', 'DELETE', '/api/v1/me/delegation');
  });

  it('an admin sets one for someone off sick (a security event); nobody else may', async () => {
    expect((await as('alice', 'PUT', `/api/v1/people/${t.people.bob.id}/delegation`, { delegate_id: t.people.alice.id, ends_at: inDays(2) })).status).toBe(403);
    const set = await as('ada', 'PUT', `/api/v1/people/${t.people.bob.id}/delegation`, { delegate_id: t.people.tara.id, ends_at: inDays(2) });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ delegator_id: t.people.bob.id, created_by: t.people.ada.id });
    const events = await db.selectFrom('security_events').selectAll().where('tenant_id', '=', t.tenantId).where('kind', '=', 'delegation_set_by_admin').execute();
    expect(events).toEqual([expect.objectContaining({ actor_id: t.people.ada.id, subject_id: t.people.bob.id })]);
    expect((await as('ada', 'DELETE', `/api/v1/people/${t.people.bob.id}/delegation`)).status).toBe(204);
    expect((await as('ada', 'GET', `/api/v1/people/per_nobody/delegation`)).status).toBe(200);
  });
});

describe('asking for information', () => {
  it('the approver asks, the item waits blocked; the requester answers and it comes back to the same approver', async () => {
    const trip = await fileTravel(t, 'alice', 600);
    const item = await rows.approval(trip.id);
    expect((await as('bob', 'POST', path('pending', item.id, 'request_info'), {})).status).toBe(422);
    expect((await as('tara', 'POST', path('pending', item.id, 'request_info'), { comment: 'Why?' })).status).toBe(404);
    const asked = await as('bob', 'POST', path('pending', item.id, 'request_info'), { comment: 'Which customer is this for?' });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'blocked', info_requested_by: t.people.bob.id, assignee_id: t.people.bob.id });
    expect(asked.body.blocked_reason).toMatch(/Alice Archer/);
    expect((await as('bob', 'POST', path('pending', item.id, 'respond'), { comment: 'Me?' })).status).toBe(403);
    const answered = await as('alice', 'POST', path('pending', item.id, 'respond'), { comment: 'Contoso, the renewal.' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'queued', info_requested_by: null, blocked_reason: null, assignee_id: t.people.bob.id });
    expect((await as('alice', 'POST', path('pending', item.id, 'respond'), { comment: 'Again' })).status).toBe(409);
    // The thread is on the request's timeline.
    const timeline = (await rows.audit(trip.id)).filter((a) => a.comment);
    expect(timeline.map((a) => [a.action, a.comment])).toEqual([
      ['request_info', 'Which customer is this for?'],
      ['respond', 'Contoso, the renewal.'],
    ]);
    expect((await as('bob', 'POST', path('pending', item.id, 'approve'))).status).toBe(200);
  });
});
