/**
 * Issue 15, item 4, on every path: once deactivated, a person signs in by none (personal token, browser
 * session, a reset link mailed before, the Approve/Reject links of an approval email, single sign-on and
 * just-in-time provisioning), and nothing new reaches them afterwards (a step or task handed to them, a
 * delegation to or from them, routing by manager or group) — while their history stays.
 */
import type { Kysely } from 'kysely';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/schema';
import { findIdentityByEmail } from '@/lib/data/accounts';
import { openBrowserSession } from '@/lib/data/auth-sessions';
import { updateDirectoryPerson } from '@/lib/directory/people';
import { confirmEmailLink, describeEmailLink } from '@/lib/notifications/email-decisions';
import { pending } from '@/lib/operations/registry';
import { performAction } from '@/lib/operations/service';
import { provisionFromSso } from '@/lib/people/jit';
import { openLink } from '@/lib/people/links';
import { requestPasswordReset, resetPassword } from '@/lib/people/password-reset';
import { api } from '../support/api';
import { collection, validBody } from '../support/records';
import { testDatabase } from '../support/database';
import { createTestTenant, type PersonKey, type TestTenant } from '../support/tenant';
import { engineRows, file, fileTravel } from './approvals-support';
import { emailLinksOf } from './notifications-support';

let db: Kysely<Database>;
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
/** Each run from its own address: the rate limits' counts outlive a run on PostgreSQL. */
const ADDRESS = `198.51.100.${Math.floor(Math.random() * 250)}-${Date.now()}`;

beforeAll(async () => {
  ({ db } = await testDatabase());
});

afterEach(() => {
  vi.unstubAllEnvs();
});

const linksOf = (t: TestTenant, who: PersonKey) => emailLinksOf(db, t, who);

