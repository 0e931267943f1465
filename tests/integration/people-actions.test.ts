/**
 * The People screen's server actions (issue 15), each as a signed-in person (the session lookup mocked,
 * the database real): inviting from a CSV file with a result per row, adding a person with a starter
 * bundle that includes standard access, and deactivating from the screen — the same offboarding as the
 * API's, with its checklist. Non-admins get 403 on each.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/schema';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { engineRows, fileTravel } from './approvals-support';
import { signInAs } from '../support/signed-in';

vi.mock('@/lib/auth/session', () => import('../support/signed-in'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const { inviteCsvAction, offboardingChecklistAction } = await import('@/lib/actions/people-lifecycle');
const { savePersonAction } = await import('@/lib/actions/directory');
const { loadDelegationAction } = await import('@/lib/actions/delegation');

let db: Kysely<Database>;
let t: TestTenant;
const unique = () => Math.random().toString(36).slice(2, 8);
const as = (who: PersonKey) => signInAs(t, who);

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
});

describe('inviting from a CSV file', () => {
  it('invites each good row (name, manager by email, roles) and says why each other row was not invited, by line', async () => {
    const u = unique();
    const jane = `jane.${u}@${t.domain}`;
    const sam = `sam.${u}@${t.domain}`;
    const csv = [
      '\uFEFFName,Email,Manager,Roles',
      `"Doe, Jane",${jane.toUpperCase()},${t.people.bob.email},manager;it`,
      `Sam Smith,${sam},,`,
      `Mallory Manager,mm.${u}@${t.domain},nobody@nowhere.example,`,
      `Wanda Wizard,ww.${u}@${t.domain},,wizard`,
      `No Email,not-an-email,,`,
      `Jane Again,${jane},,`,
      `Alice,${t.people.alice.email},,`,
    ].join('\r\n');

    as('bob');
    expect(await inviteCsvAction(csv)).toMatchObject({ ok: false, status: 403 });
    // Even a file of bad rows only: a non-admin learns nothing from the rows.
    expect(await inviteCsvAction(`email,manager\nx.${u}@${t.domain},nobody@nowhere.example`)).toMatchObject({ ok: false, status: 403 });

    as('ada');
    const result = await inviteCsvAction(csv);
    if (!result.ok) throw new Error(result.error);
    expect(result.results.map((r) => [r.line, r.status])).toEqual([
      [2, 'invited'],
      [3, 'invited'],
      [4, 'failed'],
      [5, 'failed'],
      [6, 'failed'],
      [7, 'failed'],
      [8, 'failed'],
    ]);
    expect(result.results[2].error).toMatch(/^manager:/);
    expect(result.results[3].error).toMatch(/^roles: unknown role wizard/);
    expect(result.results[4].error).toMatch(/^email:/);
    expect(result.results[5].error).toMatch(/Listed twice/);
    expect(result.results[6].error).toMatch(/already has an account/);

    const invited = await db.selectFrom('people').select(['name', 'email', 'manager_id', 'roles', 'password_hash']).where('tenant_id', '=', t.tenantId).where('email', 'in', [jane, sam]).orderBy('email').execute();
    expect(invited).toEqual([
      { name: 'Doe, Jane', email: jane, manager_id: t.people.bob.id, roles: ['employee', 'manager', 'it'], password_hash: null },
      { name: 'Sam Smith', email: sam, manager_id: null, roles: ['employee'], password_hash: null },
    ]);
    const mails = await db.selectFrom('email_messages').select('to_address').where('tenant_id', '=', t.tenantId).where('kind', '=', 'invitation').where('to_address', 'in', [jane, sam]).execute();
    expect(mails.map((m) => m.to_address).sort()).toEqual([jane, sam]);

    // A deactivated manager is refused by name.
    await savePersonAction(t.people.tara.id, { name: 'Tara Thompson', email: t.people.tara.email, title: null, manager_id: null, roles: ['employee', 'travel'], started_on: null, active: false });
    const later = await inviteCsvAction(`email,manager\nlate.${u}@${t.domain},${t.people.tara.email}`);
    expect(later).toMatchObject({ ok: true, results: [{ line: 2, status: 'failed', error: expect.stringMatching(/deactivated/) }] });
  });
});

describe('the People form', () => {
  it('adds a person with a starter bundle of a laptop, standard access and a welcome letter, filed through the usual policies', async () => {
    as('ada');
    const email = `nina.${unique()}@${t.domain}`;
    const saved = await savePersonAction(null, {
      name: 'Nina Newcomer',
      email,
      title: 'Engineer',
      manager_id: t.people.bob.id,
      roles: ['employee'],
      started_on: '2027-01-04',
      starter_bundle: { equipment_type: 'laptop', system_ids: ['github', 'slack'], welcome_letter: true },
    });
    if (!saved.ok) throw new Error(saved.error);
    const nina = saved.person.id;
    const of = (table: 'equipment_requests' | 'access_requests' | 'hr_requests') =>
      db.selectFrom(table).select(['id', 'created_by', 'status']).where('tenant_id', '=', t.tenantId).where('requester_id', '=', nina).execute();
    expect(await of('equipment_requests')).toMatchObject([{ created_by: t.people.ada.id, status: 'requested' }]);
    const access = await db.selectFrom('access_requests').select(['system_id', 'status']).where('tenant_id', '=', t.tenantId).where('requester_id', '=', nina).orderBy('system_id').execute();
    expect(access).toEqual([
      { system_id: 'github', status: 'pending' },
      { system_id: 'slack', status: 'pending' },
    ]);
    expect(await of('hr_requests')).toMatchObject([{ created_by: t.people.ada.id }]);
    // Their manager decides the access, not the admin who filed it.
    const rows = engineRows(db, t.tenantId);
    const [first] = await of('access_requests');
    expect(await rows.approval(first.id)).toMatchObject({ assignee_id: t.people.bob.id });

    // A bad entry: nothing is added, the error names the bundle's field.
    const bad = await savePersonAction(null, { name: 'Otto Other', email: `otto.${unique()}@${t.domain}`, title: null, manager_id: null, roles: [], started_on: null, starter_bundle: { system_ids: [''] } });
    expect(bad).toMatchObject({ ok: false, status: 422, errors: [{ path: 'starter_bundle.system_ids.0' }] });
  });

  it('deactivating from the screen is the same offboarding as the API’s, with its checklist; only admins may', async () => {
    const rows = engineRows(db, t.tenantId);
    const ivanToken = await t.token('ivan');
    const ivan = { name: 'Ivan Ilic', email: t.people.ivan.email, title: null, manager_id: t.people.ada.id, roles: ['employee', 'it'], started_on: null };

    as('bob');
    expect(await savePersonAction(t.people.ivan.id, { ...ivan, active: false })).toMatchObject({ ok: false, status: 403 });
    expect(await offboardingChecklistAction(t.people.ivan.id)).toMatchObject({ ok: false, status: 403 });

    // Ivan holds a travel step (handed to him by an admin) when the admin unticks Active.
    as('ada');
    const trip = await fileTravel(t, 'alice', 400);
    const item = await rows.approval(trip.id);
    expect((await api('PATCH', `/api/v1/operations/pending/${item.id}`, { token: await t.token('ada'), body: { assignee_id: t.people.ivan.id } })).status).toBe(200);

    const off = await savePersonAction(t.people.ivan.id, { ...ivan, active: false });
    expect(off).toMatchObject({ ok: true, person: { active: false } });
    expect((await api('GET', '/api/v1/me', { token: ivanToken })).status).toBe(401);
    expect(await rows.approval(trip.id)).toMatchObject({ assignee_id: t.people.ada.id });
    const checklist = await offboardingChecklistAction(t.people.ivan.id);
    expect(checklist).toMatchObject({ ok: true, checklist: { active: false, deactivated_by: t.people.ada.id } });
    if (checklist.ok) expect(checklist.checklist.items.filter((i) => i.status === 'done').map((i) => i.kind)).toEqual(expect.arrayContaining(['sessions', 'approval_step', 'delegations']));
    const events = await db.selectFrom('security_events').select('kind').where('tenant_id', '=', t.tenantId).where('subject_id', '=', t.people.ivan.id).where('kind', '=', 'person_deactivated').execute();
    expect(events).toHaveLength(1);
    // Out of office no longer offers him (nor tara, deactivated above) as someone to decide for anyone.
    as('bob');
    const offered = await loadDelegationAction(null);
    if (!offered.ok) throw new Error(offered.error);
    expect(offered.people.map((p) => p.id)).not.toContain(t.people.ivan.id);
    expect(offered.people.map((p) => p.id)).not.toContain(t.people.tara.id);
    expect(offered.people.map((p) => p.id)).toContain(t.people.alice.id);
  });
});
