/** Signing in over REST: tokens, throttling, the browser session cookie with its Origin rule, and the OpenAPI document. */
import { beforeAll, describe, expect, it } from 'vitest';
import { encode } from 'next-auth/jwt';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { openBrowserSession } from '@/lib/data/auth-sessions';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { collection, RESOURCES, validBody } from '../support/records';

let db: Kysely<Database>;
let t: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

async function sessionCookie(who: PersonKey): Promise<string> {
  const person = t.people[who];
  const session = await openBrowserSession(t.tenantId, person.id, null);
  const token = await encode({
    token: { sub: person.id, personId: person.id, tenantId: t.tenantId, roles: person.roles, name: who, email: person.email, sid: session.id },
    secret: process.env.AUTH_SECRET!,
  });
  return `next-auth.session-token=${token}`;
}

describe('POST /api/v1/auth/token', () => {
  it('answers a token and its expiry for a right pair; the token works on the records API', async () => {
    const res = await api('POST', '/api/v1/auth/token', { body: { email: t.people.hana.email.toUpperCase(), password: 'demo' } });
    expect(res.status).toBe(200);
    expect(new Date(res.body.expires_at).getTime()).toBeGreaterThan(Date.now());
    const list = await api('GET', collection('hr-requests'), { token: res.body.token });
    expect(list.status).toBe(200);
  });

  it('answers 422 for a missing field and 400 for malformed JSON', async () => {
    const missing = await api('POST', '/api/v1/auth/token', { body: { email: t.people.hana.email } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toContainEqual(expect.objectContaining({ path: 'password' }));
    expect((await api('POST', '/api/v1/auth/token', { rawBody: '{"email":' })).status).toBe(400);
  });

  it('throttles repeated failures (429) without telling whether the email exists', async () => {
    const headers = { 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 200)}` };
    const unknown = await api('POST', '/api/v1/auth/token', { body: { email: `nobody@${t.domain}`, password: 'x' }, headers });
    const wrong = await api('POST', '/api/v1/auth/token', { body: { email: t.people.tara.email, password: 'x' }, headers });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      statuses.push((await api('POST', '/api/v1/auth/token', { body: { email: t.people.tara.email, password: 'x' }, headers })).status);
    }
    expect(statuses).toContain(429);
    const throttled = await api('POST', '/api/v1/auth/token', { body: { email: t.people.tara.email, password: 'demo' }, headers });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('the browser session cookie', () => {
  it('reads with the cookie; a change needs a same-origin Origin header (403 otherwise)', async () => {
    const cookie = await sessionCookie('alice');
    const me = await api('GET', '/api/v1/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.person_id).toBe(t.people.alice.id);

    const body = validBody('equipment');
    const noOrigin = await api('POST', collection('equipment'), { body, headers: { cookie, host: 'opsdesk.test' } });
    expect(noOrigin.status).toBe(403);
    const crossSite = await api('POST', collection('equipment'), { body, headers: { cookie, host: 'opsdesk.test', origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    const sameSite = await api('POST', collection('equipment'), { body, headers: { cookie, host: 'opsdesk.test', origin: 'http://opsdesk.test' } });
    expect(sameSite.status).toBe(201);
    expect(sameSite.body).toMatchObject({ requester_id: t.people.alice.id, created_by: t.people.alice.id });
  });

  it('a forged cookie is 401', async () => {
    const res = await api('GET', '/api/v1/me', { headers: { cookie: 'next-auth.session-token=forged' } });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('documents every operation of every resource', async () => {
    const res = await api('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\.1/);
    const paths = Object.keys(res.body.paths);
    for (const resource of RESOURCES) {
      const base = paths.find((p) => p === collection(resource));
      expect(base, resource).toBeDefined();
      expect(Object.keys(res.body.paths[base!])).toEqual(expect.arrayContaining(['get', 'post']));
      const one = paths.find((p) => p.startsWith(`${collection(resource)}/{`) && p.split('/').length === 6);
      expect(one, resource).toBeDefined();
      expect(Object.keys(res.body.paths[one!])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    }
  });
});
