/**
 * The inbox query: what waits on me (assigned to me, or to a role I hold), without my own requests and
 * without completed or deleted items, most urgent first (priority, then due date).
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { inboxCount, listInbox } from '@/lib/operations/inbox';
import { equipment, pending, travel } from '@/lib/operations/registry';
import { createRecord, deleteRecord, performAction } from '@/lib/operations/service';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { engineRows, file, fileTravel } from './approvals-support';

let db: Kysely<Database>;

beforeAll(async () => {
  ({ db } = await testDatabase());
});

async function inbox(t: TestTenant, who: PersonKey) {
  const items = await listInbox(t.ctx(who));
  expect(await inboxCount(t.ctx(who))).toBe(items.length);
  return items;
}

const days = (n: number) => new Date(Date.now() + n * 24 * 60 * 60 * 1000).toISOString();

describe('what waits on me', () => {
  it('the manager sees the approvals assigned to them; the desk sees its role; others see nothing', async () => {
    const t = await createTestTenant(db);
    const access = await file(t, 'alice', 'access');
    const hr = await file(t, 'alice', 'hr');

    expect((await inbox(t, 'bob')).map((i) => [i.entity_id, i.type])).toEqual([[access.id, 'approval']]);
    expect((await inbox(t, 'hana')).map((i) => [i.entity_id, i.type])).toEqual([[hr.id, 'task']]);
    expect(await inbox(t, 'ivan')).toEqual([]);
    expect(await inbox(t, 'tara')).toEqual([]);
    // alice filed both: her own requests never wait on her.
    expect(await inbox(t, 'alice')).toEqual([]);

    // bob decides: the item leaves his inbox and reaches the it desk.
    await performAction(t.ctx('bob'), pending, (await engineRows(db, t.tenantId).approval(access.id)).id, 'approve', {});
    expect(await inbox(t, 'bob')).toEqual([]);
    expect((await inbox(t, 'ivan')).map((i) => [i.entity_id, i.type, i.current_step_index])).toEqual([[access.id, 'approval', 1]]);
    // ivan decides the last step: the approval completes and the it desk task takes its place.
    await performAction(t.ctx('ivan'), pending, (await engineRows(db, t.tenantId).approval(access.id)).id, 'approve', {});
    expect((await inbox(t, 'ivan')).map((i) => [i.entity_id, i.type])).toEqual([[access.id, 'task']]);
  });

  it('excludes my own requests even when I hold the role (admin), but not other people’s', async () => {
    const t = await createTestTenant(db);
    const own = await file(t, 'ada', 'equipment');
    const trip = await fileTravel(t, 'alice', 9000);
    expect((await engineRows(db, t.tenantId).approval(own.id)).assignee_role).toBe('admin');
    expect(await inbox(t, 'ada')).toEqual([]);
    await performAction(t.ctx('bob'), pending, (await engineRows(db, t.tenantId).approval(trip.id)).id, 'approve', {});
    expect((await inbox(t, 'ada')).map((i) => i.entity_id)).toEqual([trip.id]);
  });

  it('excludes completed and withdrawn items', async () => {
    const t = await createTestTenant(db);
    const withdrawn = await file(t, 'alice', 'equipment');
    const decided = await file(t, 'alice', 'equipment');
    const waiting = await file(t, 'alice', 'equipment');
    await deleteRecord(t.ctx('alice'), equipment, withdrawn.id);
    await performAction(t.ctx('bob'), pending, (await engineRows(db, t.tenantId).approval(decided.id)).id, 'reject', { comment: 'Not now' });
    expect((await inbox(t, 'bob')).map((i) => i.entity_id)).toEqual([waiting.id]);
  });

  it('excludes soft-deleted items', async () => {
    const t = await createTestTenant(db);
    const item = await createRecord(t.ctx('ada'), pending, { type: 'task', source_id: 'ext_1', title: 'Check the badge', assignee_id: t.people.bob.id });
    expect((await inbox(t, 'bob')).map((i) => i.id)).toEqual([item.id]);
    await deleteRecord(t.ctx('ada'), pending, item.id);
    expect(await inbox(t, 'bob')).toEqual([]);
  });

  it('is ordered by priority, then due date', async () => {
    const t = await createTestTenant(db);
    const make = (title: string, priority: number, due: string | null) =>
      createRecord(t.ctx('ada'), pending, { type: 'task', source_id: `src_${title}`, title, priority, due_at: due, assignee_role: 'it' });
    await make('p3 due in 5 days', 3, days(5));
    await make('p1 due in 9 days', 1, days(9));
    await make('p3 due tomorrow', 3, days(1));
    await make('p2 due in 2 days', 2, days(2));
    await make('p1 due in 3 days', 1, days(3));
    expect((await inbox(t, 'ivan')).map((i) => i.title)).toEqual([
      'p1 due in 3 days',
      'p1 due in 9 days',
      'p2 due in 2 days',
      'p3 due tomorrow',
      'p3 due in 5 days',
    ]);
  });

  it('urgent travel comes before other approvals', async () => {
    const t = await createTestTenant(db);
    const equipmentRequest = await file(t, 'alice', 'equipment');
    const soon = await createRecord(t.ctx('alice'), travel, {
      purpose: 'Fire drill',
      destination: 'Porto',
      departure_at: days(1),
      return_at: days(2),
    });
    expect((await inbox(t, 'bob')).map((i) => i.entity_id)).toEqual([soon.id, equipmentRequest.id]);
  });

  it('stays within the tenant', async () => {
    const t = await createTestTenant(db);
    const other = await createTestTenant(db);
    await file(other, 'alice', 'access');
    await file(other, 'alice', 'hr');
    expect(await inbox(t, 'bob')).toEqual([]);
    expect(await inbox(t, 'hana')).toEqual([]);
    expect(await inbox(t, 'ada')).toEqual([]);
  });
});
