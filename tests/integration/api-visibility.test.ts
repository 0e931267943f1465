/** Who sees what over REST: people, roles, tenants and integration keys; invisible is always 404, never 403. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { approvalItemOf, auditOf, collection, createVia, integrationToken, item, PREFIX, RESOURCES, TEXT_FIELD, validBody, type Resource } from '../support/records';

let db: Kysely<Database>;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  other = await createTestTenant(db);
});

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((r) => r.id);

/** Every operation on one id as `token`, expecting 404 each time (the same as an id that does not exist). */
async function expectInvisible(token: string, resource: Resource, id: string) {
  const missing = await api('GET', item(resource, `${PREFIX[resource]}01JD3M4V6X8Q9R2S3T4V5W6X7Y`), { token });
  const calls = [
    await api('GET', item(resource, id), { token }),
    await api('PATCH', item(resource, id), { token, body: { [TEXT_FIELD[resource]]: 'probe' } }),
    await api('DELETE', item(resource, id), { token }),
    await api('POST', item(resource, id, resource === 'hr-requests' ? 'start' : 'reject'), { token, body: {} }),
  ];
  for (const res of calls) {
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.title).toBe(missing.body.title);
  }
  expect(calls[0].body.detail).toBe(missing.body.detail);
}

const SEES: Record<Exclude<Resource, 'pending'>, PersonKey[]> = {
  'access-requests': ['alice', 'bob', 'ivan', 'ada'],
  'hr-requests': ['alice', 'hana', 'ada'],
  equipment: ['alice', 'bob', 'ivan', 'ada'],
  travel: ['alice', 'bob', 'tara', 'ada'],
};
const EVERYONE: PersonKey[] = ['alice', 'bob', 'hana', 'ivan', 'tara', 'ada'];

describe.each(Object.keys(SEES) as (keyof typeof SEES)[])('%s filed by alice', (resource) => {
  it('is seen by the requester, the approver, the desk and admin; 404 for everyone else', async () => {
    const record = await createVia(t, 'alice', resource);
    for (const who of EVERYONE) {
      const token = await t.token(who);
      if (SEES[resource].includes(who)) {
        expect((await api('GET', item(resource, record.id), { token })).status, who).toBe(200);
        const all = await api('GET', `${collection(resource)}?scope=all&limit=200`, { token });
        expect(ids(all), who).toContain(record.id);
      } else {
        await expectInvisible(token, resource, record.id);
        const all = await api('GET', `${collection(resource)}?scope=all&limit=200`, { token });
        expect(ids(all), who).not.toContain(record.id);
      }
    }
  });

  it('is invisible from another tenant, even to its admin (404 on every operation)', async () => {
    const record = await createVia(t, 'alice', resource);
    const token = await other.token('ada');
    await expectInvisible(token, resource, record.id);
    const all = await api('GET', `${collection(resource)}?scope=all&limit=200`, { token });
    expect(ids(all)).not.toContain(record.id);
    const filtered = await api('GET', `${collection(resource)}?scope=all&requester_id=${t.people.alice.id}`, { token });
    expect(filtered.body.data).toEqual([]);
  });
});

describe('approvers and pending items', () => {
  it('an approver keeps seeing a record after deciding its step', async () => {
    const record = await createVia(t, 'alice', 'travel');
    const approval = await approvalItemOf(db, t, record.id);
    expect((await api('POST', item('pending', approval.id, 'approve'), { token: await t.token('bob'), body: {} })).status).toBe(200);
    expect((await api('GET', item('travel', record.id), { token: await t.token('bob') })).status).toBe(200);
  });

  it('an approval item is seen by its assignee, the requester and admin; then by the next step role', async () => {
    const record = await createVia(t, 'alice', 'access-requests');
    const approval = await approvalItemOf(db, t, record.id);
    for (const who of EVERYONE) {
      const res = await api('GET', item('pending', approval.id), { token: await t.token(who) });
      expect(res.status, who).toBe(['alice', 'bob', 'ada'].includes(who) ? 200 : 404);
    }
    const bobInbox = await api('GET', '/api/v1/operations/pending', { token: await t.token('bob') });
    expect(ids(bobInbox)).toContain(approval.id);
    await api('POST', item('access-requests', record.id, 'approve'), { token: await t.token('bob'), body: {} });
    expect((await api('GET', item('pending', approval.id), { token: await t.token('ivan') })).status).toBe(200);
    const ivanInbox = await api('GET', '/api/v1/operations/pending?status=queued', { token: await t.token('ivan') });
    expect(ids(ivanInbox)).toContain(approval.id);
    await expectInvisible(await t.token('tara'), 'pending', approval.id);
    await expectInvisible(await other.token('ada'), 'pending', approval.id);
  });
});

