/** Safe writes over REST: ETag / If-Match (412 changes nothing) and Idempotency-Key (replays write nothing). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { auditOf, collection, countRows, createVia, item, RESOURCES, TABLE, TEXT_FIELD, validBody, type Resource } from '../support/records';

let db: Kysely<Database>;
let t: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

const own = (resource: Resource) => (resource === 'pending' ? { assignee_id: t.people.ada.id, assignee_role: null } : {});

describe.each(RESOURCES)('%s: ETag and If-Match', (resource) => {
  it('update with the current tag succeeds; a stale tag is 412 and changes nothing', async () => {
    const ada = await t.token('ada');
    const created = await api('POST', collection(resource), { token: ada, body: validBody(resource, own(resource)) });
    const got = await api('GET', item(resource, created.body.id), { token: ada });
    const tag = got.headers.get('etag')!;
    expect(tag).toBe(created.headers.get('etag'));
    expect((await api('GET', item(resource, created.body.id), { token: ada })).headers.get('etag')).toBe(tag);

    const field = TEXT_FIELD[resource];
    const first = await api('PATCH', item(resource, created.body.id), { token: ada, body: { [field]: 'First edit' }, headers: { 'if-match': tag } });
    expect(first.status).toBe(200);
    const newTag = first.headers.get('etag');
    expect(newTag).not.toBe(tag);
    const before = (await auditOf(db, t, created.body.id)).length;

    const stale = await api('PATCH', item(resource, created.body.id), { token: ada, body: { [field]: 'Lost update' }, headers: { 'if-match': tag } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(stale.body.status).toBe(412);
    const after = await api('GET', item(resource, created.body.id), { token: ada });
    expect(after.body[field]).toBe('First edit');
    expect(after.headers.get('etag')).toBe(newTag);
    expect((await auditOf(db, t, created.body.id)).length).toBe(before);

    for (const form of [(_: string) => '*', (tag: string) => `W/${tag}`, (tag: string) => `"nope", ${tag}`]) {
      const current = (await api('GET', item(resource, created.body.id), { token: ada })).headers.get('etag')!;
      const header = form(current);
      const ok = await api('PATCH', item(resource, created.body.id), { token: ada, body: { tags: { h: header } }, headers: { 'if-match': header } });
      expect(ok.status, header).toBe(200);
    }
  });

  it('delete with a stale tag is 412 and the record stays; with the current tag it goes', async () => {
    const ada = await t.token('ada');
    const created = await createVia(t, 'ada', resource, own(resource));
    const tag = (await api('GET', item(resource, created.id), { token: ada })).headers.get('etag')!;
    await api('PATCH', item(resource, created.id), { token: ada, body: { tags: { v: 2 } } });
    expect((await api('DELETE', item(resource, created.id), { token: ada, headers: { 'if-match': tag } })).status).toBe(412);
    const current = await api('GET', item(resource, created.id), { token: ada });
    expect(current.status).toBe(200);
    expect(current.body.is_deleted).toBe(false);
    expect((await api('DELETE', item(resource, created.id), { token: ada, headers: { 'if-match': current.headers.get('etag')! } })).status).toBe(204);
  });

  it('If-Match on a record the caller cannot see is still 404', async () => {
    const created = await createVia(t, 'ada', resource, own(resource));
    const res = await api('PATCH', item(resource, created.id), { token: await t.token('alice'), body: { tags: {} }, headers: { 'if-match': '"x"' } });
    expect(res.status).toBe(404);
  });
});

describe('If-Match on actions', () => {
  it('a stale tag is 412 and the status stays; the current one moves it', async () => {
    const hana = await t.token('hana');
    const created = await createVia(t, 'alice', 'hr-requests');
    const tag = (await api('GET', item('hr-requests', created.id), { token: hana })).headers.get('etag')!;
    await api('PATCH', item('hr-requests', created.id), { token: hana, body: { description: 'Edited by HR' } });
    const stale = await api('POST', item('hr-requests', created.id, 'start'), { token: hana, body: {}, headers: { 'if-match': tag } });
    expect(stale.status).toBe(412);
    const current = await api('GET', item('hr-requests', created.id), { token: hana });
    expect(current.body.status).toBe('pending');
    const ok = await api('POST', item('hr-requests', created.id, 'start'), { token: hana, body: {}, headers: { 'if-match': current.headers.get('etag')! } });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('in_progress');
    expect(ok.headers.get('etag')).toBe((await api('GET', item('hr-requests', created.id), { token: hana })).headers.get('etag'));
  });
});

describe('Idempotency-Key', () => {
  it.each(RESOURCES)('%s create: the same key and body replays the first response and writes nothing', async (resource) => {
    const token = await t.token('alice');
    const body = validBody(resource);
    const key = `create-${resource}-${Date.now()}`;
    const first = await api('POST', collection(resource), { token, body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const rows = await countRows(db, t, TABLE[resource]);
    const audits = await countRows(db, t, 'audit_events');
    const second = await api('POST', collection(resource), { token, body, headers: { 'idempotency-key': key } });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await countRows(db, t, TABLE[resource])).toBe(rows);
    expect(await countRows(db, t, 'audit_events')).toBe(audits);

    const other = await api('POST', collection(resource), { token, body: { ...body, tags: { changed: true } }, headers: { 'idempotency-key': key } });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body.errors).toContainEqual(expect.objectContaining({ path: 'Idempotency-Key' }));
    expect(await countRows(db, t, TABLE[resource])).toBe(rows);
  });

  it('an action replay answers the first 200 (not a 409) and writes nothing', async () => {
    const hana = await t.token('hana');
    const created = await createVia(t, 'alice', 'hr-requests');
    const headers = { 'idempotency-key': `start-${created.id}` };
    const first = await api('POST', item('hr-requests', created.id, 'start'), { token: hana, body: { comment: 'on it' }, headers });
    expect(first.status).toBe(200);
    const events = (await auditOf(db, t, created.id)).length;
    const replay = await api('POST', item('hr-requests', created.id, 'start'), { token: hana, body: { comment: 'on it' }, headers });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect((await auditOf(db, t, created.id)).length).toBe(events);
    const differs = await api('POST', item('hr-requests', created.id, 'start'), { token: hana, body: { comment: 'again' }, headers });
    expect(differs.status).toBe(422);
    const plain = await api('POST', item('hr-requests', created.id, 'start'), { token: hana, body: { comment: 'on it' } });
    expect(plain.status).toBe(409);
  });

  it('keys belong to their caller: the same key from another person is a new request', async () => {
    const key = `shared-${Date.now()}`;
    const body = validBody('travel');
    const a = await api('POST', collection('travel'), { token: await t.token('alice'), body, headers: { 'idempotency-key': key } });
    const b = await api('POST', collection('travel'), { token: await t.token('bob'), body, headers: { 'idempotency-key': key } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
    const sameKeyOtherPath = await api('POST', collection('equipment'), { token: await t.token('alice'), body, headers: { 'idempotency-key': key } });
    expect(sameKeyOtherPath.status).toBe(422);
  });

  it('a failed request stores nothing: retrying with a fixed body under the same key succeeds', async () => {
    const token = await t.token('alice');
    const key = `retry-${Date.now()}`;
    const bad = await api('POST', collection('equipment'), { token, body: validBody('equipment', { cost: -1 }), headers: { 'idempotency-key': key } });
    expect(bad.status).toBe(422);
    const good = await api('POST', collection('equipment'), { token, body: validBody('equipment'), headers: { 'idempotency-key': key } });
    expect(good.status).toBe(201);
  });

  it('two concurrent requests with one key create one record', async () => {
    const token = await t.token('alice');
    const key = `race-${Date.now()}`;
    const body = validBody('equipment', { equipment_type: `race-${key}` });
    const before = await countRows(db, t, 'equipment_requests');
    const [a, b] = await Promise.all([
      api('POST', collection('equipment'), { token, body, headers: { 'idempotency-key': key } }),
      api('POST', collection('equipment'), { token, body, headers: { 'idempotency-key': key } }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(await countRows(db, t, 'equipment_requests')).toBe(before + 1);
  });

  it('refuses a key longer than 255 characters with 422', async () => {
    const res = await api('POST', collection('equipment'), { token: await t.token('alice'), body: validBody('equipment'), headers: { 'idempotency-key': 'k'.repeat(256) } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'Idempotency-Key' }));
  });
});
