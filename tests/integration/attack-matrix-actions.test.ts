/**
 * The screens' server actions (lib/actions/*.ts) under attack. Only the session lookup is mocked (the
 * caller is whoever the test says); the domain and the database are real. Every mutation of every type
 * as every person of tenant A and as tenant B's admin answers as the REST contract does (a refusal of
 * what the caller may not see reads as "not found"), and a refusal writes nothing. Then the combinations
 * an attacker tries: edit after filing then approve, move the requester then decide, bulk decisions on
 * items that are not yours or not your tenant's, comments on what you cannot see, an approval item of
 * your own making over someone else's request, and re-routing your own approval.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createWorld,
  expectedStatuses,
  factsOf,
  HAPPY_BODY,
  itemsOfEntity,
  pendingItem,
  PERSONS,
  readRow,
  requestIn,
  REQUEST_TYPES,
  resourceOf,
  ALL_TYPES,
  type World,
} from '../support/attack';
import { validBody, type Json } from '../support/records';
import { expectUnchanged, snapshotTenants } from '../support/snapshot';
import type { PersonKey } from '../support/tenant';
import { signInAs } from '../support/signed-in';

vi.mock('@/lib/auth/session', () => import('../support/signed-in'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
vi.mock('next/navigation', () => ({
  redirect: vi.fn((to: string) => {
    throw new Error(`NEXT_REDIRECT;${to}`);
  }),
  notFound: vi.fn(() => {
    throw new Error('NEXT_NOT_FOUND');
  }),
}));

const { createRecordAction, updateRecordAction, deleteRecordAction, performActionAction, addCommentAction } = await import('@/lib/actions/records');
const { decideAction, deskAction } = await import('@/lib/actions/inbox');

let w: World;
beforeAll(async () => {
  w = await createWorld();
});

type Actor = PersonKey | 'other-tenant';
const ACTORS: readonly Actor[] = [...PERSONS, 'other-tenant'];

function as(who: Actor): void {
  if (who === 'other-tenant') signInAs(w.b, 'ada');
  else signInAs(w.a, who);
}

const NOT_FOUND = /visible to you|no such|not found/i;

/** Runs a server action; checks the outcome against the allowed REST statuses and that a refusal wrote nothing. */
async function attemptAction(allowed: number[], what: string, run: () => Promise<Json>): Promise<Json> {
  const before = await snapshotTenants(w.db, [w.a.tenantId, w.b.tenantId]);
  const result = await run();
  const success = allowed.some((s) => s < 300);
  const failure = allowed.some((s) => s >= 300);
  if (result.ok) {
    expect(success, `${what}: succeeded, the contract says ${allowed.join('/')}`).toBe(true);
  } else {
    expect(failure, `${what}: refused (${JSON.stringify(result)}), the contract says ${allowed.join('/')}`).toBe(true);
    const detail = String(result.error?.detail ?? result.error ?? '');
    const status = result.status as number | undefined;
    if (status !== undefined) expect(status, `${what}: never a 5xx`).toBeLessThan(500);
    if (status !== undefined) expect(allowed, `${what}: ${detail}`).toContain(status);
    // records.ts answers without a status: a refusal of what the caller may not see must read as not found.
    if (allowed.every((s) => s === 404)) expect(detail, `${what}: 404 reads as not found`).toMatch(NOT_FOUND);
    if (!allowed.includes(404)) expect(detail, `${what}: a visible record is not "not found"`).not.toMatch(NOT_FOUND);
    expect(detail, what).not.toMatch(/went wrong on our side/);
    await expectUnchanged(w.db, before, `${what} (refused)`);
  }
  return result;
}

const fresh = (type: (typeof ALL_TYPES)[number], state: string) =>
  type.name === 'Pending' ? pendingItem(w.db, w.a, state as never) : requestIn(w.db, w.a, type, state);

describe.each(ALL_TYPES.map((t) => [t.resource, t] as const))('%s: every server action as every person', (_name, type) => {
  const state = type.name === 'Pending' ? 'approval-open' : type.initialStatus;

  it.each(ACTORS)('as %s: create, update, delete, comment', async (who) => {
    as(who);
    await attemptAction([201], `${who} creates`, () => createRecordAction(type.resource, validBody(resourceOf(type))));
    const oracleWho = who;
    for (const op of ['update', 'delete'] as const) {
      const record = await fresh(type, state);
      const allowed = expectedStatuses(w, oracleWho, type, { op }, await factsOf(w, type, record.id));
      as(who);
      await attemptAction(allowed, `${who} ${op}s ${record.id}`, () =>
        op === 'update' ? updateRecordAction(type.resource, record.id, { [type.summaryField]: `Edited by ${who}` }) : deleteRecordAction(type.resource, record.id),
      );
    }
    const record = await fresh(type, state);
    const visible = expectedStatuses(w, oracleWho, type, { op: 'get' }, await factsOf(w, type, record.id));
    as(who);
    await attemptAction(visible.map((s) => (s === 200 ? 201 : s)), `${who} comments on ${record.id}`, () => addCommentAction(type.resource, record.id, 'Looks fine to me'));
  });

  for (const [action, spec] of Object.entries(type.actions)) {
    it.each(ACTORS)(`as %s: ${action}, through the record screen and the inbox`, async (who) => {
      const from = type.name === 'Pending' ? 'approval-open' : spec.from[0];
      const record = await fresh(type, from);
      const allowed = expectedStatuses(w, who, type, { op: 'action', action }, await factsOf(w, type, record.id));
      as(who);
      await attemptAction(allowed, `${who} ${action} ${record.id}`, () => performActionAction(type.resource, record.id, action, { ...HAPPY_BODY }));
      if (type.name === 'Pending' || spec.decision) return;
      const again = await fresh(type, from);
      as(who);
      await attemptAction(allowed, `${who} inbox ${action} ${again.id}`, () => deskAction(type.name, again.id, action, { ...HAPPY_BODY }));
    });
  }
});

