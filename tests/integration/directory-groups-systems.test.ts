/**
 * Approver groups and the systems catalogue over REST (engine.md §3a): reads for anyone signed in, admin
 * writes (403 otherwise, integration keys included), ETag/If-Match, Idempotency-Key, 409 for a taken
 * name or id, 422 naming the field (unknown or foreign people, a bad slug, max_days out of range), and
 * another tenant's groups and systems are 404.
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { integrationToken } from '../support/records';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;
let t: TestTenant;
let other: TestTenant;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  other = await createTestTenant(db);
  for (const who of ['alice', 'bob', 'ada'] as const) tokens[who] = await t.token(who);
  tokens.otherAda = await other.token('ada');
  tokens.key = (await integrationToken(db, t, 'ada')).token;
});

describe('groups', () => {
  it('creates, reads, lists, renames, changes members and deletes a group', async () => {
    const created = await api('POST', '/api/v1/groups', {
      token: tokens.ada,
      body: { name: 'Finance', description: 'Approves spend', member_ids: [t.people.ada.id, t.people.bob.id, t.people.bob.id] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.id).toMatch(/^grp_/);
    expect(created.headers.get('location')).toBe(`/api/v1/groups/${created.body.id}`);
    expect(created.body).toMatchObject({ name: 'Finance', description: 'Approves spend' });
    expect([...created.body.member_ids].sort()).toEqual([t.people.ada.id, t.people.bob.id].sort());

    const read = await api('GET', `/api/v1/groups/${created.body.id}`, { token: tokens.alice });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(created.headers.get('etag'));
    expect((await api('GET', '/api/v1/groups', { token: tokens.alice })).body.data.map((g: { name: string }) => g.name)).toContain('Finance');
    expect((await api('GET', `/api/v1/groups?member_id=${t.people.bob.id}`, { token: tokens.alice })).body.data.map((g: { id: string }) => g.id)).toEqual([created.body.id]);
    expect((await api('GET', '/api/v1/groups?q=fin', { token: tokens.alice })).body.data).toHaveLength(1);

    const renamed = await api('PATCH', `/api/v1/groups/${created.body.id}`, {
      token: tokens.ada,
      headers: { 'If-Match': read.headers.get('etag')! },
      body: { name: 'Finance team', member_ids: [t.people.hana.id] },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Finance team', member_ids: [t.people.hana.id] });
    const stale = await api('PATCH', `/api/v1/groups/${created.body.id}`, { token: tokens.ada, headers: { 'If-Match': read.headers.get('etag')! }, body: { name: 'Lost' } });
    expect(stale.status).toBe(412);
    expect((await api('DELETE', `/api/v1/groups/${created.body.id}`, { token: tokens.ada, headers: { 'If-Match': read.headers.get('etag')! } })).status).toBe(412);

    expect((await api('DELETE', `/api/v1/groups/${created.body.id}`, { token: tokens.ada })).status).toBe(204);
    expect((await api('GET', `/api/v1/groups/${created.body.id}`, { token: tokens.ada })).status).toBe(404);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from group_members where group_id = ${created.body.id}`.execute(db);
    expect(rows[0].n).toBe(0);
    const { rows: audit } = await sql<{ action: string }>`select action from audit_events where entity_id = ${created.body.id} order by created_at, id`.execute(db);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('keeps names unique per tenant whatever the case (409), but not across tenants', async () => {
    expect((await api('POST', '/api/v1/groups', { token: tokens.ada, body: { name: 'Legal' } })).status).toBe(201);
    const dup = await api('POST', '/api/v1/groups', { token: tokens.ada, body: { name: 'LEGAL' } });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].path).toBe('name');
    expect((await api('POST', '/api/v1/groups', { token: tokens.otherAda, body: { name: 'Legal' } })).status).toBe(201);
    const second = await api('POST', '/api/v1/groups', { token: tokens.ada, body: { name: 'Security' } });
    expect((await api('PATCH', `/api/v1/groups/${second.body.id}`, { token: tokens.ada, body: { name: 'legal' } })).status).toBe(409);
  });

  it('refuses members who are not people of the tenant (422 member_ids) and bad names', async () => {
    for (const member_ids of [['per_nope'], [other.people.alice.id], 'bob']) {
      const res = await api('POST', '/api/v1/groups', { token: tokens.ada, body: { name: `G ${Math.random()}`, member_ids } });
      expect(res.status, JSON.stringify(member_ids)).toBe(422);
      expect(res.body.errors[0].path).toMatch(/^member_ids/);
    }
    expect((await api('POST', '/api/v1/groups', { token: tokens.ada, body: { name: '  ' } })).body.errors[0].path).toBe('name');
  });

  it('is 403 for non-admins and keys, 404 across tenants', async () => {
    const group = await api('POST', '/api/v1/groups', { token: tokens.ada, body: { name: 'Ops' } });
    for (const token of [tokens.alice, tokens.bob, tokens.key]) {
      expect((await api('POST', '/api/v1/groups', { token, body: { name: 'Nope' } })).status).toBe(403);
      expect((await api('PATCH', `/api/v1/groups/${group.body.id}`, { token, body: { name: 'Nope' } })).status).toBe(403);
      expect((await api('DELETE', `/api/v1/groups/${group.body.id}`, { token })).status).toBe(403);
    }
    expect((await api('GET', `/api/v1/groups/${group.body.id}`, { token: tokens.otherAda })).status).toBe(404);
    expect((await api('PATCH', `/api/v1/groups/${group.body.id}`, { token: tokens.otherAda, body: { name: 'Mine' } })).status).toBe(404);
    expect((await api('DELETE', `/api/v1/groups/${group.body.id}`, { token: tokens.otherAda })).status).toBe(404);
    expect((await api('GET', '/api/v1/groups', { token: tokens.otherAda })).body.data.map((g: { id: string }) => g.id)).not.toContain(group.body.id);
    expect((await api('GET', `/api/v1/groups/${group.body.id}`, { token: tokens.ada })).body.name).toBe('Ops');
  });
});

describe('systems', () => {
  it('creates, reads, lists, changes and deletes a catalogue entry', async () => {
    const body = { id: 'github', name: 'GitHub', owner_ids: [t.people.ivan.id], entitlements: ['read', 'write', 'admin'], max_days: null };
    const headers = { 'Idempotency-Key': `sys-${Math.random()}` };
    const created = await api('POST', '/api/v1/systems', { token: tokens.ada, body, headers });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject(body);
    expect(created.headers.get('location')).toBe('/api/v1/systems/github');
    const replay = await api('POST', '/api/v1/systems', { token: tokens.ada, body, headers });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    const read = await api('GET', '/api/v1/systems/github', { token: tokens.alice });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(created.headers.get('etag'));
    expect((await api('GET', '/api/v1/systems', { token: tokens.alice })).body.data.map((s: { id: string }) => s.id)).toEqual(['github']);
    expect((await api('GET', `/api/v1/systems?owner_id=${t.people.ivan.id}`, { token: tokens.alice })).body.data).toHaveLength(1);

    const changed = await api('PATCH', '/api/v1/systems/github', {
      token: tokens.ada,
      headers: { 'If-Match': read.headers.get('etag')! },
      body: { id: 'github', name: 'GitHub Enterprise', owner_ids: [t.people.ivan.id, t.people.ada.id], max_days: 365 },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ name: 'GitHub Enterprise', max_days: 365, entitlements: ['read', 'write', 'admin'] });
    expect((await api('PATCH', '/api/v1/systems/github', { token: tokens.ada, headers: { 'If-Match': read.headers.get('etag')! }, body: { name: 'x' } })).status).toBe(412);
    expect((await api('PATCH', '/api/v1/systems/github', { token: tokens.ada, body: { id: 'gitlab' } })).body.errors[0].path).toBe('id');

    const temp = await api('POST', '/api/v1/systems', { token: tokens.ada, body: { id: 'temp_tool-2', name: 'Temp' } });
    expect(temp.status).toBe(201);
    expect(temp.body).toMatchObject({ owner_ids: [], entitlements: [], max_days: null });
    expect((await api('DELETE', '/api/v1/systems/temp_tool-2', { token: tokens.ada })).status).toBe(204);
    expect((await api('GET', '/api/v1/systems/temp_tool-2', { token: tokens.ada })).status).toBe(404);
  });

  it('answers 409 for an id in the catalogue, and 422 naming the field for bad values', async () => {
    await api('POST', '/api/v1/systems', { token: tokens.ada, body: { id: 'aws', name: 'AWS' } });
    const dup = await api('POST', '/api/v1/systems', { token: tokens.ada, body: { id: 'aws', name: 'Other AWS' } });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].path).toBe('id');
    const cases: [Record<string, unknown>, string][] = [
      [{ id: 'GitHub', name: 'x' }, 'id'],
      [{ id: '-lead', name: 'x' }, 'id'],
      [{ id: 'a'.repeat(64), name: 'x' }, 'id'],
      [{ id: 'ok', name: '' }, 'name'],
      [{ id: 'ok', name: 'x', owner_ids: ['per_nope'] }, 'owner_ids.0'],
      [{ id: 'ok', name: 'x', owner_ids: [other.people.ivan.id] }, 'owner_ids.0'],
      [{ id: 'ok', name: 'x', max_days: 0 }, 'max_days'],
      [{ id: 'ok', name: 'x', max_days: 3651 }, 'max_days'],
      [{ id: 'ok', name: 'x', max_days: 1.5 }, 'max_days'],
      [{ id: 'ok', name: 'x', entitlements: [''] }, 'entitlements.0'],
    ];
    for (const [body, path] of cases) {
      const res = await api('POST', '/api/v1/systems', { token: tokens.ada, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors[0].path).toBe(path);
    }
    expect((await api('GET', '/api/v1/systems/ok', { token: tokens.ada })).status).toBe(404);
  });

  it('is 403 for non-admins and keys, 404 across tenants (the same slug may exist in both)', async () => {
    await api('POST', '/api/v1/systems', { token: tokens.ada, body: { id: 'figma', name: 'Figma' } });
    for (const token of [tokens.alice, tokens.bob, tokens.key]) {
      expect((await api('POST', '/api/v1/systems', { token, body: { id: 'nope', name: 'Nope' } })).status).toBe(403);
      expect((await api('PATCH', '/api/v1/systems/figma', { token, body: { name: 'Nope' } })).status).toBe(403);
      expect((await api('DELETE', '/api/v1/systems/figma', { token })).status).toBe(403);
    }
    expect((await api('GET', '/api/v1/systems/figma', { token: tokens.otherAda })).status).toBe(404);
    expect((await api('PATCH', '/api/v1/systems/figma', { token: tokens.otherAda, body: { name: 'Mine' } })).status).toBe(404);
    expect((await api('DELETE', '/api/v1/systems/figma', { token: tokens.otherAda })).status).toBe(404);
    expect((await api('POST', '/api/v1/systems', { token: tokens.otherAda, body: { id: 'figma', name: 'Their Figma' } })).status).toBe(201);
    expect((await api('GET', '/api/v1/systems/figma', { token: tokens.alice })).body.name).toBe('Figma');
  });

  it('lists the new paths in the OpenAPI document', async () => {
    const doc = await api('GET', '/api/v1/openapi.json');
    for (const path of ['/api/v1/people', '/api/v1/people/{id}', '/api/v1/groups', '/api/v1/groups/{id}', '/api/v1/systems', '/api/v1/systems/{id}']) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    expect(doc.body.paths['/api/v1/systems/{id}'].delete.operationId).toBe('systems.delete');
  });
});

describe('the SDK', () => {
  it('reads and writes the directory with client.people, client.groups and client.systems', async () => {
    const { createApiApp } = await import('@/lib/api/app');
    const { createClient, OpsdeskApiError } = await import('@/lib/sdk');
    const app = createApiApp();
    const fetch = (input: string, init: RequestInit) => Promise.resolve(app.request(input, init));
    const local = await createTestTenant(db);
    const admin = createClient({ baseUrl: 'http://opsdesk.test', token: await local.token('ada'), fetch });
    const alice = createClient({ baseUrl: 'http://opsdesk.test', token: await local.token('alice'), fetch });

    const system = await admin.systems.create({ id: 'okta', name: 'Okta', entitlements: ['user', 'admin'], max_days: 30 });
    expect(system).toMatchObject({ id: 'okta', max_days: 30 });
    const { etag } = await alice.systems.getWithEtag('okta');
    expect((await admin.systems.update('okta', { max_days: 60 }, { ifMatch: etag! })).max_days).toBe(60);
    const group = await admin.groups.create({ name: 'Security', member_ids: [local.people.ivan.id] });
    expect((await alice.groups.list()).data.map((g) => g.id)).toEqual([group.id]);
    const people: string[] = [];
    for await (const person of alice.people.iterate({ limit: 2 })) people.push(person.id);
    expect(people).toHaveLength(6);
    expect((await alice.people.list({ role: 'it' })).data[0].id).toBe(local.people.ivan.id);
    await expect(alice.systems.delete('okta')).rejects.toBeInstanceOf(OpsdeskApiError);
    await admin.systems.delete('okta');
    await expect(alice.systems.get('okta')).rejects.toMatchObject({ status: 404 });
  });
});
