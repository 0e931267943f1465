/** Errors over REST: 400, 401, 404 and 422 as problem+json, and never a 500 for anything a client sends. */
import { beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { signToken } from '@/lib/auth/tokens';
import { api, type ApiResponse } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { collection, createVia, item, PREFIX, RESOURCES, validBody, type Json } from '../support/records';

let db: Kysely<Database>;
let t: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

function expectProblem(res: ApiResponse<Json>, status: number) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

describe('400 malformed JSON', () => {
  it.each(RESOURCES)('%s: create, update and action answer 400 problem+json', async (resource) => {
    const token = await t.token('ada');
    const record = await createVia(t, 'ada', resource, resource === 'pending' ? { assignee_id: t.people.ada.id } : {});
    expectProblem(await api('POST', collection(resource), { token, rawBody: '{"system_id": "github",' }), 400);
    expectProblem(await api('PATCH', item(resource, record.id), { token, rawBody: "{'single': 'quotes'}" }), 400);
    expectProblem(await api('POST', item(resource, record.id, 'reject'), { token, rawBody: 'not json' }), 400);
  });

  it('a JSON body that is not an object is a 422', async () => {
    const token = await t.token('alice');
    for (const rawBody of ['[]', '"text"', '42', 'true']) {
      const res = await api('POST', collection('equipment'), { token, rawBody });
      expectProblem(res, 422);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ path: '(body)' }));
    }
  });
});