describe('combinations an attacker tries', () => {
  // The types whose default policy asks for an approval (HR may have a policy, empty by default).
  const withApproval = REQUEST_TYPES.filter((t) => !!t.approvals && t.approvals.approvedStatus !== null);
  const travelLike = REQUEST_TYPES.find((t) => t.name === 'Travel')!;

  it('bulk decisions: only the items that are the caller\'s to decide are decided; the rest, and tenant B, stay as they were', async () => {
    const mine: Json[] = [];
    for (const type of withApproval) mine.push((await itemsOfEntity(w.db, w.a.tenantId, (await requestIn(w.db, w.a, type, type.initialStatus)).id, 'approval'))[0]);
    const task = await pendingItem(w.db, w.a, 'task');
    const client = await pendingItem(w.db, w.a, 'client');
    const foreignItem = await pendingItem(w.db, w.b, 'approval-open');
    const ids = [...mine.map((i) => i.id), task.id, client.id, foreignItem.id, 'pnd_01JD3M4V6X8Q9R2S3T4V5W6X7Y'];
    for (const who of ['alice', 'hana', 'ivan', 'tara'] as const) {
      as(who);
      const before = await snapshotTenants(w.db, [w.a.tenantId, w.b.tenantId]);
      const result = await decideAction(ids, 'approve', 'bulk');
      expect(result.ok, who).toBe(true);
      expect((result as Json).decided, `${who} decided someone else's items`).toEqual([]);
      for (const f of (result as Json).failed) expect(f.status, `${who} ${f.id}`).toBeLessThan(500);
      const byId = Object.fromEntries((result as Json).failed.map((f: Json) => [f.id, f.status]));
      expect(byId[foreignItem.id], `${who}: B's item`).toBe(404);
      await expectUnchanged(w.db, before, `${who} bulk-decides`);
    }
    as('bob');
    const before = await snapshotTenants(w.db, [w.b.tenantId]);
    const result = (await decideAction(ids, 'approve', 'bulk')) as Json;
    expect(result.decided.sort()).toEqual(mine.map((i) => i.id).sort());
    expect(Object.fromEntries(result.failed.map((f: Json) => [f.id, f.status]))[foreignItem.id]).toBe(404);
    await expectUnchanged(w.db, before, 'bob bulk-decides: tenant B');
    expect((await readRow(w.db, ALL_TYPES.find((t) => t.name === 'Pending')!, foreignItem.id)).status).toBe(foreignItem.status);
  });

  it('a requester cannot approve their own request through the inbox, admin included', async () => {
    for (const type of withApproval) {
      const filed = await requestIn(w.db, w.a, type, type.initialStatus);
      const item = (await itemsOfEntity(w.db, w.a.tenantId, filed.id, 'approval'))[0];
      signInAs(w.a, 'alice');
      const result = (await decideAction([item.id], 'approve')) as Json;
      expect(result.decided).toEqual([]);
      // ada files for herself: her chain's step goes to admins, and she is the only admin.
      signInAs(w.a, 'ada');
      const own = await createRecordAction(type.resource, validBody(resourceOf(type)));
      expect(own.ok).toBe(true);
      const ownItem = (await itemsOfEntity(w.db, w.a.tenantId, (own as Json).record.id, 'approval'))[0];
      if (!ownItem) continue;
      const before = await snapshotTenants(w.db, [w.a.tenantId]);
      const decided = (await decideAction([ownItem.id], 'approve')) as Json;
      expect(decided.decided, `ada approves her own ${type.name}`).toEqual([]);
      await expectUnchanged(w.db, before, 'ada approves her own request');
    }
  });

  it('edit after filing, then approve: raising a trip above the threshold restarts the chain with the admin step', async () => {
    const trip = await requestIn(w.db, w.a, travelLike, travelLike.initialStatus, { estimated_cost: 900 });
    signInAs(w.a, 'alice');
    const edited = (await updateRecordAction(travelLike.resource, trip.id, { estimated_cost: 9000 })) as Json;
    expect(edited.ok, JSON.stringify(edited)).toBe(true);
    const item = (await itemsOfEntity(w.db, w.a.tenantId, trip.id, 'approval')).find((i: Json) => i.status !== 'completed');
    signInAs(w.a, 'bob');
    await decideAction([item.id], 'approve', 'ok');
    const after = await readRow(w.db, travelLike, trip.id);
    expect(after.status, 'approved by the manager alone after the cost went above the threshold').toBe(travelLike.initialStatus);
  });

  it('move the requester, then decide: an admin never approves a request they filed for themself', async () => {
    for (const type of withApproval) {
      signInAs(w.a, 'ada');
      const own = (await createRecordAction(type.resource, validBody(resourceOf(type)))) as Json;
      expect(own.ok).toBe(true);
      const moved = (await updateRecordAction(type.resource, own.record.id, { requester_id: w.a.people.alice.id })) as Json;
      // engine.md §1: requester_id cannot change after filing (422); either way, ada may not decide it.
      if (!moved.ok) expect(moved.error.errors.map((e: Json) => e.path)).toContain('requester_id');
      const item = (await itemsOfEntity(w.db, w.a.tenantId, own.record.id, 'approval')).find((i: Json) => i.status !== 'completed');
      if (item) await decideAction([item.id], 'approve', 'self');
      await performActionAction(type.resource, own.record.id, 'approve', { comment: 'self' });
      const after = await readRow(w.db, type, own.record.id);
      expect(after.status, `${type.name}: ada approved what she filed`).not.toBe('approved');
    }
  });

  it('comments on a record the caller cannot see, or of tenant B, read as not found and write nothing', async () => {
    for (const type of REQUEST_TYPES) {
      const hidden = await requestIn(w.db, w.a, type, type.initialStatus);
      const foreignRecord = await requestIn(w.db, w.b, type, type.initialStatus);
      for (const who of PERSONS) {
        const allowed = expectedStatuses(w, who, type, { op: 'get' }, await factsOf(w, type, hidden.id)).map((s) => (s === 200 ? 201 : s));
        signInAs(w.a, who);
        await attemptAction(allowed, `${who} comments on ${hidden.id}`, () => addCommentAction(type.resource, hidden.id, 'psst'));
        signInAs(w.a, who);
        await attemptAction([404], `${who} comments on B's ${foreignRecord.id}`, () => addCommentAction(type.resource, foreignRecord.id, 'psst'));
      }
    }
  });

  it("an approval item of one's own making over someone else's request is refused, and the real approver still decides", async () => {
    for (const type of withApproval) {
      const real = await requestIn(w.db, w.a, type, type.initialStatus);
      for (const who of ['alice', 'ivan', 'ada'] as const) {
        signInAs(w.a, who);
        const body = validBody('pending', { type: 'approval', entity_type: type.name, entity_id: real.id, source_id: real.id, assignee_id: w.a.people[who].id, assignee_role: null });
        await attemptAction([422], `${who} forges an approval item over ${real.id}`, () => createRecordAction('pending', body));
      }
      const item = (await itemsOfEntity(w.db, w.a.tenantId, real.id, 'approval'))[0];
      signInAs(w.a, 'bob');
      const decided = (await decideAction([item.id], 'approve', 'ok')) as Json;
      expect(decided.decided).toEqual([item.id]);
    }
  });

  it('a requester who holds their own step cannot re-route it; nobody hands a step to the role employee', async () => {
    const access = REQUEST_TYPES.find((t) => t.name === 'AccessRequest')!;
    // ivan files an access request: its second step goes to the it desk, which ivan holds.
    signInAs(w.a, 'ivan');
    const filed = (await createRecordAction(access.resource, validBody('access-requests'))) as Json;
    expect(filed.ok).toBe(true);
    const item = (await itemsOfEntity(w.db, w.a.tenantId, filed.record.id, 'approval'))[0];
    signInAs(w.a, 'ada');
    const first = (await decideAction([item.id], 'approve', 'ok')) as Json;
    expect(first.decided).toEqual([item.id]);
    signInAs(w.a, 'ivan');
    await attemptAction([403, 422], 'ivan re-routes his own approval to tara', () => updateRecordAction('pending', item.id, { assignee_id: w.a.people.tara.id, assignee_role: null }));
    const other = await pendingItem(w.db, w.a, 'approval-open');
    signInAs(w.a, 'bob');
    await attemptAction([403, 422], 'bob hands his step to employee', () => updateRecordAction('pending', other.id, { assignee_role: 'employee', assignee_id: null }));
    signInAs(w.a, 'ada');
    await attemptAction([403, 422], 'ada hands a step to employee', () => updateRecordAction('pending', other.id, { assignee_role: 'employee', assignee_id: null }));
  });
});
