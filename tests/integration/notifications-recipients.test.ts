/**
 * Who is told of what (engine.md §5): the current step's eligible approvers only (and a delegate "for
 * Bob"), the requester of decisions, desk actions and questions, the desk of a new task, a request's
 * participants of comments and `@name` mentions; nobody of their own action; the others' notifications of
 * a decided step superseded, saying who decided it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { createGroup } from '@/lib/directory/groups';
import { setDelegation } from '@/lib/delegation/delegations';
import { addComment } from '@/lib/operations/comments';
import { hrRequest, pending, travel } from '@/lib/operations/registry';
import { performAction } from '@/lib/operations/service';
import { putPolicy } from '@/lib/policies/store';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { engineRows, file, fileTravel } from './approvals-support';
import { notificationRows } from './notifications-support';

let db: Kysely<Database>;

beforeAll(async () => {
  db = (await testDatabase()).db;
});

/** A decision on a record's approval item (travel is decided there). */
async function decideItem(t: TestTenant, who: 'bob' | 'hana' | 'tara' | 'ivan' | 'ada', recordId: string, action: 'approve' | 'reject', comment?: string) {
  const item = await engineRows(db, t.tenantId).approval(recordId);
  return performAction(t.ctx(who), pending, item.id, action, comment ? { comment } : {});
}

async function tenant(): Promise<{ t: TestTenant; rows: ReturnType<typeof notificationRows> }> {
  const t = await createTestTenant(db);
  return { t, rows: notificationRows(db, t) };
}

