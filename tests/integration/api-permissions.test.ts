/** Who may write what over REST: requester defaulting, on-behalf filing, status and stamps, update and delete rights. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { approveAll, collection, createVia, item, REQUEST_RESOURCES, TEXT_FIELD, validBody } from '../support/records';

let db: Kysely<Database>;
let t: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

const ACTIONS: Record<string, string[]> = {
  'access-requests': ['approve', 'reject', 'provision', 'complete'],
  'hr-requests': ['start', 'fulfill', 'reject'],
  equipment: ['reject', 'provision', 'return'],
  travel: ['reject', 'book', 'complete', 'cancel'],
};

const STAMPS: Record<string, Record<string, unknown>> = {
  'access-requests': { approved_at: '2001-01-01T00:00:00Z', approver_id: 'per_x', provisioned_at: '2001-01-01T00:00:00Z', granted_at: '2001-01-01T00:00:00Z', granted_by_id: 'per_x' },
  'hr-requests': { fulfilled_by: 'per_x', fulfilled_at: '2001-01-01T00:00:00Z' },
  equipment: { approver_id: 'per_x', ordered_at: '2001-01-01T00:00:00Z', delivered_at: '2001-01-01T00:00:00Z' },
  travel: { approver_id: 'per_x', booked_at: '2001-01-01T00:00:00Z' },
};

describe.each(REQUEST_RESOURCES)('%s: requester, status and stamps', (resource) => {
  it('defaults the requester to the caller and refuses filing on behalf without admin (403)', async () => {
    const own = await createVia(t, 'alice', resource);
    expect(own.requester_id).toBe(t.people.alice.id);
    const same = await createVia(t, 'alice', resource, { requester_id: t.people.alice.id });
    expect(same.requester_id).toBe(t.people.alice.id);
    const behalf = await api('POST', collection(resource), { token: await t.token('bob'), body: validBody(resource, { requester_id: t.people.alice.id }) });
    expect(behalf.status).toBe(403);
    expect(behalf.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lets an admin file on behalf of a person of the tenant, and names an unknown requester (422)', async () => {
    const filed = await createVia(t, 'ada', resource, { requester_id: t.people.alice.id });
    expect(filed).toMatchObject({ requester_id: t.people.alice.id, created_by: t.people.ada.id });
    const seen = await api('GET', item(resource, filed.id), { token: await t.token('alice') });
    expect(seen.status).toBe(200);
    const other = await createTestTenant(db);
    const foreign = await api('POST', collection(resource), { token: await t.token('ada'), body: validBody(resource, { requester_id: other.people.alice.id }) });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toContainEqual(expect.objectContaining({ path: 'requester_id' }));
  });

  it('refuses a status in PATCH with 422 naming the actions', async () => {
    const record = await createVia(t, 'alice', resource);
    const res = await api('PATCH', item(resource, record.id), { token: await t.token('ada'), body: { status: 'approved' } });
    expect(res.status).toBe(422);
    const error = res.body.errors.find((e: { path: string }) => e.path === 'status');
    expect(error).toBeDefined();
    expect(ACTIONS[resource].some((action) => error.message.includes(action))).toBe(true);
    expect((await api('GET', item(resource, record.id), { token: await t.token('alice') })).body.status).toBe(record.status);
  });

  it('ignores lifecycle stamps on create and update', async () => {
    const record = await createVia(t, 'alice', resource, STAMPS[resource]);
    for (const key of Object.keys(STAMPS[resource])) expect(record[key], key).toBeNull();
    const res = await api('PATCH', item(resource, record.id), { token: await t.token('ada'), body: { ...STAMPS[resource], [TEXT_FIELD[resource]]: 'Edited' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    for (const key of Object.keys(STAMPS[resource])) expect(res.body[key], key).toBeNull();
  });

  it('keeps the requester fixed after filing, for admins too (422)', async () => {
    const record = await createVia(t, 'alice', resource);
    for (const who of ['alice', 'ada'] as const) {
      const res = await api('PATCH', item(resource, record.id), { token: await t.token(who), body: { requester_id: t.people.bob.id } });
      expect(res.status).toBe(422);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'requester_id' }));
    }
    const same = await api('PATCH', item(resource, record.id), { token: await t.token('ada'), body: { requester_id: t.people.alice.id } });
    expect(same.status).toBe(200);
  });
});

describe('who may update and delete', () => {
  const DESK: Record<string, 'ivan' | 'hana' | 'tara'> = { 'access-requests': 'ivan', 'hr-requests': 'hana', equipment: 'ivan', travel: 'tara' };

  it.each(REQUEST_RESOURCES)('%s: the desk edits at any time, the approver never, another employee cannot see it', async (resource) => {
    const record = await createVia(t, 'alice', resource);
    const field = TEXT_FIELD[resource];
    const desk = await api('PATCH', item(resource, record.id), { token: await t.token(DESK[resource]), body: { [field]: 'Desk note' } });
    expect(desk.status).toBe(200);
    expect(desk.body.updated_by).toBe(t.people[DESK[resource]].id);
    if (resource !== 'hr-requests') {
      const approver = await api('PATCH', item(resource, record.id), { token: await t.token('bob'), body: { [field]: 'Approver note' } });
      expect(approver.status).toBe(403); // bob sees it (his step) but does not rewrite it
      expect((await api('DELETE', item(resource, record.id), { token: await t.token('bob') })).status).toBe(403);
    }
    const stranger = await api('PATCH', item(resource, record.id), { token: await t.token(DESK[resource] === 'tara' ? 'hana' : 'tara'), body: { [field]: 'x' } });
    expect(stranger.status).toBe(404);
    // The desk does not delete (only requester while initial, and admin).
    expect((await api('DELETE', item(resource, record.id), { token: await t.token(DESK[resource]) })).status).toBe(403);
  });

  it.each(['access-requests', 'equipment', 'travel'] as const)('%s: the requester may not edit or withdraw after approval; admin may', async (resource) => {
    const record = await createVia(t, 'alice', resource);
    await approveAll(db, t, resource, record.id);
    const alice = await t.token('alice');
    expect((await api('PATCH', item(resource, record.id), { token: alice, body: { [TEXT_FIELD[resource]]: 'late' } })).status).toBe(403);
    expect((await api('DELETE', item(resource, record.id), { token: alice })).status).toBe(403);
    const ada = await t.token('ada');
    expect((await api('PATCH', item(resource, record.id), { token: ada, body: { [TEXT_FIELD[resource]]: 'admin fix' } })).status).toBe(200);
    expect((await api('DELETE', item(resource, record.id), { token: ada })).status).toBe(204);
  });

  it('withdrawing a request closes its approval item and desk task', async () => {
    const record = await createVia(t, 'alice', 'hr-requests');
    expect((await api('DELETE', item('hr-requests', record.id), { token: await t.token('alice') })).status).toBe(204);
    const items = await db.selectFrom('pending_items').select(['status']).where('tenant_id', '=', t.tenantId).where('entity_id', '=', record.id).execute();
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.status === 'completed')).toBe(true);
  });

  it('pending items: the assignee and role holders update, the creator and admin delete', async () => {
    const roleItem = await createVia(t, 'ada', 'pending', { assignee_role: 'it' });
    expect((await api('PATCH', item('pending', roleItem.id), { token: await t.token('ivan'), body: { priority: 1 } })).body.priority).toBe(1);
    expect((await api('PATCH', item('pending', roleItem.id), { token: await t.token('alice'), body: { priority: 2 } })).status).toBe(404);
    expect((await api('DELETE', item('pending', roleItem.id), { token: await t.token('ivan') })).status).toBe(403);
    expect((await api('DELETE', item('pending', roleItem.id), { token: await t.token('ada') })).status).toBe(204);

    const created = await createVia(t, 'alice', 'pending', { assignee_id: t.people.bob.id, assignee_role: null });
    expect((await api('PATCH', item('pending', created.id), { token: await t.token('alice'), body: { priority: 1 } })).status).toBe(403);
    expect((await api('PATCH', item('pending', created.id), { token: await t.token('bob'), body: { priority: 1 } })).status).toBe(200);
    const bad = await api('PATCH', item('pending', created.id), { token: await t.token('bob'), body: { priority: 9 } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: 'priority' }));
    expect((await api('DELETE', item('pending', created.id), { token: await t.token('bob') })).status).toBe(403);
    expect((await api('DELETE', item('pending', created.id), { token: await t.token('alice') })).status).toBe(204);
  });
});
