/** CRUD of every record type over REST: create, get, list, update, delete, and the audit each leaves. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { auditOf, collection, createVia, INITIAL, item, PREFIX, RESOURCES, TEXT_FIELD, validBody, type Resource } from '../support/records';

let db: Kysely<Database>;
let t: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

const ULID_ID = (prefix: string) => new RegExp(`^${prefix}[0-9A-HJKMNP-TV-Z]{26}$`);
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Pending items are updated by their assignee: alice files them assigned to herself. */
const ownBody = (resource: Resource) => (resource === 'pending' ? { assignee_id: t.people.alice.id, assignee_role: null } : {});

describe.each(RESOURCES)('%s: create, get, list, update, delete', (resource) => {
  it('creates with 201, Location, ETag and the server stamps', async () => {
    const before = Date.now();
    const res = await api('POST', collection(resource), { token: await t.token('alice'), body: validBody(resource, ownBody(resource)) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const record = res.body;
    expect(record.id).toMatch(ULID_ID(PREFIX[resource]));
    expect(res.headers.get('location')).toBe(item(resource, record.id));
    expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
    expect(record).toMatchObject({
      tenant_id: t.tenantId,
      app_id: null,
      created_by: t.people.alice.id,
      updated_by: t.people.alice.id,
      source: 'edm',
      source_type: 'api',
      is_deleted: false,
      deleted_at: null,
      deleted_by: null,
      schema_version: 1,
      status: INITIAL[resource],
      tags: {},
    });
    expect(record.created_at).toMatch(ISO_UTC);
    expect(record.updated_at).toBe(record.created_at);
    expect(new Date(record.created_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const requesterField = resource === 'pending' ? 'requested_by_id' : 'requester_id';
    expect(record[requesterField]).toBe(t.people.alice.id);
    for (const [key, value] of Object.entries(validBody(resource))) {
      if (key === 'assignee_role') continue;
      expect(record[key], key).toEqual(value);
    }
  });

  it('gets the record with an ETag, lists it, patches it and soft-deletes it', async () => {
    const alice = await t.token('alice');
    const created = await createVia(t, 'alice', resource, ownBody(resource));

    const got = await api('GET', item(resource, created.id), { token: alice });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created);
    expect(got.headers.get('etag')).toMatch(/^"[^"]+"$/);

    const list = await api('GET', collection(resource), { token: alice });
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: { id: string }) => r.id)).toContain(created.id);
    expect(list.body).toHaveProperty('next_cursor');

    const field = TEXT_FIELD[resource];
    const patched = await api('PATCH', item(resource, created.id), { token: alice, body: { [field]: 'Rewritten by the requester', tags: { team: 'payments' } } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body[field]).toBe('Rewritten by the requester');
    expect(patched.body.tags).toEqual({ team: 'payments' });
    expect(patched.body.updated_by).toBe(t.people.alice.id);
    expect(new Date(patched.body.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(created.updated_at).getTime());
    expect(patched.body.created_at).toBe(created.created_at);
    expect(patched.headers.get('etag')).not.toBe(got.headers.get('etag'));

    const deleted = await api('DELETE', item(resource, created.id), { token: alice });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();
    expect((await api('GET', item(resource, created.id), { token: alice })).status).toBe(404);
    expect((await api('GET', item(resource, created.id), { token: await t.token('ada') })).status).toBe(404);
    expect((await api('PATCH', item(resource, created.id), { token: alice, body: { tags: {} } })).status).toBe(404);
    expect((await api('DELETE', item(resource, created.id), { token: await t.token('ada') })).status).toBe(404);
    expect((await api('POST', item(resource, created.id, resource === 'hr-requests' ? 'start' : 'reject'), { token: await t.token('ada'), body: {} })).status).toBe(404);
    const after = await api('GET', collection(resource), { token: alice });
    expect(after.body.data.map((r: { id: string }) => r.id)).not.toContain(created.id);

    const events = await auditOf(db, t, created.id);
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    for (const event of events) expect(event).toMatchObject({ actor_id: t.people.alice.id, source_type: 'api', entity_type: expect.any(String) });
    const update = events[1].changes as Record<string, { from: unknown; to: unknown }>;
    expect(update[field]).toEqual({ from: created[field], to: 'Rewritten by the requester' });
    expect(events[2].changes).toMatchObject({ is_deleted: { from: false, to: true } });
  });

  it('lets an admin list soft-deleted records with include_deleted=true, and nobody else', async () => {
    const created = await createVia(t, 'alice', resource, ownBody(resource));
    expect((await api('DELETE', item(resource, created.id), { token: await t.token('ada') })).status).toBe(204);
    const admin = await api('GET', `${collection(resource)}?scope=all&include_deleted=true&limit=200`, { token: await t.token('ada') });
    expect(admin.status).toBe(200);
    const row = admin.body.data.find((r: { id: string }) => r.id === created.id);
    expect(row).toMatchObject({ is_deleted: true, deleted_by: t.people.ada.id });
    expect(row.deleted_at).toMatch(ISO_UTC);
    const plain = await api('GET', `${collection(resource)}?scope=all&limit=200`, { token: await t.token('ada') });
    expect(plain.body.data.map((r: { id: string }) => r.id)).not.toContain(created.id);
    const notAdmin = await api('GET', `${collection(resource)}?include_deleted=true`, { token: await t.token('alice') });
    expect(notAdmin.status).toBe(403);
  });

  it('ignores server-stamped fields a client sends, on create and on update', async () => {
    const forged = {
      id: `${PREFIX[resource]}01JD3M4V6X8Q9R2S3T4V5W6X7Y`,
      tenant_id: 'ten_01JD3M4V6X8Q9R2S3T4V5W6X7Y',
      app_id: 'app_forged',
      created_at: '2001-01-01T00:00:00Z',
      updated_at: '2001-01-01T00:00:00Z',
      created_by: t.people.ada.id,
      updated_by: t.people.ada.id,
      is_deleted: true,
      deleted_at: '2001-01-01T00:00:00Z',
      deleted_by: t.people.ada.id,
      schema_version: 7,
    };
    const created = await createVia(t, 'alice', resource, { ...ownBody(resource), ...forged });
    expect(created.id).not.toBe(forged.id);
    expect(created).toMatchObject({ tenant_id: t.tenantId, app_id: null, created_by: t.people.alice.id, is_deleted: false, deleted_at: null, schema_version: 1 });
    expect(created.created_at).not.toBe('2001-01-01T00:00:00.000Z');

    const patched = await api('PATCH', item(resource, created.id), { token: await t.token('alice'), body: { ...forged, [TEXT_FIELD[resource]]: 'Still mine' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ id: created.id, tenant_id: t.tenantId, created_at: created.created_at, created_by: t.people.alice.id, updated_by: t.people.alice.id, is_deleted: false, schema_version: 1 });
    expect((await api('GET', item(resource, created.id), { token: await t.token('alice') })).status).toBe(200);
  });

  it('accepts a client source and a valid source_type, and rejects an invalid source_type', async () => {
    const created = await createVia(t, 'alice', resource, { ...ownBody(resource), source: 'crm-sync', source_type: 'backend' });
    expect(created).toMatchObject({ source: 'crm-sync', source_type: 'backend' });
    const bad = await api('POST', collection(resource), { token: await t.token('alice'), body: validBody(resource, { source_type: 'mainframe' }) });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('source_type');
  });

  it('accepts status on create only when it is the initial state', async () => {
    const ok = await createVia(t, 'alice', resource, { ...ownBody(resource), status: INITIAL[resource] });
    expect(ok.status).toBe(INITIAL[resource]);
    const other = resource === 'pending' ? 'completed' : resource === 'hr-requests' ? 'completed' : 'approved';
    const bad = await api('POST', collection(resource), { token: await t.token('alice'), body: validBody(resource, { status: other }) });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: 'status' }));
    const unknown = await api('POST', collection(resource), { token: await t.token('alice'), body: validBody(resource, { status: 'teleported' }) });
    expect(unknown.status).toBe(422);
  });

  it('names a missing required field in errors[].path', async () => {
    const body = validBody(resource);
    const required = Object.keys(body)[0];
    delete body[required];
    const res = await api('POST', collection(resource), { token: await t.token('alice'), body });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 422, title: expect.any(String), detail: expect.any(String) });
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: required, message: expect.any(String) }));
  });
});
