/**
 * Issue 8, item 9: security events for role grants and removals, key mints and revocations, token and
 * session revocations; GET /api/v1/security-events for admins with filters, keyset paging and CSV.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { tenantDb } from '@/lib/data/tenant-db';
import { recordSecurityEvent } from '@/lib/security/events';
import { createApplication, mintKey, revokeKey, updatePerson } from '@/lib/operations/settings';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;

beforeAll(async () => {
  ({ db } = await testDatabase());
});

async function eventsOf(t: TestTenant, query = ''): Promise<{ status: number; body: { data: { kind: string; actor_id: string; actor_name: string | null; subject_id: string; detail: Record<string, unknown> }[]; next_cursor: string | null } }> {
  return api('GET', `/api/v1/security-events${query}`, { token: await t.token('ada') });
}

describe('what is recorded', () => {
  it('role grants and removals, one event per role, with the admin as actor', async () => {
    const t = await createTestTenant(db);
    await updatePerson(t.ctx('ada'), { personId: t.people.bob.id, managerId: null, roles: ['employee', 'hr'] });
    const { body } = await eventsOf(t);
    const byKind = Object.fromEntries(body.data.map((event) => [`${event.kind}:${String(event.detail.role)}`, event]));
    expect(byKind['role_granted:hr']).toMatchObject({ actor_id: t.people.ada.id, actor_name: 'Ada Adeyemi', subject_id: t.people.bob.id });
    expect(byKind['role_removed:manager']).toMatchObject({ actor_id: t.people.ada.id, subject_id: t.people.bob.id });
    expect(body.data).toHaveLength(2);
  });

  it('key mints and revocations, never with the token in them', async () => {
    const t = await createTestTenant(db);
    const ada = t.ctx('ada');
    const app = await createApplication(ada, { name: 'Payroll' });
    const { key, token } = await mintKey(ada, { appId: app.id, label: 'prod', roles: ['employee'], expiresInDays: 30 });
    await revokeKey(ada, key.id);
    const { body } = await eventsOf(t);
    expect(body.data.map((event) => event.kind)).toEqual(['key_revoked', 'key_minted']);
    expect(body.data[1]).toMatchObject({ subject_id: key.id, detail: { label: 'prod', app_name: 'Payroll', roles: ['employee'] } });
    expect(JSON.stringify(body)).not.toContain(token);
    const csv = await api('GET', '/api/v1/security-events', { token: await t.token('ada'), headers: { accept: 'text/csv' } });
    expect(csv.body).not.toContain(token.split('.')[2]);
  });
});

describe('GET /api/v1/security-events', () => {
  it('is for admins only (403), never another tenant’s events', async () => {
    const t = await createTestTenant(db);
    const other = await createTestTenant(db);
    await updatePerson(other.ctx('ada'), { personId: other.people.bob.id, managerId: null, roles: ['employee'] });
    for (const who of ['alice', 'bob', 'hana', 'ivan', 'tara'] as const) {
      expect((await api('GET', '/api/v1/security-events', { token: await t.token(who) })).status, who).toBe(403);
    }
    expect((await eventsOf(t)).body.data).toEqual([]);
  });

  it('filters by kind, actor and time, pages by keyset, and refuses bad values (422)', async () => {
    const t = await createTestTenant(db);
    const tdb = tenantDb(db, t.tenantId);
    const base = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < 7; i++) {
      await recordSecurityEvent(tdb, { kind: i % 2 ? 'sign_in_failed' : 'token_revoked', actorId: i % 2 ? null : t.people.alice.id, at: new Date(base + i * 60_000) });
    }
    expect((await eventsOf(t, '?kind=sign_in_failed')).body.data).toHaveLength(3);
    expect((await eventsOf(t, '?kind=sign_in_failed,token_revoked')).body.data).toHaveLength(7);
    expect((await eventsOf(t, `?actor_id=${t.people.alice.id}`)).body.data).toHaveLength(4);
    const window = await eventsOf(t, `?from=${new Date(base + 2 * 60_000).toISOString()}&to=${new Date(base + 5 * 60_000).toISOString()}`);
    expect(window.body.data).toHaveLength(3);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await eventsOf(t, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.data.map((event) => (event as unknown as { id: string }).id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);

    for (const bad of ['?kind=nope', '?from=yesterday', '?limit=0', '?limit=201', '?cursor=forged']) {
      expect((await eventsOf(t, bad)).status, bad).toBe(422);
    }
  });

  it('answers CSV for Accept: text/csv, with formula-looking cells defused', async () => {
    const t = await createTestTenant(db);
    await recordSecurityEvent(tenantDb(db, t.tenantId), { kind: 'sign_in_failed', detail: { email: '=HYPERLINK("http://evil")' } });
    const res = await api('GET', '/api/v1/security-events', { token: await t.token('ada'), headers: { accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const [header, row] = (res.body as string).trim().split('\r\n');
    expect(header).toBe('created_at,kind,actor_id,actor_name,subject_id,ip,detail');
    expect(row).toContain('sign_in_failed');
    expect(row).not.toMatch(/,=/);
  });
});
