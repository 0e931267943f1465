import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { contextFor } from '@/lib/data/context';
import { chainFor } from '@/lib/operations/approvals';
import { travel } from '@/lib/operations/registry';
import { createApplication, getSettings, listKeys, mintKey, revokeKey, updatePerson, updateThreshold } from '@/lib/operations/settings';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  other = await createTestTenant(db);
});

async function rejects(promise: Promise<unknown>): Promise<{ status: number; errors?: { path: string; message: string }[] }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; errors?: { path: string; message: string }[] };
  }
  throw new Error('expected a rejection');
}

describe('settings: admins only', () => {
  it('refuses every settings function to non-admins with 403', async () => {
    for (const who of ['alice', 'bob', 'hana', 'ivan', 'tara'] as const) {
      const ctx = t.ctx(who);
      expect((await rejects(getSettings(ctx))).status).toBe(403);
      expect((await rejects(updateThreshold(ctx, { threshold: 10 }))).status).toBe(403);
      expect((await rejects(createApplication(ctx, { name: 'x' }))).status).toBe(403);
      expect((await rejects(updatePerson(ctx, { personId: t.people.alice.id, managerId: null, roles: ['employee'] }))).status).toBe(403);
      expect((await rejects(revokeKey(ctx, 'key_nope'))).status).toBe(403);
    }
  });

  it('refuses an integration key even with the admin role', async () => {
    expect((await rejects(getSettings(t.ctx('ada', { appId: 'app_x' })))).status).toBe(403);
  });

  it('shows the tenant own settings only', async () => {
    const settings = await getSettings(t.ctx('ada'));
    expect(settings.threshold).toBe(2000);
    expect(settings.people.map((p) => p.id).sort()).toEqual(Object.values(t.people).map((p) => p.id).sort());
  });
});

describe('settings: approval threshold', () => {
  it('validates the amount', async () => {
    const ada = t.ctx('ada');
    for (const threshold of [-1, 'abc', null, '']) {
      const error = await rejects(updateThreshold(ada, { threshold }));
      expect(error.status).toBe(422);
      expect(error.errors?.[0].path).toBe('threshold');
    }
  });

  it('changes the travel chain of new requests, in this tenant only', async () => {
    const ada = t.ctx('ada');
    expect(await updateThreshold(ada, { threshold: '500' })).toBe(500);
    expect((await getSettings(ada)).threshold).toBe(500);
    const { steps } = await chainFor(t.ctx('alice'), travel, { requester_id: t.people.alice.id, estimated_cost: 800 });
    expect(steps.map((s) => ({ people: s.eligibleIds, role: s.role }))).toEqual([
      { people: [t.people.bob.id], role: null },
      { people: null, role: 'admin' },
    ]);
    expect((await getSettings(other.ctx('ada'))).threshold).toBe(2000);
    await updateThreshold(ada, { threshold: 0 });
    expect((await getSettings(ada)).threshold).toBe(0);
    await updateThreshold(ada, { threshold: 2000 });
  });
});

describe('settings: people', () => {
  it('changes a manager and roles, and keeps employee', async () => {
    const ada = t.ctx('ada');
    const person = await updatePerson(ada, { personId: t.people.alice.id, managerId: t.people.hana.id, roles: ['manager'] });
    expect(person.manager_id).toBe(t.people.hana.id);
    expect(person.roles).toEqual(['employee', 'manager']);
    await updatePerson(ada, { personId: t.people.alice.id, managerId: t.people.bob.id, roles: ['employee'] });
  });

  it('rejects self-management and cycles', async () => {
    const ada = t.ctx('ada');
    const self = await rejects(updatePerson(ada, { personId: t.people.bob.id, managerId: t.people.bob.id, roles: ['manager'] }));
    expect(self.status).toBe(422);
    // alice reports to bob: bob reporting to alice closes a loop.
    const loop = await rejects(updatePerson(ada, { personId: t.people.bob.id, managerId: t.people.alice.id, roles: ['manager'] }));
    expect(loop.status).toBe(422);
    expect(loop.errors?.[0]).toMatchObject({ path: 'managerId' });
    // bob reports to ada: ada reporting to alice is a longer loop (ada → alice → bob → ada).
    const longer = await rejects(updatePerson(ada, { personId: t.people.ada.id, managerId: t.people.alice.id, roles: ['admin'] }));
    expect(longer.status).toBe(422);
  });

  it('refuses managers and people from another tenant', async () => {
    const ada = t.ctx('ada');
    expect((await rejects(updatePerson(ada, { personId: t.people.alice.id, managerId: other.people.bob.id, roles: [] }))).status).toBe(422);
    expect((await rejects(updatePerson(ada, { personId: other.people.alice.id, managerId: null, roles: [] }))).status).toBe(404);
  });

  it('does not let an admin remove their own admin role', async () => {
    const error = await rejects(updatePerson(t.ctx('ada'), { personId: t.people.ada.id, managerId: null, roles: ['employee'] }));
    expect(error.status).toBe(422);
  });
});

