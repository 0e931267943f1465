/**
 * Issue 8, item 4: roles and revocation are read from the database on every request, for bearer tokens,
 * the API's cookie path and the screens; people list and revoke their own sessions and tokens; an
 * integration key is its own principal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { encode } from 'next-auth/jwt';
import type { Database } from '@/db/schema';
import { authOptions } from '@/lib/auth/options';
import { authSecret } from '@/lib/auth/secret';
import { signToken } from '@/lib/auth/tokens';
import { openBrowserSession } from '@/lib/data/auth-sessions';
import { systemUses } from '@/lib/data/system';
import { tenantDb } from '@/lib/data/tenant-db';
import { createApplication, mintKey, updatePerson } from '@/lib/operations/settings';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { collection, createVia, integrationToken, item, validBody } from '../support/records';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  other = await createTestTenant(db);
});

async function sessionCookie(tt: TestTenant, who: 'alice' | 'ivan' | 'ada', sid?: string): Promise<string> {
  const person = tt.people[who];
  const value = await encode({
    token: { sub: person.id, personId: person.id, tenantId: tt.tenantId, roles: ['employee', 'admin', 'it'], ...(sid ? { sid } : {}) },
    secret: authSecret(),
  });
  return `next-auth.session-token=${value}`;
}

describe('roles come from the database on each request', () => {
  it('a desk role removed in settings stops working at once for a token issued before', async () => {
    const local = await createTestTenant(db);
    const record = await createVia(local, 'alice', 'access-requests');
    const ivan = await local.token('ivan');
    expect((await api('GET', item('access-requests', record.id), { token: ivan })).status).toBe(200);
    expect((await api('GET', '/api/v1/me', { token: ivan })).body.roles).toContain('it');

    await updatePerson(local.ctx('ada'), { personId: local.people.ivan.id, managerId: null, roles: ['employee'] });

    expect((await api('GET', item('access-requests', record.id), { token: ivan })).status).toBe(404);
    expect((await api('GET', '/api/v1/me', { token: ivan })).body.roles).toEqual(['employee']);
  });

  it('an admin demoted in the database loses admin on the token signed with admin in its claims', async () => {
    const local = await createTestTenant(db);
    const record = await createVia(local, 'alice', 'travel');
    const ada = await local.token('ada');
    expect((await api('GET', item('travel', record.id), { token: ada })).status).toBe(200);
    await tenantDb(db, local.tenantId).updateTable('people').set({ roles: ['employee'] }).where('id', '=', local.people.ada.id).execute();
    expect((await api('GET', item('travel', record.id), { token: ada })).status).toBe(404);
  });

  it('refuses a token with no session row, one naming another person, and one of a person who is gone (401)', async () => {
    const legacy = await signToken({ personId: t.people.ada.id, tenantId: t.tenantId, roles: ['employee', 'admin'] });
    expect((await api('GET', '/api/v1/me', { token: legacy.token })).status).toBe(401);
    const aliceSession = await openBrowserSession(t.tenantId, t.people.alice.id, null);
    const forged = await signToken({ personId: t.people.ada.id, tenantId: t.tenantId, roles: ['admin'], jti: aliceSession.id });
    expect((await api('GET', '/api/v1/me', { token: forged.token })).status).toBe(401);
    const crossTenant = await signToken({ personId: t.people.alice.id, tenantId: other.tenantId, roles: ['employee'], jti: aliceSession.id });
    expect((await api('GET', '/api/v1/me', { token: crossTenant.token })).status).toBe(401);

    const local = await createTestTenant(db);
    const token = await local.token('tara');
    expect((await api('GET', '/api/v1/me', { token })).status).toBe(200);
    await db.deleteFrom('login_emails').where('person_id', '=', local.people.tara.id).execute();
    await db.deleteFrom('people').where('tenant_id', '=', local.tenantId).where('id', '=', local.people.tara.id).execute();
    expect((await api('GET', '/api/v1/me', { token })).status).toBe(401);
  });

  it('the API cookie path reads the session row: roles from the database, refused once revoked or without a session', async () => {
    const local = await createTestTenant(db);
    const session = await openBrowserSession(local.tenantId, local.people.alice.id, 'Firefox');
    const cookie = await sessionCookie(local, 'alice', session.id);
    const me = await api('GET', '/api/v1/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    // The cookie claimed admin and it; the database says employee.
    expect(me.body.roles).toEqual(['employee']);
    expect((await api('GET', '/api/v1/me', { headers: { cookie: await sessionCookie(local, 'alice') } })).status).toBe(401);

    await api('DELETE', `/api/v1/me/tokens/${session.id}`, { headers: { cookie, origin: 'http://localhost' , host: 'localhost' } });
    expect((await api('GET', '/api/v1/me', { headers: { cookie } })).status).toBe(401);
  });

  it('signing out revokes the browser session', async () => {
    const local = await createTestTenant(db);
    const session = await openBrowserSession(local.tenantId, local.people.alice.id, null);
    const cookie = await sessionCookie(local, 'alice', session.id);
    expect((await api('GET', '/api/v1/me', { headers: { cookie } })).status).toBe(200);
    await authOptions().events!.signOut!({ token: { tenantId: local.tenantId, sid: session.id }, session: null as never });
    expect((await api('GET', '/api/v1/me', { headers: { cookie } })).status).toBe(401);
  });
});

describe('get and list check the session inside their own read (issue 13)', () => {
  const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((r) => r.id).sort();

  it('a role granted after the token was issued applies on the very first read', async () => {
    const local = await createTestTenant(db);
    const bobs = await createVia(local, 'bob', 'access-requests');
    const alice = await local.token('alice');
    await tenantDb(db, local.tenantId).updateTable('people').set({ roles: ['employee', 'it'] }).where('id', '=', local.people.alice.id).execute();
    expect((await api('GET', item('access-requests', bobs.id), { token: alice })).status).toBe(200);
    expect(ids(await api('GET', `${collection('access-requests')}?scope=all`, { token: alice }))).toContain(bobs.id);
    // And taken away again: the previous request's roles were only a guess.
    await tenantDb(db, local.tenantId).updateTable('people').set({ roles: ['employee'] }).where('id', '=', local.people.alice.id).execute();
    expect(ids(await api('GET', `${collection('access-requests')}?scope=all`, { token: alice }))).not.toContain(bobs.id);
    expect((await api('GET', item('access-requests', bobs.id), { token: alice })).status).toBe(404);
  });

  it('a cookie claiming admin reads as the employee the database says alice is', async () => {
    const local = await createTestTenant(db);
    const bobs = await createVia(local, 'bob', 'travel');
    const own = await createVia(local, 'alice', 'travel');
    const session = await openBrowserSession(local.tenantId, local.people.alice.id, null);
    const cookie = await sessionCookie(local, 'alice', session.id);
    expect(ids(await api('GET', `${collection('travel')}?scope=all`, { headers: { cookie } }))).toEqual([own.id]);
    expect((await api('GET', item('travel', bobs.id), { headers: { cookie } })).status).toBe(404);
  });

  it('a revoked token or a deactivated person is 401 on a get, a missing record and an empty list alike', async () => {
    const local = await createTestTenant(db);
    const record = await createVia(local, 'alice', 'equipment');
    const revoked = await local.token('alice');
    const spareId = (await api('GET', '/api/v1/me/tokens', { token: revoked })).body.data.find((row: { current: boolean }) => row.current).id;
    expect((await api('DELETE', `/api/v1/me/tokens/${spareId}`, { token: await local.token('alice') })).status).toBe(204);
    const tara = await local.token('tara');
    expect((await api('GET', item('equipment', record.id), { token: tara })).status).toBe(404);
    await tenantDb(db, local.tenantId).updateTable('people').set({ active: false }).where('id', '=', local.people.tara.id).execute();
    for (const token of [revoked, tara]) {
      for (const path of [item('equipment', record.id), item('equipment', 'eqp_nothing'), collection('equipment'), `${collection('equipment')}?q=nothing-matches-this`]) {
        const res = await api('GET', path, { token });
        expect(res.status, path).toBe(401);
        expect(JSON.stringify(res.body)).not.toContain(record.id);
      }
    }
  });

  it('a get and a non-empty list make no separate session read (the check rides in their statement)', async () => {
    const local = await createTestTenant(db);
    const record = await createVia(local, 'alice', 'travel');
    const token = await local.token('alice');
    expect((await api('GET', item('travel', record.id), { token })).status).toBe(200); // writes last_used_at
    const before = systemUses()['session-check'] ?? 0;
    expect((await api('GET', item('travel', record.id), { token })).status).toBe(200);
    expect((await api('GET', collection('travel'), { token })).body.data).toHaveLength(1);
    expect(systemUses()['session-check'] ?? 0).toBe(before);
    // An empty answer carries no check: the session is read on its own, as before.
    expect((await api('GET', item('travel', 'trv_nothing'), { token })).status).toBe(404);
    expect(systemUses()['session-check']).toBe(before + 1);
  });

  it('a read records when the token was last used, and the list carries no trace of the check', async () => {
    const local = await createTestTenant(db);
    await createVia(local, 'alice', 'hr-requests');
    const token = await local.token('alice');
    const res = await api('GET', collection('hr-requests'), { token });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(JSON.stringify(res.body)).not.toContain('__session');
    const rows = await tenantDb(db, local.tenantId).selectFrom('auth_sessions').select('last_used_at').where('person_id', '=', local.people.alice.id).execute();
    expect(rows.some((row) => row.last_used_at !== null)).toBe(true);
  });
});

describe('GET/DELETE /api/v1/me/tokens', () => {
  it('lists only my own sessions and tokens, marks the current one, and never shows a token', async () => {
    const local = await createTestTenant(db);
    const first = await local.token('alice');
    const second = await local.token('alice');
    await local.token('bob');
    const res = await api('GET', '/api/v1/me/tokens', { token: second });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.data.filter((row: { current: boolean }) => row.current)).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({ kind: 'token', current: true });
    expect(JSON.stringify(res.body)).not.toContain(first);
    expect(JSON.stringify(res.body)).not.toContain(second.split('.')[2]);
  });

  it('revokes one of mine at once (204, then 401); someone else’s is 404 and keeps working', async () => {
    const local = await createTestTenant(db);
    const mine = await local.token('alice');
    const spare = await local.token('alice');
    const bobs = await local.token('bob');
    const bobsId = (await api('GET', '/api/v1/me/tokens', { token: bobs })).body.data[0].id;
    expect((await api('DELETE', `/api/v1/me/tokens/${bobsId}`, { token: mine })).status).toBe(404);
    expect((await api('GET', '/api/v1/me', { token: bobs })).status).toBe(200);

    const spareId = (await api('GET', '/api/v1/me/tokens', { token: spare })).body.data.find((row: { current: boolean }) => row.current).id;
    expect((await api('DELETE', `/api/v1/me/tokens/${spareId}`, { token: mine })).status).toBe(204);
    expect((await api('GET', '/api/v1/me', { token: spare })).status).toBe(401);
    expect((await api('DELETE', `/api/v1/me/tokens/${spareId}`, { token: mine })).status).toBe(404);
    expect((await api('GET', '/api/v1/me', { token: mine })).status).toBe(200);

    const events = await tenantDb(db, local.tenantId).selectFrom('security_events').selectAll().where('subject_id', '=', spareId).execute();
    expect(events).toMatchObject([{ kind: 'token_revoked', actor_id: local.people.alice.id }]);
  });

  it('POST /api/v1/auth/token issues a token that is listed and revocable', async () => {
    const local = await createTestTenant(db);
    const res = await api('POST', '/api/v1/auth/token', { body: { email: local.people.hana.email, password: 'demo' }, headers: { 'user-agent': 'curl/8' } });
    expect(res.status).toBe(200);
    const listed = await api('GET', '/api/v1/me/tokens', { token: res.body.token });
    expect(listed.body.data).toMatchObject([{ kind: 'token', label: 'curl/8', current: true }]);
  });
});

describe('an integration key is its own principal', () => {
  it('writes with created_by = the key id, /me names the key, and roles are the key’s own, read fresh', async () => {
    const local = await createTestTenant(db);
    const ada = local.ctx('ada');
    const app = await createApplication(ada, { name: 'HRIS' });
    const { key, token } = await mintKey(ada, { appId: app.id, label: 'sync', roles: ['employee'], expiresInDays: 30 });

    const me = await api('GET', '/api/v1/me', { token });
    expect(me.body).toMatchObject({ person_id: key.id, app_id: app.id, roles: ['employee'], name: 'HRIS (sync)', email: null });

    const missing = await api('POST', collection('travel'), { token, body: validBody('travel') });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].path).toBe('requester_id');

    const created = await api('POST', collection('travel'), { token, body: validBody('travel', { requester_id: local.people.alice.id }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ created_by: key.id, updated_by: key.id, requester_id: local.people.alice.id, app_id: app.id });
    // The key sees what it created; ada (who minted it) can approve it, as separation of duties is about the key.
    expect((await api('GET', item('travel', created.body.id), { token })).status).toBe(200);

    await tenantDb(db, local.tenantId).updateTable('integration_keys').set({ roles: ['employee', 'travel'] }).where('id', '=', key.id).execute();
    expect((await api('GET', '/api/v1/me', { token })).body.roles).toEqual(['employee', 'travel']);
  });

  it('a key made for a person still has no person behind it: its tokens list is refused', async () => {
    const key = await integrationToken(db, t, 'alice');
    expect((await api('GET', '/api/v1/me/tokens', { token: key.token })).status).toBe(403);
  });
});
