/**
 * Two people deciding the same step at the same moment: exactly one wins, every other call gets 409, and
 * nothing is half-written. The calls are real concurrent transactions (on PostgreSQL they race over a
 * pool of several connections; on PGlite the pool serialises them), repeated over several rounds.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulidx';
import type { Database } from '@/db/schema';
import { issuePersonalToken } from '@/lib/auth/personal-token';
import { tenantDb } from '@/lib/data/tenant-db';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { engineRows, file } from './approvals-support';

const ROUNDS = 10;
const CALLS = 8;

let db: Kysely<Database>;
let t: TestTenant;
let rows: ReturnType<typeof engineRows>;
const tokens = {} as Record<PersonKey, string>;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  rows = engineRows(db, t.tenantId);
  for (const key of ['alice', 'bob', 'ivan', 'ada'] as const) tokens[key] = await t.token(key);
});

type Call = { who: PersonKey; method: string; path: string; body?: unknown };

async function race(calls: Call[]) {
  const results = await Promise.allSettled(calls.map((c) => api(c.method, c.path, { token: tokens[c.who], body: c.body })));
  return results.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  });
}

/** 8 calls alternating between two eligible people, and alternating between the item and the record. */
function decisions(people: [PersonKey, PersonKey], itemPath: string, recordPath: string | null, action = 'approve'): Call[] {
  return Array.from({ length: CALLS }, (_, i) => ({
    who: people[i % 2],
    method: 'POST',
    path: recordPath && i % 4 >= 2 ? `${recordPath}/${action}` : `${itemPath}/${action}`,
    body: { comment: `call ${i}` },
  }));
}

function statuses(results: { status: number }[]) {
  return results.map((r) => r.status).sort();
}

async function expectMovedOneStep(recordId: string, itemId: string) {
  const steps = await rows.steps(itemId);
  expect(steps.map((s) => s.decision)).toEqual(['approved', null]);
  expect(await rows.approval(recordId)).toMatchObject({ status: 'queued', current_step_index: 1, assignee_role: 'it', assignee_id: null });
  expect(await rows.record('access_requests', recordId)).toMatchObject({ status: 'pending', approver_id: null });
  expect((await rows.audit(itemId)).filter((a) => a.action === 'approve')).toHaveLength(1);
  expect((await rows.audit(recordId)).filter((a) => a.action === 'approve')).toHaveLength(1);
}

/** A second manager in the tenant, for a step held by the manager role; returns their token. */
async function addManager(): Promise<string> {
  const id = `per_${ulid()}`;
  await db
    .insertInto('people')
    .values({ tenant_id: t.tenantId, id, email: `carl@${t.domain}`, name: 'Carl Cole', roles: ['employee', 'manager'], manager_id: t.people.ada.id, password_hash: null })
    .execute();
  return (await issuePersonalToken(tenantDb(db, t.tenantId), { personId: id, roles: ['employee', 'manager'] }, 'test')).token;
}