describe('integration keys (app_id)', () => {
  it('stamps app_id on writes and sees only records written with that app_id', async () => {
    const appA = await integrationToken(db, t, 'alice');
    const appB = await integrationToken(db, t, 'alice');
    const plain = await createVia(t, 'alice', 'equipment');

    const res = await api('POST', collection('equipment'), { token: appA.token, body: validBody('equipment', { app_id: 'app_forged', requester_id: t.people.alice.id }) });
    expect(res.status).toBe(201);
    expect(res.body.app_id).toBe(appA.appId);
    const viaA = res.body;
    expect((await auditOf(db, t, viaA.id))[0]).toMatchObject({ app_id: appA.appId, action: 'create' });

    const me = await api('GET', '/api/v1/me', { token: appA.token });
    expect(me.body).toMatchObject({ person_id: appA.keyId, app_id: appA.appId });

    const listA = await api('GET', `${collection('equipment')}?scope=all`, { token: appA.token });
    expect(ids(listA)).toEqual([viaA.id]);
    expect((await api('GET', item('equipment', plain.id), { token: appA.token })).status).toBe(404);
    expect((await api('PATCH', item('equipment', plain.id), { token: appA.token, body: { cost: 1 } })).status).toBe(404);

    expect(ids(await api('GET', `${collection('equipment')}?scope=all`, { token: appB.token }))).toEqual([]);
    await expectInvisible(appB.token, 'equipment', viaA.id);

    const personal = await api('GET', `${collection('equipment')}?scope=all&limit=200`, { token: await t.token('alice') });
    expect(ids(personal)).toEqual(expect.arrayContaining([viaA.id, plain.id]));
    // Items the engine opens for an app's record carry its app_id too.
    expect((await approvalItemOf(db, t, viaA.id)).app_id).toBe(appA.appId);
  });

  it('refuses a revoked key, an unknown key and a key of another app (401)', async () => {
    const revoked = await integrationToken(db, t, 'alice', { revoked: true });
    expect((await api('GET', collection('travel'), { token: revoked.token })).status).toBe(401);
    const unknown = await t.token('alice', { appId: 'app_NOPE', jti: 'key_NOPE' });
    expect((await api('GET', collection('travel'), { token: unknown })).status).toBe(401);
    const real = await integrationToken(db, t, 'alice');
    const mismatched = await t.token('alice', { appId: 'app_OTHER', jti: real.keyId });
    expect((await api('GET', collection('travel'), { token: mismatched })).status).toBe(401);
    const foreignTenant = await other.token('alice', { appId: real.appId, jti: real.keyId });
    expect((await api('GET', collection('travel'), { token: foreignTenant })).status).toBe(401);
  });
});

describe('scope', () => {
  it.each(RESOURCES.filter((r) => r !== 'pending'))('%s: scope=mine (default) is what I requested or created; scope=all adds what I may see', async (resource) => {
    const record = await createVia(t, 'alice', resource);
    const desk: PersonKey = resource === 'hr-requests' ? 'hana' : resource === 'travel' ? 'tara' : 'ivan';
    const token = await t.token(desk);
    expect(ids(await api('GET', `${collection(resource)}?limit=200`, { token }))).not.toContain(record.id);
    expect(ids(await api('GET', `${collection(resource)}?scope=mine&limit=200`, { token }))).not.toContain(record.id);
    expect(ids(await api('GET', `${collection(resource)}?scope=all&limit=200`, { token }))).toContain(record.id);
    expect(ids(await api('GET', `${collection(resource)}?limit=200`, { token: await t.token('alice') }))).toContain(record.id);
    expect((await api('GET', `${collection(resource)}?scope=everything`, { token })).status).toBe(422);
  });
});
