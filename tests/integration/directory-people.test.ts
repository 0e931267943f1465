/**
 * The people directory over REST (engine.md §3a): anyone signed in reads it (filters, keyset paging);
 * admins add and change people (409 for an email in use anywhere, 422 naming the field for unknown or
 * looping managers, 403 for everyone else and for integration keys); another tenant's people are 404;
 * the sign-in directory follows every email; role changes are security events and work at once.
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { findIdentityByEmail } from '@/lib/data/accounts';
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
  for (const who of ['alice', 'bob', 'ivan', 'ada'] as const) tokens[who] = await t.token(who);
  tokens.otherAda = await other.token('ada');
});

const unique = () => Math.random().toString(36).slice(2, 10);

describe('GET /api/v1/people', () => {
  it('lists the tenant’s people to anyone signed in, with the directory fields', async () => {
    const res = await api('GET', '/api/v1/people', { token: tokens.alice });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(6);
    expect(res.body.next_cursor).toBeNull();
    const bob = res.body.data.find((p: { id: string }) => p.id === t.people.bob.id);
    expect(bob).toMatchObject({ name: 'Bob Brennan', email: t.people.bob.email, manager_id: t.people.ada.id, roles: ['employee', 'manager'], active: true, title: null });
    expect(Object.keys(bob).sort()).toEqual(['active', 'email', 'id', 'manager_id', 'name', 'roles', 'started_on', 'title']);
    expect(res.body.data.map((p: { name: string }) => p.name)).toEqual([...res.body.data.map((p: { name: string }) => p.name)].sort());
    expect(res.body.data.every((p: { id: string }) => Object.values(t.people).some((q) => q.id === p.id))).toBe(true);
  });

  it('filters by q, role and active, and pages by keyset', async () => {
    expect((await api('GET', '/api/v1/people?q=BRENN', { token: tokens.alice })).body.data.map((p: { id: string }) => p.id)).toEqual([t.people.bob.id]);
    expect((await api('GET', `/api/v1/people?q=${encodeURIComponent('hana@')}`, { token: tokens.alice })).body.data).toHaveLength(1);
    expect((await api('GET', '/api/v1/people?role=it', { token: tokens.alice })).body.data.map((p: { id: string }) => p.id)).toEqual([t.people.ivan.id]);
    expect((await api('GET', '/api/v1/people?active=false', { token: tokens.alice })).body.data).toEqual([]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { data: { id: string }[]; next_cursor: string | null } } = await api('GET', `/api/v1/people?limit=4${cursor ? `&cursor=${cursor}` : ''}`, { token: tokens.alice });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((p) => p.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('refuses bad parameters with 422 naming them', async () => {
    for (const [query, path] of [['role=boss', 'role'], ['active=maybe', 'active'], ['limit=0', 'limit'], ['cursor=forged', 'cursor']]) {
      const res = await api('GET', `/api/v1/people?${query}`, { token: tokens.alice });
      expect(res.status, query).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors[0].path).toBe(path);
    }
  });

  it('answers 401 without credentials', async () => {
    expect((await api('GET', '/api/v1/people')).status).toBe(401);
  });
});

describe('GET /api/v1/people/{id}', () => {
  it('returns one person with an ETag; another tenant’s person is 404', async () => {
    const res = await api('GET', `/api/v1/people/${t.people.hana.id}`, { token: tokens.alice });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^".+"$/);
    expect(res.body).toMatchObject({ id: t.people.hana.id, roles: ['employee', 'hr'] });
    expect((await api('GET', `/api/v1/people/${other.people.hana.id}`, { token: tokens.alice })).status).toBe(404);
    expect((await api('GET', `/api/v1/people/per_nope`, { token: tokens.ada })).status).toBe(404);
  });
});

describe('POST /api/v1/people', () => {
  it('adds a person (201, Location, ETag), their sign-in email, an audit row and role events', async () => {
    const email = `Nia.${unique()}@${t.domain}`;
    const res = await api('POST', '/api/v1/people', {
      token: tokens.ada,
      body: { name: 'Nia Novak', email, roles: ['it'], manager_id: t.people.ivan.id, title: 'Site reliability engineer', started_on: '2026-02-02' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ name: 'Nia Novak', email: email.toLowerCase(), roles: ['employee', 'it'], manager_id: t.people.ivan.id, title: 'Site reliability engineer', started_on: '2026-02-02', active: true });
    expect(res.body.id).toMatch(/^per_/);
    expect(res.headers.get('location')).toBe(`/api/v1/people/${res.body.id}`);
    expect(res.headers.get('etag')).toBe((await api('GET', `/api/v1/people/${res.body.id}`, { token: tokens.alice })).headers.get('etag'));

    const identity = await findIdentityByEmail(email);
    expect(identity).toMatchObject({ personId: res.body.id, tenantId: t.tenantId });
    const { rows: audit } = await sql<{ action: string; actor_id: string }>`select action, actor_id from audit_events where tenant_id = ${t.tenantId} and entity_id = ${res.body.id}`.execute(db);
    expect(audit).toEqual([{ action: 'create', actor_id: t.people.ada.id }]);
    const { rows: events } = await sql<{ kind: string; detail: { role: string } }>`select kind, detail from security_events where tenant_id = ${t.tenantId} and subject_id = ${res.body.id}`.execute(db);
    expect(events.map((e) => `${e.kind}:${e.detail.role}`)).toEqual(['role_granted:it']);
  });

  it('replays the same Idempotency-Key and writes once', async () => {
    const body = { name: 'Ola Olsen', email: `ola.${unique()}@${t.domain}` };
    const headers = { 'Idempotency-Key': `people-${unique()}` };
    const first = await api('POST', '/api/v1/people', { token: tokens.ada, body, headers });
    const again = await api('POST', '/api/v1/people', { token: tokens.ada, body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers 409 for an email in use, in this tenant or another, whatever its case', async () => {
    for (const email of [t.people.bob.email.toUpperCase(), other.people.bob.email]) {
      const res = await api('POST', '/api/v1/people', { token: tokens.ada, body: { name: 'Copy', email } });
      expect(res.status, email).toBe(409);
      expect(res.body.errors[0].path).toBe('email');
    }
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from people where tenant_id = ${t.tenantId} and name = 'Copy'`.execute(db);
    expect(rows[0].n).toBe(0);
  });

  it('answers 422 naming the field: missing name, bad email, unknown role, unknown or foreign manager, bad date', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ email: `x.${unique()}@${t.domain}` }, 'name'],
      [{ name: 'X', email: 'not-an-email' }, 'email'],
      [{ name: 'X', email: `x.${unique()}@${t.domain}`, roles: ['boss'] }, 'roles.0'],
      [{ name: 'X', email: `x.${unique()}@${t.domain}`, manager_id: 'per_nope' }, 'manager_id'],
      [{ name: 'X', email: `x.${unique()}@${t.domain}`, manager_id: other.people.bob.id }, 'manager_id'],
      [{ name: 'X', email: `x.${unique()}@${t.domain}`, started_on: '2026-02-30' }, 'started_on'],
    ];
    for (const [body, path] of cases) {
      const res = await api('POST', '/api/v1/people', { token: tokens.ada, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors[0].path).toBe(path);
    }
  });

  it('is for admins only: 403 for everyone else and for an integration key with the admin role', async () => {
    const body = { name: 'Nope', email: `nope.${unique()}@${t.domain}` };
    for (const who of ['alice', 'bob', 'ivan'] as const) expect((await api('POST', '/api/v1/people', { token: tokens[who], body })).status).toBe(403);
    const key = await integrationToken(db, t, 'ada');
    expect((await api('POST', '/api/v1/people', { token: key.token, body })).status).toBe(403);
    expect((await api('PATCH', `/api/v1/people/${t.people.alice.id}`, { token: key.token, body: { title: 'x' } })).status).toBe(403);
    expect((await api('GET', '/api/v1/people', { token: key.token })).status).toBe(200);
  });
});

describe('PATCH /api/v1/people/{id}', () => {
  it('changes the fields, keeps employee, and follows If-Match (412 when stale)', async () => {
    const read = await api('GET', `/api/v1/people/${t.people.tara.id}`, { token: tokens.ada });
    const res = await api('PATCH', `/api/v1/people/${t.people.tara.id}`, {
      token: tokens.ada,
      headers: { 'If-Match': read.headers.get('etag')! },
      body: { title: 'Travel lead', started_on: '2024-05-01', roles: ['travel', 'manager'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ title: 'Travel lead', started_on: '2024-05-01', roles: ['employee', 'manager', 'travel'] });
    expect(res.headers.get('etag')).not.toBe(read.headers.get('etag'));
    const stale = await api('PATCH', `/api/v1/people/${t.people.tara.id}`, { token: tokens.ada, headers: { 'If-Match': read.headers.get('etag')! }, body: { title: 'Other' } });
    expect(stale.status).toBe(412);
    expect((await api('GET', `/api/v1/people/${t.people.tara.id}`, { token: tokens.ada })).body.title).toBe('Travel lead');
  });

  it('moves the sign-in email with the person; an email in use is 409', async () => {
    const created = await api('POST', '/api/v1/people', { token: tokens.ada, body: { name: 'Pia Park', email: `pia.${unique()}@${t.domain}` } });
    const next = `pia.new.${unique()}@${t.domain}`;
    const res = await api('PATCH', `/api/v1/people/${created.body.id}`, { token: tokens.ada, body: { email: next } });
    expect(res.status).toBe(200);
    expect(await findIdentityByEmail(created.body.email)).toBeUndefined();
    expect((await findIdentityByEmail(next))?.personId).toBe(created.body.id);
    for (const taken of [t.people.alice.email, other.people.alice.email]) {
      const conflict = await api('PATCH', `/api/v1/people/${created.body.id}`, { token: tokens.ada, body: { email: taken } });
      expect(conflict.status).toBe(409);
    }
    expect((await findIdentityByEmail(next))?.personId).toBe(created.body.id);
  });

  it('refuses a management loop, a self-manager and an unknown manager (422 manager_id)', async () => {
    for (const manager_id of [t.people.alice.id, t.people.bob.id, 'per_nope', other.people.ada.id]) {
      const res = await api('PATCH', `/api/v1/people/${t.people.bob.id}`, { token: tokens.ada, body: { manager_id } });
      expect(res.status, manager_id).toBe(422);
      expect(res.body.errors[0].path).toBe('manager_id');
    }
  });

  it('takes active as a plain flag; an admin cannot deactivate or demote themselves', async () => {
    const created = await api('POST', '/api/v1/people', { token: tokens.ada, body: { name: 'Quin Quarry', email: `quin.${unique()}@${t.domain}` } });
    const off = await api('PATCH', `/api/v1/people/${created.body.id}`, { token: tokens.ada, body: { active: false } });
    expect(off.body.active).toBe(false);
    expect((await api('GET', '/api/v1/people?active=false', { token: tokens.alice })).body.data.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    expect((await api('PATCH', `/api/v1/people/${t.people.ada.id}`, { token: tokens.ada, body: { active: false } })).status).toBe(422);
    expect((await api('PATCH', `/api/v1/people/${t.people.ada.id}`, { token: tokens.ada, body: { roles: ['employee'] } })).status).toBe(422);
    expect((await api('PATCH', `/api/v1/people/${t.people.ada.id}`, { token: tokens.ada, body: { active: 'no' } })).status).toBe(422);
  });

  it('removes a role at once: the person’s next call no longer has it', async () => {
    const local = await createTestTenant(db);
    const ivan = await local.token('ivan');
    const admin = await local.token('ada');
    expect((await api('GET', '/api/v1/me', { token: ivan })).body.roles).toContain('it');
    const res = await api('PATCH', `/api/v1/people/${local.people.ivan.id}`, { token: admin, body: { roles: ['employee'] } });
    expect(res.status).toBe(200);
    expect((await api('GET', '/api/v1/me', { token: ivan })).body.roles).toEqual(['employee']);
    const { rows } = await sql<{ kind: string }>`select kind from security_events where tenant_id = ${local.tenantId} and subject_id = ${local.people.ivan.id}`.execute(db);
    expect(rows.map((r) => r.kind)).toEqual(['role_removed']);
  });

  it('is 403 for non-admins and 404 for another tenant’s person', async () => {
    expect((await api('PATCH', `/api/v1/people/${t.people.alice.id}`, { token: tokens.bob, body: { title: 'x' } })).status).toBe(403);
    expect((await api('PATCH', `/api/v1/people/${other.people.alice.id}`, { token: tokens.ada, body: { title: 'x' } })).status).toBe(404);
    expect((await api('PATCH', `/api/v1/people/${t.people.alice.id}`, { token: tokens.otherAda, body: { title: 'x' } })).status).toBe(404);
    const { rows } = await sql<{ title: string | null }>`select title from people where id = ${t.people.alice.id}`.execute(db);
    expect(rows[0].title).toBeNull();
  });
});