describe('concurrent decisions on one step', () => {
  it(`single-step equipment, bob and ada approving at once: one 200, the rest 409 (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const record = await file(t, 'alice', 'equipment');
      const item = await rows.approval(record.id);
      // Equipment has reject on the record, approve only on its item.
      const action = round % 2 ? 'reject' : 'approve';
      const results = await race(decisions(['bob', 'ada'], `/api/v1/operations/pending/${item.id}`, action === 'reject' ? `/api/v1/operations/equipment/${record.id}` : null, action));
      expect(statuses(results), `round ${round}`).toEqual([200, ...Array(CALLS - 1).fill(409)]);
      for (const loser of results.filter((r) => r.status === 409)) {
        expect(loser.body).toMatchObject({ status: 409, current_status: expect.any(String), allowed_actions: expect.any(Array) });
      }
      const steps = await rows.steps(item.id);
      expect(steps.filter((s) => s.decision !== null)).toHaveLength(1);
      expect(await rows.approval(record.id)).toMatchObject({ status: 'completed', current_step_index: 0 });
      const after = await rows.record('equipment_requests', record.id);
      expect(after?.status).toBe(round % 2 ? 'rejected' : 'approved');
      expect(after?.approver_id).toBe(steps[0].decided_by);
      expect(await rows.tasks(record.id)).toHaveLength(round % 2 ? 0 : 1);
      const decisionsAudited = (await rows.audit(record.id)).filter((a) => a.action !== 'create');
      expect(decisionsAudited).toHaveLength(1);
    }
  });

  it(`first step of an access request, bob deciding twice at once (double click, two tabs): one 200, the rest 409 (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const record = await file(t, 'alice', 'access');
      const item = await rows.approval(record.id);
      const results = await race(decisions(['bob', 'bob'], `/api/v1/operations/pending/${item.id}`, `/api/v1/operations/access-requests/${record.id}`));
      expect(statuses(results), `round ${round}`).toEqual([200, ...Array(CALLS - 1).fill(409)]);
      await expectMovedOneStep(record.id, item.id);
    }
  });

  it(`first step held by a role, two of its holders approving at once: the item moves exactly one step (${ROUNDS} rounds)`, async () => {
    const carl = await addManager();
    for (let round = 0; round < ROUNDS; round++) {
      const record = await file(t, 'alice', 'access');
      const item = await rows.approval(record.id);
      const reassigned = await api('PATCH', `/api/v1/operations/pending/${item.id}`, { token: tokens.bob, body: { assignee_id: null, assignee_role: 'manager' } });
      expect(reassigned.status).toBe(200);
      // On the item: a step held by a role does not make the record itself visible to its holders.
      const results = await Promise.all(
        Array.from({ length: CALLS }, (_, i) =>
          api('POST', `/api/v1/operations/pending/${item.id}/approve`, { token: i % 2 ? carl : tokens.bob, body: { comment: `call ${i}` } }),
        ),
      );
      expect(statuses(results), `round ${round}`).toEqual([200, ...Array(CALLS - 1).fill(409)]);
      await expectMovedOneStep(record.id, item.id);
    }
  });

  it(`first step, bob and ada (admin) approving at once: no step is decided twice, every other call is 409 (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const record = await file(t, 'alice', 'access');
      const item = await rows.approval(record.id);
      const results = await race(decisions(['bob', 'ada'], `/api/v1/operations/pending/${item.id}`, `/api/v1/operations/access-requests/${record.id}`));
      const wins = results.filter((r) => r.status === 200).length;
      const steps = await rows.steps(item.id);
      // Once ada decided the first step, her later calls are refused: nobody decides two steps of a chain.
      const adaDecidedFirst = steps[0].decided_by === t.people.ada.id;
      const expected = (status: number) => status === 200 || status === 409 || (adaDecidedFirst && status === 403);
      expect(results.every((r) => expected(r.status)), `round ${round}: ${statuses(results).join(',')}`).toBe(true);
      const decided = steps.filter((s) => s.decision !== null);
      // One decision per step at most. Calls that overlap the winner get 409; an admin call that arrives
      // after bob decided the first step may decide the next one as an override, never bob.
      expect(decided).toHaveLength(wins);
      if (adaDecidedFirst) expect(wins).toBe(1);
      expect(wins).toBeGreaterThanOrEqual(1);
      if (wins === 2) expect(steps[1].decided_by).toBe(t.people.ada.id);
      const audited = (await rows.audit(item.id)).filter((a) => a.action === 'approve');
      expect(audited).toHaveLength(wins);
      expect(await rows.record('access_requests', record.id)).toMatchObject({ status: wins === 2 ? 'approved' : 'pending' });
    }
  });

  it(`last step, approve against reject at once: one decision, and the record agrees with it (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const record = await file(t, 'alice', 'access');
      const item = await rows.approval(record.id);
      expect((await api('POST', `/api/v1/operations/pending/${item.id}/approve`, { token: tokens.bob, body: {} })).status).toBe(200);
      const calls: Call[] = Array.from({ length: CALLS }, (_, i) => ({
        who: i % 2 ? 'ivan' : 'ada',
        method: 'POST',
        path: i % 4 >= 2 ? `/api/v1/operations/access-requests/${record.id}/${i % 3 ? 'approve' : 'reject'}` : `/api/v1/operations/pending/${item.id}/${i % 3 ? 'reject' : 'approve'}`,
        body: { comment: `call ${i}` },
      }));
      const results = await race(calls);
      expect(statuses(results), `round ${round}`).toEqual([200, ...Array(CALLS - 1).fill(409)]);
      const steps = await rows.steps(item.id);
      expect(steps.filter((s) => s.decision !== null)).toHaveLength(2);
      const after = await rows.record('access_requests', record.id);
      expect(after?.status).toBe(steps[1].decision);
      expect(after?.approver_id).toBe(steps[1].decided_by);
      expect(await rows.tasks(record.id)).toHaveLength(after?.status === 'approved' ? 1 : 0);
    }
  });

  it(`a decision racing the withdrawal: either wins whole (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const record = await file(t, 'alice', 'equipment');
      const item = await rows.approval(record.id);
      const results = await race([
        { who: 'bob', method: 'POST', path: `/api/v1/operations/pending/${item.id}/approve` },
        { who: 'alice', method: 'DELETE', path: `/api/v1/operations/equipment/${record.id}` },
        { who: 'ada', method: 'POST', path: `/api/v1/operations/equipment/${record.id}/reject`, body: { comment: 'Withdrawn anyway' } },
      ]);
      for (const r of results) expect([200, 204, 403, 404, 409], `round ${round}`).toContain(r.status);
      const after = await db.selectFrom('equipment_requests').selectAll().where('tenant_id', '=', t.tenantId).where('id', '=', record.id).executeTakeFirstOrThrow();
      const decided = (await rows.steps(item.id)).filter((s) => s.decision !== null);
      expect(await rows.approval(record.id)).toMatchObject({ status: 'completed' });
      if (after.is_deleted) {
        expect(results[1].status).toBe(204);
        expect(after.status).toBe('requested');
        expect(decided).toHaveLength(0);
      } else {
        expect(results[1].status).toBe(403);
        expect(decided).toHaveLength(1);
        expect(after.status).toBe(decided[0].decision);
      }
      expect(results.filter((r) => r.status === 200 || r.status === 204)).toHaveLength(1);
    }
  });
});
