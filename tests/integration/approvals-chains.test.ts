/**
 * The approvals engine on filing: each type's default chain, who each step goes to, the desk task of HR
 * requests, and that the items are written in the filing's own transaction.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { contextFor, systemClock, type Clock } from '@/lib/data/context';
import { createRecord } from '@/lib/operations/service';
import { accessRequest, travel } from '@/lib/operations/registry';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { engineRows, file, fileTravel, INPUT } from './approvals-support';

let db: Kysely<Database>;
let t: TestTenant;
let rows: ReturnType<typeof engineRows>;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  rows = engineRows(db, t.tenantId);
});

describe('default chains', () => {
  it('AccessRequest: the manager (bob, by id), then the it desk (by role)', async () => {
    const record = await file(t, 'alice', 'access');
    const item = await rows.approval(record.id);
    expect(item).toMatchObject({
      type: 'approval',
      entity_type: 'AccessRequest',
      entity_id: record.id,
      source_id: record.id,
      requested_by_id: t.people.alice.id,
      title: 'New access to github',
      total_steps: 2,
      current_step_index: 0,
      status: 'queued',
      assignee_id: t.people.bob.id,
      assignee_role: null,
      completed_at: null,
    });
    const steps = await rows.steps(item.id);
    expect(steps.map((s) => [s.step_index, s.assignee_id, s.assignee_role, s.decision])).toEqual([
      [0, t.people.bob.id, null, null],
      [1, null, 'it', null],
    ]);
    expect(await rows.tasks(record.id)).toHaveLength(0);
  });

  it('Equipment: the manager only', async () => {
    const record = await file(t, 'alice', 'equipment');
    const item = await rows.approval(record.id);
    expect(item).toMatchObject({ entity_type: 'Equipment', total_steps: 1, current_step_index: 0, assignee_id: t.people.bob.id, assignee_role: null });
    expect((await rows.steps(item.id)).map((s) => s.assignee_id)).toEqual([t.people.bob.id]);
  });

  it.each([
    ['no estimate', undefined, 1],
    ['below the threshold', 1999.99, 1],
    ['at the threshold', 2000, 1],
    ['above the threshold', 2000.01, 2],
  ])('Travel with %s: %s → %i step(s)', async (_label, cost, total) => {
    const record = await fileTravel(t, 'alice', cost);
    const item = await rows.approval(record.id);
    expect(item).toMatchObject({ entity_type: 'Travel', total_steps: total, assignee_id: t.people.bob.id });
    const steps = await rows.steps(item.id);
    expect(steps.map((s) => [s.assignee_id, s.assignee_role])).toEqual(
      total === 2 ? [[t.people.bob.id, null], [null, 'admin']] : [[t.people.bob.id, null]],
    );
  });

  it("Travel follows the tenant's own threshold, and only that tenant's", async () => {
    const other = await createTestTenant(db);
    await db.updateTable('tenants').set({ travel_approval_threshold: 500 }).where('id', '=', t.tenantId).execute();
    try {
      expect((await rows.approval((await fileTravel(t, 'alice', 500)).id)).total_steps).toBe(1);
      expect((await rows.approval((await fileTravel(t, 'alice', 501)).id)).total_steps).toBe(2);
      const elsewhere = await fileTravel(other, 'alice', 1500);
      expect((await engineRows(db, other.tenantId).approval(elsewhere.id)).total_steps).toBe(1);
    } finally {
      await db.updateTable('tenants').set({ travel_approval_threshold: 2000 }).where('id', '=', t.tenantId).execute();
    }
  });

  it('a requester with no manager: the step goes to the admin role', async () => {
    const access = await file(t, 'ada', 'access');
    const item = await rows.approval(access.id);
    expect(item).toMatchObject({ assignee_id: null, assignee_role: 'admin', requested_by_id: t.people.ada.id, total_steps: 2 });
    expect((await rows.steps(item.id)).map((s) => s.assignee_role)).toEqual(['admin', 'it']);
  });

  it("a request filed by admin on another's behalf goes to that person's manager", async () => {
    const record = await createRecord(t.ctx('ada'), accessRequest, { ...INPUT.access(), requester_id: t.people.alice.id });
    const item = await rows.approval(record.id);
    expect(item).toMatchObject({ requested_by_id: t.people.alice.id, assignee_id: t.people.bob.id, status: 'queued' });
  });

  it('never to the person who filed it: a manager step of the filer goes to the other admins, else waits blocked', async () => {
    const record = await createRecord(t.ctx('ada'), accessRequest, { ...INPUT.access(), requester_id: t.people.ivan.id });
    const item = await rows.approval(record.id);
    // ivan's manager is ada, who filed it; she is the only admin, so nobody eligible remains.
    expect(item).toMatchObject({ requested_by_id: t.people.ivan.id, assignee_id: null, assignee_role: 'admin', status: 'blocked' });
    expect(item.blocked_reason).toMatch(/admin must hand it/);
  });

  it('HR requests: a task for the hr desk at once, and no approval', async () => {
    const record = await file(t, 'alice', 'hr');
    const items = await rows.items(record.id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      type: 'task',
      entity_type: 'HRRequest',
      entity_id: record.id,
      requested_by_id: t.people.alice.id,
      assignee_role: 'hr',
      assignee_id: null,
      status: 'queued',
      total_steps: null,
      current_step_index: null,
    });
    const steps = await db.selectFrom('approval_steps').select('pending_id').where('tenant_id', '=', t.tenantId).where('entity_id', '=', record.id).execute();
    expect(steps).toHaveLength(0);
  });

  it('urgent travel is filed with a higher priority', async () => {
    const soon = await createRecord(t.ctx('alice'), travel, INPUT.travel(100, 1));
    expect((await rows.approval(soon.id)).priority).toBe(1);
    const later = await fileTravel(t, 'alice', 100);
    expect((await rows.approval(later.id)).priority).toBe(3);
  });
});

describe('filing and its items are one transaction', () => {
  it('a create that fails after the items were written leaves neither the record nor its items', async () => {
    const count = async (table: 'access_requests' | 'pending_items' | 'approval_steps') =>
      (await db.selectFrom(table).select('tenant_id').where('tenant_id', '=', t.tenantId).execute()).length;
    const existing = await db.selectFrom('audit_events').select('id').where('tenant_id', '=', t.tenantId).executeTakeFirstOrThrow();
    const before = { records: await count('access_requests'), items: await count('pending_items'), steps: await count('approval_steps') };
    // The audit event is the filing's last write: give it an id that is taken, so it fails after the
    // record, the approval item and its steps are in.
    const clashingClock: Clock = { now: () => new Date(), id: (prefix) => (prefix === 'aud' ? existing.id : systemClock.id(prefix)) };
    const ctx = contextFor(db, t.caller('alice'), clashingClock);
    await expect(createRecord(ctx, accessRequest, INPUT.access())).rejects.toThrow();
    expect({ records: await count('access_requests'), items: await count('pending_items'), steps: await count('approval_steps') }).toEqual(before);
  });

  it('the filing is audited with the record', async () => {
    const record = await file(t, 'alice', 'equipment');
    const audit = await rows.audit(record.id);
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([['create', t.people.alice.id]]);
  });
});
