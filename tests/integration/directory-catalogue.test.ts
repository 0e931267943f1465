/**
 * Access requests against the systems catalogue (engine.md §3a): free text while the tenant's catalogue
 * is empty; once it has entries, an unknown system_id, an entitlement the system does not list, or an
 * expires_at beyond max_days is a 422 naming that field — on create, update and provision alike. A
 * request filed before the catalogue keeps working for changes that leave its system alone.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { approveAll, collection, countRows, createVia, inDays, item } from '../support/records';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;
let t: TestTenant;
let other: TestTenant;
let legacyId: string;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  other = await createTestTenant(db);
});

const file = async (who: 'alice' | 'ada', body: Record<string, unknown>) =>
  api('POST', collection('access-requests'), { token: await t.token(who), body: { access_type: 'new', justification: 'Catalogue test.', ...body } });

describe('with an empty catalogue', () => {
  it('takes any system_id, entitlement and expiry as free text', async () => {
    const res = await file('alice', { system_id: 'legacy-tool', entitlement_type: 'anything', expires_at: inDays(900) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    legacyId = res.body.id;
  });
});

describe('once the catalogue has entries', () => {
  beforeAll(async () => {
    const ada = await t.token('ada');
    for (const body of [
      { id: 'github', name: 'GitHub', entitlements: ['read', 'write', 'admin'], owner_ids: [t.people.ivan.id] },
      { id: 'aws', name: 'AWS', entitlements: ['read-only', 'power-user', 'admin'], max_days: 90 },
      { id: 'slack', name: 'Slack' },
    ]) {
      expect((await api('POST', '/api/v1/systems', { token: ada, body })).status).toBe(201);
    }
    // Another tenant's catalogue says nothing about this one's.
    expect((await api('POST', '/api/v1/systems', { token: await other.token('ada'), body: { id: 'jira', name: 'Jira' } })).status).toBe(201);
  });

  it('accepts a catalogue system, a listed entitlement and an expiry within max_days', async () => {
    expect((await file('alice', { system_id: 'github', entitlement_type: 'write' })).status).toBe(201);
    expect((await file('alice', { system_id: 'aws', entitlement_type: 'read-only', expires_at: inDays(89) })).status).toBe(201);
    // A system with no entitlements listed takes any; one with no max_days any expiry.
    expect((await file('alice', { system_id: 'slack', entitlement_type: 'guest', expires_at: inDays(800) })).status).toBe(201);
  });

  it('refuses an unknown system (another tenant’s included) with 422 naming system_id, and writes nothing', async () => {
    const before = await countRows(db, t, 'access_requests');
    for (const system_id of ['gitlab', 'jira']) {
      const res = await file('alice', { system_id });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors[0].path).toBe('system_id');
      expect(res.body.errors[0].message).toContain('github');
    }
    expect(await countRows(db, t, 'access_requests')).toBe(before);
  });

  it('refuses an entitlement the system does not list (422 entitlement_type)', async () => {
    const res = await file('alice', { system_id: 'github', entitlement_type: 'owner' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'entitlement_type' })]);
    expect(res.body.errors[0].message).toContain('read, write, admin');
  });

  it('refuses an expiry beyond max_days (422 expires_at)', async () => {
    const res = await file('alice', { system_id: 'aws', expires_at: inDays(92) });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('expires_at');
    expect(res.body.errors[0].message).toContain('90 days');
  });

  it('checks updates: changing the system, the entitlement or the expiry', async () => {
    const created = await createVia(t, 'alice', 'access-requests', { system_id: 'github', entitlement_type: 'read' });
    const token = await t.token('alice');
    const patch = (body: Record<string, unknown>) => api('PATCH', item('access-requests', created.id), { token, body });
    expect((await patch({ system_id: 'nope' })).body.errors[0].path).toBe('system_id');
    // Moving to a system whose entitlements do not include the current one names the entitlement.
    expect((await patch({ system_id: 'aws' })).body.errors[0].path).toBe('entitlement_type');
    expect((await patch({ entitlement_type: 'root' })).body.errors[0].path).toBe('entitlement_type');
    expect((await patch({ system_id: 'aws', entitlement_type: 'admin', expires_at: inDays(120) })).body.errors[0].path).toBe('expires_at');
    const ok = await patch({ system_id: 'aws', entitlement_type: 'admin', expires_at: inDays(30) });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ system_id: 'aws', entitlement_type: 'admin' });
  });

  it('checks what provision sets', async () => {
    const created = await createVia(t, 'alice', 'access-requests', { system_id: 'aws' });
    await approveAll(db, t, 'access-requests', created.id);
    const ivan = await t.token('ivan');
    const provision = (body: Record<string, unknown>) => api('POST', item('access-requests', created.id, 'provision'), { token: ivan, body });
    expect((await provision({ entitlement_type: 'superuser' })).body.errors[0].path).toBe('entitlement_type');
    expect((await provision({ expires_at: inDays(200) })).body.errors[0].path).toBe('expires_at');
    const done = await provision({ entitlement_type: 'power-user', expires_at: inDays(60) });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe('provisioned');
  });

  it('leaves a request filed before the catalogue editable where it does not touch the system', async () => {
    const token = await t.token('alice');
    const res = await api('PATCH', item('access-requests', legacyId), { token, body: { justification: 'Still needed.', system_id: 'legacy-tool' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await api('PATCH', item('access-requests', legacyId), { token, body: { system_id: 'legacy-two' } })).status).toBe(422);
  });
});