/** The link's token, read from the last email of this kind sent to this address (as its reader would). */
async function tokenMailedTo(t: TestTenant, address: string, kind: 'invitation' | 'password_reset'): Promise<string> {
  const mail = await db
    .selectFrom('email_messages')
    .select('text_body')
    .where('tenant_id', '=', t.tenantId)
    .where('to_address', '=', address)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return decodeURIComponent(/token=([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]);
}

describe('a deactivated person signs in by no path', () => {
  it('their token, browser session, a reset link mailed before, an approval email’s links and single sign-on all stop at deactivation', async () => {
    const t = await createTestTenant(db);
    const rows = engineRows(db, t.tenantId);
    // An access request waiting on its IT step: a role step, so deactivation hands nothing on and the
    // links in ivan's email stay bound to a step that is still open.
    const access = await file(t, 'alice', 'access');
    const item = await rows.approval(access.id);
    await performAction(t.ctx('bob'), pending, item.id, 'approve', {});
    expect(await rows.approval(access.id)).toMatchObject({ current_step_index: 1, assignee_role: 'it' });
    const links = await linksOf(t, 'ivan');
    expect((await describeEmailLink(links.approve, null)).state).toBe('ready');

    const token = await t.token('ivan');
    const browser = await openBrowserSession(t.tenantId, t.people.ivan.id, 'test browser');
    expect((await requestPasswordReset(t.people.ivan.email, ADDRESS)).outcome).toBe('requested');
    const reset = await tokenMailedTo(t, t.people.ivan.email, 'password_reset');
    expect((await openLink(reset, 'password_reset')).state).toBe('valid');
    expect((await api('GET', '/api/v1/me', { token })).status).toBe(200);

    await updateDirectoryPerson(t.ctx('ada'), t.people.ivan.id, { active: false });

    // The personal token and the browser session ended at once.
    expect((await api('GET', '/api/v1/me', { token })).status).toBe(401);
    const session = await db.selectFrom('auth_sessions').select('revoked_at').where('tenant_id', '=', t.tenantId).where('id', '=', browser.id).executeTakeFirstOrThrow();
    expect(session.revoked_at).not.toBeNull();
    // The reset link mailed before is dead: it sets no password.
    expect((await openLink(reset, 'password_reset')).state).not.toBe('valid');
    await expect(resetPassword(reset, 'a brand new passphrase')).rejects.toMatchObject({ status: 422, errors: [{ path: 'token' }] });
    const person = await db.selectFrom('people').select('password_hash').where('tenant_id', '=', t.tenantId).where('id', '=', t.people.ivan.id).executeTakeFirstOrThrow();
    expect(person.password_hash).not.toBeNull();
    // The approval email's links: opening says so, confirming decides nothing, and the refusal is logged.
    expect(await describeEmailLink(links.approve, null)).toMatchObject({ state: 'closed', reason: 'refused', message: expect.stringMatching(/no longer active/) });
    const confirmed = await confirmEmailLink(links.approve, {}, null, { address: ADDRESS });
    expect(confirmed.view).toMatchObject({ state: 'closed', reason: 'refused' });
    expect((await confirmEmailLink(links.reject, { comment: 'No' }, null, { address: ADDRESS })).view).toMatchObject({ state: 'closed' });
    expect((await rows.steps(item.id))[1]).toMatchObject({ decision: null, decided_by: null });
    expect((await rows.record('access_requests', access.id))?.status).toBe('pending');
    const refused = await db.selectFrom('security_events').select(['kind', 'actor_id']).where('tenant_id', '=', t.tenantId).where('kind', '=', 'decision_refused').execute();
    expect(refused.length).toBeGreaterThan(0);
    // Single sign-on: no identity for the email, and just-in-time provisioning for the tenant's own domain does not bring him back.
    expect((await api('PUT', '/api/v1/settings/people', { token: await t.token('ada'), body: { jit_domain: t.domain } })).status).toBe(200);
    expect(await findIdentityByEmail(t.people.ivan.email)).toBeUndefined();
    expect(await provisionFromSso(t.people.ivan.email, 'Ivan Ilic')).toBeUndefined();
    expect(await db.selectFrom('people').select('id').where('tenant_id', '=', t.tenantId).where('email', '=', t.people.ivan.email).execute()).toHaveLength(1);
    // Asking for a new token with his password: 401.
    expect((await api('POST', '/api/v1/auth/token', { body: { email: t.people.ivan.email, password: 'demo' }, remoteAddress: '203.0.113.40' })).status).toBe(401);
  });
});

describe('nothing new reaches a deactivated person', () => {
  it('no step or task is handed to them, no delegation names them, and routing passes them by', async () => {
    const t = await createTestTenant(db);
    const rows = engineRows(db, t.tenantId);
    const ada = await t.token('ada');
    const bob = await t.token('bob');
    await updateDirectoryPerson(t.ctx('ada'), t.people.hana.id, { active: false });

    // Handing a step to her, as an admin or as the step's holder: 422 naming assignee_id.
    const trip = await fileTravel(t, 'alice', 500);
    const item = await rows.approval(trip.id);
    for (const token of [ada, bob]) {
      const res = await api('PATCH', `/api/v1/operations/pending/${item.id}`, { token, body: { assignee_id: t.people.hana.id } });
      expect(res.status).toBe(422);
      expect(res.body.errors[0]).toMatchObject({ path: 'assignee_id', message: expect.stringMatching(/deactivated/) });
    }
    expect(await rows.approval(trip.id)).toMatchObject({ assignee_id: t.people.bob.id });
    // Nor a desk task.
    const laptop = await file(t, 'alice', 'equipment');
    await performAction(t.ctx('bob'), pending, (await rows.approval(laptop.id)).id, 'approve', {});
    const [task] = await rows.tasks(laptop.id);
    const handTask = await api('PATCH', `/api/v1/operations/pending/${task.id}`, { token: ada, body: { assignee_id: t.people.hana.id } });
    expect(handTask.status).toBe(422);
    // Nor a pending item someone files or changes by hand.
    const filed = await api('POST', collection('pending'), { token: ada, body: validBody('pending', { assignee_role: null, assignee_id: t.people.hana.id }) });
    expect(filed.status).toBe(422);
    expect(filed.body.errors[0]).toMatchObject({ path: 'assignee_id', message: expect.stringMatching(/deactivated/) });
    const review = await api('POST', collection('pending'), { token: ada, body: validBody('pending', { assignee_role: null, assignee_id: t.people.tara.id }) });
    expect(review.status).toBe(201);
    const moved = await api('PATCH', `/api/v1/operations/pending/${review.body.id}`, { token: ada, body: { assignee_id: t.people.hana.id } });
    expect(moved.status).toBe(422);
    expect((await api('PATCH', `/api/v1/operations/pending/${review.body.id}`, { token: ada, body: { title: 'Renamed review', assignee_id: t.people.tara.id } })).status).toBe(200);

    // Delegations: not to her, and not for her.
    const toHer = await api('PUT', '/api/v1/me/delegation', { token: bob, body: { delegate_id: t.people.hana.id, ends_at: inDays(3) } });
    expect(toHer.status).toBe(422);
    expect(toHer.body.errors[0].path).toBe('delegate_id');
    const forHer = await api('PUT', `/api/v1/people/${t.people.hana.id}/delegation`, { token: ada, body: { delegate_id: t.people.tara.id, ends_at: inDays(3) } });
    expect(forHer.status).toBe(422);
    expect(await db.selectFrom('delegations').select('id').where('tenant_id', '=', t.tenantId).execute()).toEqual([]);

    // Routing: a group step waits on the group's active members only.
    const group = await api('POST', '/api/v1/groups', { token: ada, body: { name: 'Legal', member_ids: [t.people.hana.id, t.people.tara.id] } });
    expect(group.status).toBe(201);
    expect((await api('PUT', '/api/v1/approval-policies/hr-requests', { token: ada, body: { steps: [{ approver: { kind: 'group', group_id: group.body.id } }] } })).status).toBe(200);
    const letter = await file(t, 'alice', 'hr');
    expect(await rows.approval(letter.id)).toMatchObject({ assignee_id: t.people.tara.id, candidate_ids: null });

    // A deactivated manager is passed by: the step goes to the admins.
    await updateDirectoryPerson(t.ctx('ada'), t.people.bob.id, { active: false });
    const later = await fileTravel(t, 'alice', 500);
    expect(await rows.approval(later.id)).toMatchObject({ assignee_id: null, assignee_role: 'admin' });

    // Her history stays: she is still in the directory, deactivated, and her name still shows.
    const dir = await api('GET', `/api/v1/people/${t.people.hana.id}`, { token: ada });
    expect(dir.body).toMatchObject({ active: false, name: expect.any(String) });
  });
});

describe('single sign-on’s own sign-in callback (lib/auth/options.ts)', () => {
  it('creates an employee on a first verified sign-in of the allowed domain, and lets no deactivated person back in', async () => {
    vi.stubEnv('AUTH_SECRET', 'integration-test-secret-0123456789abcdef');
    const { authOptions } = await import('@/lib/auth/options');
    const signIn = authOptions().callbacks!.signIn!;
    const verdict = (profile: Record<string, unknown>) =>
      signIn({ user: { id: String(profile.sub) }, account: { provider: 'oidc', type: 'oauth', providerAccountId: String(profile.sub) }, profile } as never);
    const t = await createTestTenant(db);
    const ada = await t.token('ada');
    const domain = `sso-${Math.random().toString(36).slice(2, 8)}.example`;
    const email = `newcomer@${domain}`;

    // Off by default: an unknown email is refused and nobody is created.
    expect(await verdict({ sub: '1', email, email_verified: true, name: 'Nora Newcomer' })).toBe('/signin?error=SsoUnknownEmail');
    expect((await api('PUT', '/api/v1/settings/people', { token: ada, body: { jit_domain: domain } })).status).toBe(200);
    expect(await verdict({ sub: '2', email: `unverified@${domain}`, email_verified: false })).toBe('/signin?error=SsoEmailNotVerified');
    expect(await verdict({ sub: '3', email: `mallory@evil-${domain}`, email_verified: true })).toBe('/signin?error=SsoUnknownEmail');
    // Roles in the claims count for nothing: an employee, with no manager.
    expect(await verdict({ sub: '1', email, email_verified: true, name: 'Nora Newcomer', roles: ['admin'], groups: ['admin'] })).toBe(true);
    const nora = await db.selectFrom('people').select(['id', 'name', 'roles', 'manager_id', 'active']).where('tenant_id', '=', t.tenantId).where('email', '=', email).executeTakeFirstOrThrow();
    expect(nora).toMatchObject({ name: 'Nora Newcomer', roles: ['employee'], manager_id: null, active: true });
    // A second sign-in finds her; no second person.
    expect(await verdict({ sub: '1', email, email_verified: true })).toBe(true);
    expect(await db.selectFrom('people').select('id').where('tenant_id', '=', t.tenantId).where('email', '=', email).execute()).toHaveLength(1);

    // An invitee who has not set a password signs in with single sign-on instead (issue 15 item 1).
    const invitee = `invitee.${Math.random().toString(36).slice(2, 8)}@${t.domain}`;
    expect((await api('POST', '/api/v1/people/invitations', { token: ada, body: { emails: [invitee] } })).status).toBe(201);
    expect(await verdict({ sub: '5', email: invitee, email_verified: true })).toBe(true);
    expect(await verdict({ sub: '5', email: invitee, email_verified: false })).toBe('/signin?error=SsoEmailNotVerified');

    // Deactivated: single sign-on refuses her, and refuses a seeded person of the same tenant too.
    await updateDirectoryPerson(t.ctx('ada'), nora.id, { active: false });
    expect(await verdict({ sub: '1', email, email_verified: true })).toBe('/signin?error=SsoUnknownEmail');
    expect(await verdict({ sub: '4', email: t.people.hana.email, email_verified: true })).toBe(true);
    await updateDirectoryPerson(t.ctx('ada'), t.people.hana.id, { active: false });
    expect(await verdict({ sub: '4', email: t.people.hana.email, email_verified: true })).toBe('/signin?error=SsoUnknownEmail');
  });
});