describe('settings: integration keys', () => {
  it('mints a key whose token the API accepts with its app_id, then refuses it at once after revoking', async () => {
    const ada = t.ctx('ada');
    const app = await createApplication(ada, { name: 'Payroll sync' });
    expect(app.id).toMatch(/^app_/);
    const { key, token } = await mintKey(ada, { appId: app.id, label: 'production', roles: ['employee', 'admin'], expiresInDays: 90 });
    expect(key.status).toBe('active');
    expect(new Date(key.expires_at).getTime() - Date.now()).toBeGreaterThan(89 * 24 * 3600 * 1000);

    const me = await api('GET', '/api/v1/me', { token });
    expect(me.status).toBe(200);
    // The key is its own principal (engine.md §2): not ada, who minted it.
    expect(me.body).toMatchObject({ person_id: key.id, tenant_id: t.tenantId, app_id: app.id, roles: ['employee', 'admin'] });

    const listed = await listKeys(ada);
    expect(listed.find((k) => k.id === key.id)).toMatchObject({ label: 'production', app_name: 'Payroll sync', status: 'active' });
    expect(listed.find((k) => k.id === key.id)?.last_used_at).not.toBeNull();

    await revokeKey(ada, key.id);
    expect((await api('GET', '/api/v1/me', { token })).status).toBe(401);
    expect((await listKeys(ada)).find((k) => k.id === key.id)?.status).toBe('revoked');
    expect((await rejects(revokeKey(ada, key.id))).status).toBe(409);
  });

  it('grants only roles the admin holds, for an application of the tenant', async () => {
    const ada = t.ctx('ada');
    const app = await createApplication(ada, { name: 'HR bot' });
    const tooMuch = await rejects(mintKey(ada, { appId: app.id, label: 'x', roles: ['hr'], expiresInDays: 30 }));
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.errors?.[0].path).toBe('roles');
    const foreignApp = await createApplication(other.ctx('ada'), { name: 'Elsewhere' });
    expect((await rejects(mintKey(ada, { appId: foreignApp.id, label: 'x', roles: ['employee'], expiresInDays: 30 }))).status).toBe(422);
    expect((await rejects(mintKey(ada, { appId: app.id, label: '', roles: ['employee'], expiresInDays: 30 }))).status).toBe(422);
    expect((await rejects(revokeKey(other.ctx('ada'), (await mintKey(ada, { appId: app.id, label: 'y', roles: ['employee'], expiresInDays: 7 })).key.id))).status).toBe(404);
  });

  it('records settings changes in the audit log', async () => {
    const rows = await contextFor(db, t.caller('ada'))
      .db.selectFrom('audit_events')
      .select(['entity_type', 'action'])
      .where('entity_type', 'in', ['IntegrationKey', 'Application', 'ApprovalPolicy', 'Person'])
      .execute();
    const seen = new Set(rows.map((r) => `${r.entity_type}:${r.action}`));
    for (const event of ['Application:create', 'IntegrationKey:create', 'IntegrationKey:revoke', 'ApprovalPolicy:update', 'Person:update']) {
      expect(seen.has(event)).toBe(true);
    }
  });
});