describe('notifications: who is told', () => {
  it('filing tells the first step’s approver only; the decision tells the requester, and the desk gets its task', async () => {
    const { t, rows } = await tenant();
    const trip = await fileTravel(t, 'alice', 500);
    expect(await rows.about(trip.id)).toEqual([['bob', 'step_assigned']]);
    const [assigned] = await rows.of('bob');
    expect(assigned).toMatchObject({ url: `/travel/${trip.id}`, entity_type: 'Travel', actor_id: t.people.alice.id, superseded_at: null });
    expect(assigned.title).toContain('Trip to Lisbon');

    await decideItem(t, 'bob', trip.id, 'approve', 'Enjoy');
    expect(await rows.about(trip.id)).toEqual([
      ['bob', 'step_assigned'],
      ['alice', 'decided'],
      ['tara', 'task_opened'],
    ]);
    const decided = (await rows.of('alice'))[0];
    expect(decided.title).toBe('Trip to Lisbon was approved');
    expect(decided.body).toContain('Enjoy');
    // Bob's own notification says the step is decided (by him), and no longer counts as unread.
    expect((await rows.of('bob'))[0]).toMatchObject({ superseded_note: 'You decided it' });
    expect((await rows.of('bob'))[0].read_at).not.toBeNull();

    await performAction(t.ctx('tara'), travel, trip.id, 'book', { estimated_cost: 480 });
    expect((await rows.of('alice')).map((n) => [n.kind, n.title])).toEqual([
      ['decided', 'Trip to Lisbon was approved'],
      ['fulfilled', 'Trip to Lisbon was booked'],
    ]);
  });

  it('a step moving on tells the next step’s approvers; a rejection tells the requester', async () => {
    const { t, rows } = await tenant();
    const access = await file(t, 'alice', 'access');
    await performAction(t.ctx('bob'), (await import('@/lib/operations/registry')).accessRequest, access.id, 'approve', {});
    expect(await rows.about(access.id)).toEqual([
      ['bob', 'step_assigned'],
      ['ivan', 'step_assigned'],
    ]);
    await performAction(t.ctx('ivan'), (await import('@/lib/operations/registry')).accessRequest, access.id, 'reject', { comment: 'Not this one' });
    expect((await rows.about(access.id)).slice(2)).toEqual([['alice', 'decided']]);
    expect((await rows.of('alice'))[0].title).toMatch(/was rejected$/);
  });

  it('only the current step’s eligible approvers are told; when one decides, the others’ notifications say so', async () => {
    const { t, rows } = await tenant();
    const group = await createGroup(t.ctx('ada'), { name: 'Finance', member_ids: [t.people.ada.id, t.people.hana.id, t.people.alice.id] });
    await putPolicy(t.ctx('ada'), 'travel', { steps: [{ approver: { kind: 'group', group_id: group.id } }, { approver: { kind: 'manager', level: 1 } }] });
    const trip = await fileTravel(t, 'alice', 100);
    // Alice is in the group but is the requester: not told; bob (the later step) not yet.
    expect((await rows.about(trip.id)).sort()).toEqual([
      ['ada', 'step_assigned'],
      ['hana', 'step_assigned'],
    ]);
    await decideItem(t, 'hana', trip.id, 'approve');
    const all = await rows.all();
    const ada = all.find((n) => n.recipient_id === t.people.ada.id)!;
    expect(ada.superseded_at).not.toBeNull();
    expect(ada.superseded_note).toBe('Decided by Hana Hoshino');
    // The next step's approver is told now; hana is told nothing about her own decision.
    expect(all.filter((n) => n.recipient_id === t.people.bob.id).map((n) => [n.kind, n.superseded_at])).toEqual([['step_assigned', null]]);
    expect(all.filter((n) => n.recipient_id === t.people.hana.id)).toHaveLength(1);
  });

  it('a delegate is told "for Bob" while the delegation is active', async () => {
    const { t, rows } = await tenant();
    await setDelegation(t.ctx('bob'), t.people.bob.id, { delegate_id: t.people.tara.id, ends_at: new Date(Date.now() + 86_400_000).toISOString() });
    const trip = await fileTravel(t, 'alice', 300);
    const told = (await rows.all()).filter((n) => n.entity_id === trip.id);
    expect(told.map((n) => [n.recipient_id, n.on_behalf_of]).sort()).toEqual(
      [
        [t.people.bob.id, null],
        [t.people.tara.id, t.people.bob.id],
      ].sort(),
    );
    expect(told.find((n) => n.on_behalf_of)!.title).toBe('Approve for Bob: Trip to Lisbon');
    // Tara decides for Bob: Bob's own notification is superseded, saying so.
    await decideItem(t, 'tara', trip.id, 'approve');
    const bobs = (await rows.of('bob')).find((n) => n.entity_id === trip.id)!;
    expect(bobs.superseded_note).toBe('Decided by Tara Thompson (on behalf of Bob Brennan)');
  });

  it('asking for information tells the requester; an edit restarting the chain supersedes what was asked', async () => {
    const { t, rows } = await tenant();
    const trip = await fileTravel(t, 'alice', 300);
    const item = await engineRows(db, t.tenantId).approval(trip.id);
    await performAction(t.ctx('bob'), pending, item.id, 'request_info', { comment: 'Which hotel?' });
    const asked = (await rows.of('alice')).find((n) => n.kind === 'info_requested')!;
    expect(asked.body).toContain('Which hotel?');
    expect(asked.url).toBe(`/travel/${trip.id}`);
  });

  it('comments tell the participants but not the author; @name mentions tell those who may see the request', async () => {
    const { t, rows } = await tenant();
    const letter = await file(t, 'alice', 'hr');
    // The HR desk's task: hana is told.
    expect(await rows.about(letter.id)).toEqual([['hana', 'task_opened']]);
    await addComment(t.ctx('hana'), hrRequest, letter.id, 'Which address should it go to? @ada please check, @ivan too');
    const told = (await rows.about(letter.id)).slice(1);
    // Alice takes part (she filed it); ada (admin) may see it and is mentioned; ivan may not see it: not told.
    expect(told.sort()).toEqual([
      ['ada', 'mention'],
      ['alice', 'comment'],
    ]);
    await addComment(t.ctx('alice'), hrRequest, letter.id, 'To my home address');
    const after = (await rows.about(letter.id)).slice(3);
    expect(after.sort()).toEqual([['hana', 'comment']]);
  });
});