describe('401 credentials', () => {
  const key = () => new TextEncoder().encode(process.env.AUTH_SECRET!);

  it('refuses missing, malformed, expired, badly signed and incomplete tokens on every route', async () => {
    const expired = (await signToken({ personId: t.people.alice.id, tenantId: t.tenantId, roles: ['employee'], expiresAt: new Date(Date.now() - 60_000) })).token;
    const wrongKey = await new SignJWT({ tenant_id: t.tenantId, roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' }).setSubject(t.people.alice.id).setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-of-sufficient-length-000000000'));
    const noTenant = await new SignJWT({ roles: ['employee'] }).setProtectedHeader({ alg: 'HS256' }).setSubject(t.people.alice.id).setExpirationTime('1h').sign(key());
    const badRole = await new SignJWT({ tenant_id: t.tenantId, roles: ['root'] }).setProtectedHeader({ alg: 'HS256' }).setSubject(t.people.alice.id).setExpirationTime('1h').sign(key());
    const appWithoutJti = await new SignJWT({ tenant_id: t.tenantId, roles: ['employee'], app_id: 'app_x' }).setProtectedHeader({ alg: 'HS256' }).setSubject(t.people.alice.id).setExpirationTime('1h').sign(key());
    const headers: Record<string, string>[] = [
      {},
      { authorization: 'Basic YWxpY2U6ZGVtbw==' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer not.a.jwt' },
      { authorization: `Bearer ${expired}` },
      { authorization: `Bearer ${wrongKey}` },
      { authorization: `Bearer ${noTenant}` },
      { authorization: `Bearer ${badRole}` },
      { authorization: `Bearer ${appWithoutJti}` },
    ];
    const travelCount = () => db.selectFrom('travel_requests').select('id').where('tenant_id', '=', t.tenantId).execute();
    const before = (await travelCount()).length;
    for (const h of headers) {
      for (const [method, path] of [['GET', collection('travel')], ['POST', collection('travel')], ['GET', item('travel', 'trv_x')], ['DELETE', item('travel', 'trv_x')], ['GET', '/api/v1/me']]) {
        const res = await api(method, path, { headers: h, body: method === 'POST' ? validBody('travel') : undefined });
        expectProblem(res, 401);
      }
    }
    expect((await travelCount()).length).toBe(before);
  });

  it('a list with bad parameters and no credentials is 401, not 422 (who you are comes first)', async () => {
    expectProblem(await api('GET', `${collection('travel')}?status=nonsense&limit=0`), 401);
    expectProblem(await api('GET', `${collection('travel')}?status=nonsense`, { token: await t.token('alice') }), 422);
  });

  it('refuses a cookie-less, token-less write even with an Origin header', async () => {
    expectProblem(await api('POST', collection('equipment'), { body: validBody('equipment'), headers: { origin: 'http://localhost' } }), 401);
  });
});

describe('404 unknown things', () => {
  it('unknown resource, unknown action, unknown id, an id of another type', async () => {
    const token = await t.token('ada');
    const record = await createVia(t, 'alice', 'hr-requests');
    expectProblem(await api('GET', '/api/v1/operations/widgets', { token }), 404);
    expectProblem(await api('POST', '/api/v1/operations/widgets', { token, body: {} }), 404);
    for (const action of ['explode', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'approve']) {
      expectProblem(await api('POST', item('hr-requests', record.id, action), { token, body: {} }), 404);
    }
    expectProblem(await api('GET', item('hr-requests', `${PREFIX['hr-requests']}01JD3M4V6X8Q9R2S3T4V5W6X7Y`), { token }), 404);
    expectProblem(await api('GET', item('travel', record.id), { token }), 404);
    expectProblem(await api('PATCH', item('travel', record.id), { token, body: { purpose: 'x' } }), 404);
  });

  it('odd ids are 404, never 500', async () => {
    const token = await t.token('ada');
    for (const id of ["acr_' or 1=1 --", 'x'.repeat(5000), '%E2%98%83', '%00', 'acr_%2F..%2F..']) {
      const res = await api('GET', `/api/v1/operations/access-requests/${id}`, { token });
      expect(res.status, id.slice(0, 20)).toBe(404);
    }
  });
});

describe('422 invalid fields, never 500', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['equipment', { cost: '12' }, 'cost'],
    ['equipment', { cost: 1e300 }, 'cost'],
    ['equipment', { equipment_type: '' }, 'equipment_type'],
    ['equipment', { equipment_type: 'x'.repeat(101) }, 'equipment_type'],
    ['equipment', { tags: [] }, 'tags'],
    ['equipment', { tags: 'urgent' }, 'tags'],
    ['equipment', { specification: 42 }, 'specification'],
    ['access-requests', { access_type: 'forever' }, 'access_type'],
    ['access-requests', { expires_at: '2001-01-01T00:00:00Z' }, 'expires_at'],
    ['access-requests', { expires_at: 'next tuesday' }, 'expires_at'],
    ['hr-requests', { type: 'holiday' }, 'type'],
    ['hr-requests', { deliverable_url: 'javascript:alert(1)' }, 'deliverable_url'],
    ['pending', { priority: 0 }, 'priority'],
    ['pending', { priority: 1.5 }, 'priority'],
    ['pending', { assignee_role: 'king' }, 'assignee_role'],
    ['pending', { assignee_id: 'per_nobody' }, 'assignee_id'],
    ['travel', { departure_at: '2030-02-30T09:00:00Z' }, 'departure_at'],
    ['travel', { departure_at: '2030-05-01' }, 'departure_at'],
    ['travel', { departure_at: '0000-01-01T00:00:00Z' }, 'departure_at'],
    ['travel', { departure_at: '0001-01-01T00:00:00+05:00' }, 'departure_at'],
    ['travel', { return_at: '9999-12-31T23:00:00-05:00' }, 'return_at'],
    ['travel', { estimated_cost: -0.01 }, 'estimated_cost'],
    ['travel', { requester_id: 'per_nobody' }, 'requester_id'],
  ];

  it.each(cases)('%s with %j names %s', async (resource, overrides, path) => {
    const token = await t.token(path === 'requester_id' ? 'ada' : 'alice');
    const res = await api('POST', collection(resource as never), { token, body: validBody(resource as never, overrides) });
    expectProblem(res, 422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
  });

  it('text with a NUL character is a 422 on create, update and list, not a database error', async () => {
    const token = await t.token('alice');
    const created = await api('POST', collection('hr-requests'), { token, body: validBody('hr-requests', { description: 'a\u0000b' }) });
    expectProblem(created, 422);
    expect(created.body.errors).toContainEqual(expect.objectContaining({ path: 'description' }));
    const record = await createVia(t, 'alice', 'hr-requests');
    const patched = await api('PATCH', item('hr-requests', record.id), { token, body: { tags: { note: 'x\u0000' } } });
    expectProblem(patched, 422);
    expect(patched.body.errors).toContainEqual(expect.objectContaining({ path: 'tags.note' }));
    expectProblem(await api('POST', item('hr-requests', record.id, 'reject'), { token: await t.token('hana'), body: { reason: '\u0000' } }), 422);
    const list = await api('GET', `${collection('hr-requests')}?q=%00`, { token });
    expectProblem(list, 422);
    expect(list.body.errors).toContainEqual(expect.objectContaining({ path: 'q' }));
    const filter = await api('GET', `${collection('hr-requests')}?requester_id=per%00`, { token });
    expect(filter.body.errors).toContainEqual(expect.objectContaining({ path: 'requester_id' }));
    const range = await api('GET', `${collection('hr-requests')}?created_from=0000-01-01`, { token });
    expect(range.body.errors).toContainEqual(expect.objectContaining({ path: 'created_from' }));
  });

  it('a PATCH with unknown fields or an empty body changes nothing and does not fail', async () => {
    const token = await t.token('alice');
    const record = await createVia(t, 'alice', 'equipment');
    const res = await api('PATCH', item('equipment', record.id), { token, body: { colour: 'red' } });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('colour');
    expect((await api('PATCH', item('equipment', record.id), { token })).status).toBe(200);
    expectProblem(await api('PATCH', item('equipment', record.id), { token, body: { equipment_type: null } }), 422);
  });
});

describe('security headers on every API answer', () => {
  it('a read, a created record, a problem, a 413 and an unknown endpoint all carry them, with no-store', async () => {
    const token = await t.token('alice');
    const created = await api('POST', collection('equipment'), { token, body: validBody('equipment') });
    const answers = [
      await api('GET', collection('equipment'), { token }),
      created,
      await api('GET', item('equipment', 'eqr_none'), { token }),
      await api('POST', collection('equipment'), { token, rawBody: `{"x":"${'x'.repeat(1024 * 1024)}"}` }),
      await api('GET', '/api/v1/nowhere', { token }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 201, 404, 413, 404]);
    for (const answer of answers) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    // A handler's own headers stay beside them.
    expect(created.headers.get('etag')).toMatch(/^"/);
    expect(created.headers.get('location')).toContain('/api/v1/operations/equipment/');
  });
});
