/**
 * External approvals (engine.md §6): an integration key files an approval for an entity of its own system
 * with its steps; the approvals engine runs it like an Opsdesk request's chain, and its attacker's moves.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import '@/lib/jobs/handlers';
import { runDueJobs } from '@/lib/jobs/runner';
import { loadInbox } from '@/lib/operations/inbox-view';
import { auditOf, integrationToken } from '../support/records';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;
let t: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

const PENDING = '/api/v1/operations/pending';

function expense(t: TestTenant, steps: unknown[], extra: Record<string, unknown> = {}) {
  return {
    type: 'approval',
    source_id: 'exp_1001',
    entity_type: 'Expense',
    entity_id: 'exp_1001',
    title: 'Team dinner, Berlin: 412.50 EUR',
    description: 'Dinner with the customer after the workshop.',
    requested_by_id: t.people.alice.id,
    due_at: '2030-01-02T09:00:00Z',
    priority: 2,
    steps,
    ...extra,
  };
}

describe('external approvals', () => {
  it('runs the chain: inbox with the fields sent, step by step, outcome, decisions and history', async () => {
    const key = await integrationToken(db, t, 'ada', { roles: ['employee'] });
    const filed = await api('POST', PENDING, { token: key.token, body: expense(t, [{ assignee_id: t.people.bob.id }, { assignee_role: 'admin' }]) });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ engine: true, total_steps: 2, current_step_index: 0, assignee_id: t.people.bob.id, due_at: '2030-01-02T09:00:00.000Z', priority: 2, outcome: null, app_id: key.appId });
    const id = filed.body.id as string;

    const bob = await t.token('bob');
    const inbox = (await loadInbox(t.ctx('bob'))).find((entry) => entry.id === id);
    expect(inbox).toMatchObject({ title: 'Team dinner, Berlin: 412.50 EUR', typeLabel: 'Expense', summary: 'Dinner with the customer after the workshop.', step: { index: 0, total: 2 } });
    // The person it is for may not decide it, nor may the key that filed it.
    expect((await api('POST', `${PENDING}/${id}/approve`, { token: await t.token('alice'), body: {} })).status).toBe(403);
    expect((await api('POST', `${PENDING}/${id}/approve`, { token: key.token, body: {} })).status).toBe(403);

    const first = await api('POST', `${PENDING}/${id}/approve`, { token: bob, body: { comment: 'Fine' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'queued', current_step_index: 1, assignee_role: 'admin', outcome: null });
    // Step 2 is the admins': bob's step is behind him, a second decision of his is refused (409: it moved on).
    expect((await api('POST', `${PENDING}/${id}/approve`, { token: bob, body: {} })).status).toBe(409);
    const ada = await t.token('ada');
    const rejected = await api('POST', `${PENDING}/${id}/reject`, { token: ada, body: { comment: 'Over the limit' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'completed', outcome: 'rejected' });
    expect(rejected.body.completed_at).toBeTruthy();
    expect(rejected.body.decisions.map((d: { decided_by: string; decision: string }) => [d.decided_by, d.decision])).toEqual([
      [t.people.bob.id, 'approve'],
      [t.people.ada.id, 'reject'],
    ]);
    const seen = await api('GET', `${PENDING}/${id}`, { token: key.token });
    expect(seen.body).toMatchObject({ outcome: 'rejected', status: 'completed' });
    expect((await auditOf(db, t, id)).map((e) => e.action)).toEqual(['create', 'approve', 'reject']);
    // Deciding a completed item: 409.
    expect((await api('POST', `${PENDING}/${id}/approve`, { token: ada, body: {} })).status).toBe(409);
  });

  it('a role step goes to its holders', async () => {
    const key = await integrationToken(db, t, 'ada', { roles: ['employee'] });
    const filed = await api('POST', PENDING, { token: key.token, body: expense(t, [{ assignee_role: 'hr' }], { entity_id: 'exp_2' }) });
    expect(filed.status).toBe(201);
    expect(filed.body.assignee_role).toBe('hr');
    const approved = await api('POST', `${PENDING}/${filed.body.id}/approve`, { token: await t.token('hana'), body: {} });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'completed', outcome: 'approved' });
  });

  it('refuses the attacker: self-approval, Opsdesk entity types, rerouting, another key', async () => {
    const key = await integrationToken(db, t, 'ada', { roles: ['employee'] });
    // An employee files a chain naming themselves (or anyone): refused, people file Opsdesk requests.
    const alice = await t.token('alice');
    const self = await api('POST', PENDING, { token: alice, body: expense(t, [{ assignee_id: t.people.alice.id }]) });
    expect(self.status).toBe(403);
    // Naming the person it is for, or one person twice: 422 naming the step.
    const own = await api('POST', PENDING, { token: key.token, body: expense(t, [{ assignee_id: t.people.alice.id }]) });
    expect(own.status).toBe(422);
    expect(own.body.errors[0].path).toBe('steps.0.assignee_id');
    const twice = await api('POST', PENDING, { token: key.token, body: expense(t, [{ assignee_id: t.people.bob.id }, { assignee_id: t.people.bob.id }]) });
    expect(twice.status).toBe(422);
    expect(twice.body.errors[0].path).toBe('steps.1.assignee_id');
    const everyone = await api('POST', PENDING, { token: key.token, body: expense(t, [{ assignee_role: 'employee' }]) });
    expect(everyone.status).toBe(422);
    for (const entity of ['AccessRequest', 'Travel', 'Pending']) {
      const res = await api('POST', PENDING, { token: key.token, body: expense(t, [{ assignee_id: t.people.bob.id }], { entity_type: entity }) });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].path).toBe('entity_type');
    }
    // Filed: the key can neither reroute the step nor edit the chain.
    const filed = await api('POST', PENDING, { token: key.token, body: expense(t, [{ assignee_id: t.people.bob.id }], { entity_id: 'exp_3' }) });
    const id = filed.body.id as string;
    const reroute = await api('PATCH', `${PENDING}/${id}`, { token: key.token, body: { assignee_id: t.people.hana.id } });
    expect(reroute.status).toBe(403);
    const steps = await api('PATCH', `${PENDING}/${id}`, { token: key.token, body: { steps: [{ assignee_id: t.people.hana.id }] } });
    expect([403, 422]).toContain(steps.status);
    const status = await api('PATCH', `${PENDING}/${id}`, { token: key.token, body: { status: 'completed' } });
    expect(status.status).toBe(403);
    // Another key of another app neither sees nor acts on it.
    const stranger = await integrationToken(db, t, 'ada', { roles: ['employee', 'admin'] });
    expect((await api('GET', `${PENDING}/${id}`, { token: stranger.token })).status).toBe(404);
    expect((await api('POST', `${PENDING}/${id}/approve`, { token: stranger.token, body: {} })).status).toBe(404);
    expect((await api('DELETE', `${PENDING}/${id}`, { token: stranger.token })).status).toBe(404);
    // Still with bob, undecided.
    const now = await api('GET', `${PENDING}/${id}`, { token: await t.token('bob') });
    expect(now.body).toMatchObject({ assignee_id: t.people.bob.id, status: 'queued', decisions: [] });
    // The key withdraws what it filed.
    expect((await api('DELETE', `${PENDING}/${id}`, { token: key.token })).status).toBe(204);
  });

  it('reminds its approver at half the time to the due time the integration sent, once', async () => {
    const key = await integrationToken(db, t, 'ada', { roles: ['employee'] });
    const due = new Date(Date.now() + 4 * 3_600_000);
    const filed = await api('POST', PENDING, { token: key.token, body: expense(t, [{ assignee_id: t.people.bob.id }], { source_id: 'exp_2002', entity_id: 'exp_2002', due_at: due.toISOString() }) });
    expect(filed.status).toBe(201);
    const row = await db.selectFrom('pending_items').select(['due_at', 'remind_at']).where('id', '=', filed.body.id as string).executeTakeFirstOrThrow();
    expect(new Date(row.due_at as string).getTime()).toBe(due.getTime());
    expect(row.remind_at).not.toBeNull();
    const reminders = async () =>
      (await db.selectFrom('notifications').select('kind').where('tenant_id', '=', t.tenantId).where('recipient_id', '=', t.people.bob.id).execute()).filter((n) => n.kind === 'reminder');
    await runDueJobs({ now: new Date(Date.now() + 2.5 * 3_600_000), tenantIds: [t.tenantId] });
    expect(await reminders()).toHaveLength(1);
    await runDueJobs({ now: new Date(Date.now() + 2.6 * 3_600_000), tenantIds: [t.tenantId] });
    expect(await reminders()).toHaveLength(1);
  });

  it('separation of duties and delegation hold as for Opsdesk requests: a delegate decides for bob, nobody twice, never the filer or the person it is for — admins included', async () => {
    const u = await createTestTenant(db);
    const key = await integrationToken(db, u, 'ada', { roles: ['employee'] });
    const as = async (who: 'alice' | 'bob' | 'tara' | 'hana' | 'ada') => u.token(who);
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const file = async (token: string, steps: unknown[], extra: Record<string, unknown> = {}) => {
      const res = await api('POST', PENDING, { token, body: expense(u, steps, { entity_id: `exp_${Math.random().toString(36).slice(2, 8)}`, ...extra }) });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const decide = async (who: 'alice' | 'bob' | 'tara' | 'hana' | 'ada', id: string, action = 'approve') =>
      api('POST', `${PENDING}/${id}/${action}`, { token: await as(who), body: action === 'reject' ? { comment: 'No' } : {} });

    // Bob is away: Tara decides his named step "on behalf of" him; the next step goes on to Hana.
    expect((await api('PUT', '/api/v1/me/delegation', { token: await as('bob'), body: { delegate_id: u.people.tara.id, ends_at: inDays(3) } })).status).toBe(200);
    const delegated = await file(key.token, [{ assignee_id: u.people.bob.id }, { assignee_id: u.people.hana.id }]);
    expect((await api('GET', `${PENDING}/${delegated}`, { token: await as('tara') })).status).toBe(200);
    const forBob = await decide('tara', delegated);
    expect(forBob.status).toBe(200);
    expect(forBob.body).toMatchObject({ current_step_index: 1, assignee_id: u.people.hana.id });
    expect(forBob.body.decisions).toMatchObject([{ step_index: 0, decided_by: u.people.tara.id, on_behalf_of: u.people.bob.id }]);
    expect((await decide('hana', delegated)).body).toMatchObject({ status: 'completed', outcome: 'approved' });
    expect((await api('DELETE', '/api/v1/me/delegation', { token: await as('bob') })).status).toBe(204);

    // A delegate who is the person the approval is for never decides it.
    await api('PUT', '/api/v1/me/delegation', { token: await as('bob'), body: { delegate_id: u.people.alice.id, ends_at: inDays(3) } });
    const own = await file(key.token, [{ assignee_id: u.people.bob.id }]);
    expect((await decide('alice', own)).status).toBe(403);
    await api('DELETE', '/api/v1/me/delegation', { token: await as('bob') });
    expect((await decide('bob', own)).status).toBe(200);

    // Nobody decides two steps, an admin's override included.
    const twice = await file(key.token, [{ assignee_id: u.people.ada.id }, { assignee_id: u.people.hana.id }]);
    expect((await decide('ada', twice)).status).toBe(200);
    const second = await decide('ada', twice);
    expect(second.status).toBe(403);
    expect((await api('GET', `${PENDING}/${twice}`, { token: await as('hana') })).body).toMatchObject({ current_step_index: 1, status: 'queued', outcome: null });

    // An admin who filed it (with a person's token) never decides it, not even by override.
    const byAda = await file(await as('ada'), [{ assignee_id: u.people.bob.id }, { assignee_id: u.people.hana.id }]);
    expect((await decide('ada', byAda)).status).toBe(403);
    expect((await decide('bob', byAda)).status).toBe(200);
    expect((await decide('ada', byAda, 'reject')).status).toBe(403);
    expect((await decide('hana', byAda, 'reject')).body).toMatchObject({ status: 'completed', outcome: 'rejected' });

    // An admin it is for never decides it either.
    const forAda = await file(key.token, [{ assignee_id: u.people.bob.id }], { requested_by_id: u.people.ada.id });
    expect((await decide('ada', forAda)).status).toBe(403);
    expect((await decide('bob', forAda)).body).toMatchObject({ status: 'completed', outcome: 'approved' });
    const refused = await db.selectFrom('security_events').select('subject_id').where('tenant_id', '=', u.tenantId).where('kind', '=', 'decision_refused').execute();
    expect(refused.map((e) => e.subject_id)).toEqual(expect.arrayContaining([own, twice, byAda, forAda]));
  });
});
