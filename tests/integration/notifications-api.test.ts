/**
 * GET /me/notifications (newest first, keyset paging, unread count without superseded ones), POST
 * /me/notifications/read (ids — only one's own — or all), GET/PUT /me/notification-preferences; another
 * tenant's and an integration key's calls see nothing of it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { pending } from '@/lib/operations/registry';
import { performAction } from '@/lib/operations/service';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { engineRows, fileTravel } from './approvals-support';

let db: Kysely<Database>;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  db = (await testDatabase()).db;
  t = await createTestTenant(db);
  other = await createTestTenant(db);
});

describe('the notifications API', () => {
  it('lists newest first with keyset paging and the unread count; marks read by id (only one’s own) or all', async () => {
    const trips = [];
    for (let i = 0; i < 7; i++) trips.push(await fileTravel(t, 'alice', 100 + i));
    const bob = await t.token('bob');
    const first = await api('GET', '/api/v1/me/notifications?limit=3', { token: bob });
    expect(first.status).toBe(200);
    expect(first.body.unread_count).toBe(7);
    expect(first.body.data).toHaveLength(3);
    expect(Object.keys(first.body.data[0]).sort()).toEqual(
      ['body', 'created_at', 'entity_id', 'entity_type', 'id', 'kind', 'read_at', 'superseded_at', 'superseded_note', 'title', 'url'].sort(),
    );
    expect(first.body.data[0]).toMatchObject({ kind: 'step_assigned', entity_id: trips[6].id, url: `/travel/${trips[6].id}`, read_at: null });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { entity_id: string }[]; next_cursor: string | null } } = await api('GET', `/api/v1/me/notifications?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: bob });
      seen.push(...page.body.data.map((n) => n.entity_id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(trips.map((trip) => trip.id).reverse());
    expect((await api('GET', '/api/v1/me/notifications?cursor=nonsense', { token: bob })).status).toBe(422);

    // Alice sees none of Bob's; marking Bob's ids as Alice changes nothing.
    const alice = await t.token('alice');
    expect((await api('GET', '/api/v1/me/notifications', { token: alice })).body).toMatchObject({ data: [], unread_count: 0, next_cursor: null });
    const ids = first.body.data.map((n: { id: string }) => n.id);
    expect((await api('POST', '/api/v1/me/notifications/read', { token: alice, body: { ids } })).body).toEqual({ unread_count: 0 });
    expect((await api('GET', '/api/v1/me/notifications', { token: bob })).body.unread_count).toBe(7);

    const marked = await api('POST', '/api/v1/me/notifications/read', { token: bob, body: { ids: ids.slice(0, 2) } });
    expect(marked.body).toEqual({ unread_count: 5 });
    const unread = await api('GET', '/api/v1/me/notifications?unread=true&limit=100', { token: bob });
    expect(unread.body.data).toHaveLength(5);
    expect((await api('POST', '/api/v1/me/notifications/read', { token: bob, body: {} })).status).toBe(422);
    expect((await api('POST', '/api/v1/me/notifications/read', { token: bob, body: { all: true } })).body).toEqual({ unread_count: 0 });
    const after = await api('GET', '/api/v1/me/notifications?limit=1', { token: bob });
    expect(after.body.data[0].read_at).not.toBeNull();

    // Another tenant's Bob sees none of them; an integration key has no notifications.
    expect((await api('GET', '/api/v1/me/notifications', { token: await other.token('bob') })).body.data).toEqual([]);
    expect((await api('GET', '/api/v1/me/notifications', { token: await t.token('ada', { appId: 'app_x', jti: 'key_x' }) })).status).toBeGreaterThanOrEqual(401);
  });

  it('a superseded notification stays listed with what happened, but leaves the unread count', async () => {
    const trip = await fileTravel(t, 'alice', 900);
    const ada = await t.token('ada');
    const before = (await api('GET', '/api/v1/me/notifications', { token: ada })).body.unread_count;
    // Ada (admin) overrides Bob's step: Bob's notification for it is superseded.
    const item = await engineRows(db, t.tenantId).approval(trip.id);
    await performAction(t.ctx('ada'), pending, item.id, 'approve', {});
    const bob = await api('GET', '/api/v1/me/notifications?limit=100', { token: await t.token('bob') });
    const mine = bob.body.data.find((n: { entity_id: string }) => n.entity_id === trip.id);
    expect(mine).toMatchObject({ superseded_note: 'Decided by Ada Adeyemi' });
    expect(bob.body.unread_count).toBe(0);
    expect((await api('GET', '/api/v1/me/notifications', { token: ada })).body.unread_count).toBe(before);
  });

  it('preferences: every kind on by default; PUT replaces them; unknown kinds and fields are 422', async () => {
    const hana = await t.token('hana');
    const initial = await api('GET', '/api/v1/me/notification-preferences', { token: hana });
    expect(initial.status).toBe(200);
    expect(initial.body.digest).toBe(false);
    expect(Object.values(initial.body.email).every(Boolean)).toBe(true);
    const put = await api('PUT', '/api/v1/me/notification-preferences', { token: hana, body: { email: { comment: false, task_opened: false } } });
    expect(put.status).toBe(200);
    expect(put.body.email).toMatchObject({ comment: false, task_opened: false, decided: true });
    expect((await api('GET', '/api/v1/me/notification-preferences', { token: hana })).body).toEqual(put.body);
    expect((await api('PUT', '/api/v1/me/notification-preferences', { token: hana, body: { email: { nonsense: true } } })).status).toBe(422);
    expect((await api('PUT', '/api/v1/me/notification-preferences', { token: hana, body: { digest: 'yes' } })).status).toBe(422);
    expect((await api('PUT', '/api/v1/me/notification-preferences', { token: hana, body: { digest: true, extra: 1 } })).status).toBe(422);
    // Another tenant's hana has her own (defaults).
    expect((await api('GET', '/api/v1/me/notification-preferences', { token: await other.token('hana') })).body.email.comment).toBe(true);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await api('GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/me/notifications', '/api/v1/me/notifications/read', '/api/v1/me/notification-preferences']));
  });
});
