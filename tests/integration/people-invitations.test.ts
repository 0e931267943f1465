/**
 * Invitations, password reset and just-in-time people from SSO (engine.md §3a, issue 15): an admin invites by email, the invitee sets
 * a password from a single-use link valid 7 days and signs in; a reset link works once for 1 hour, ends
 * every session, and asking for one answers the same whether the email exists or not (and is throttled).
 * Tokens are stored only hashed. Attacker moves: reuse a link, use it late, use another kind's link,
 * guess one, invite someone of another tenant, invite as a non-admin.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { verifiedEmail } from '@/lib/auth/oidc';
import { acceptInvitation } from '@/lib/people/invitations';
import { provisionFromSso } from '@/lib/people/jit';
import { openLink } from '@/lib/people/links';
import { requestPasswordReset, resetPassword } from '@/lib/people/password-reset';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;
let t: TestTenant;
let other: TestTenant;
const HOUR = 60 * 60 * 1000;
const unique = () => Math.random().toString(36).slice(2, 10);

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  other = await createTestTenant(db);
});

/** The link's token, read from the last email sent to this address (as the invitee would). */
async function tokenMailedTo(tenantId: string, address: string, kind: 'invitation' | 'password_reset'): Promise<string> {
  const mail = await db
    .selectFrom('email_messages')
    .select(['text_body', 'html_body'])
    .where('tenant_id', '=', tenantId)
    .where('to_address', '=', address)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const match = /token=([A-Za-z0-9_-]+)/.exec(mail.text_body);
  expect(match).not.toBeNull();
  return decodeURIComponent(match![1]);
}

describe('POST /api/v1/people/invitations', () => {
  it('invites each email: a person without a password, an email with a single-use link; the token is stored hashed', async () => {
    const ada = await t.token('ada');
    const jane = `jane.doe.${unique()}@${t.domain}`;
    const res = await api('POST', '/api/v1/people/invitations', { token: ada, body: { emails: [jane, t.people.alice.email] } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject([
      { email: jane, status: 'invited', person_id: expect.stringMatching(/^per_/), invitation_id: expect.stringMatching(/^lnk_/) },
      { email: t.people.alice.email, status: 'failed', error: expect.stringMatching(/already has an account/) },
    ]);
    const expires = Date.parse(res.body.data[0].expires_at) - Date.now();
    expect(expires).toBeGreaterThan(7 * 24 * HOUR - 60_000);
    expect(expires).toBeLessThanOrEqual(7 * 24 * HOUR);
    const person = await api('GET', `/api/v1/people/${res.body.data[0].person_id}`, { token: ada });
    expect(person.body).toMatchObject({ name: expect.stringMatching(/^Jane Doe/), roles: ['employee'], manager_id: null, active: true });

    const token = await tokenMailedTo(t.tenantId, jane, 'invitation');
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    const stored = await db.selectFrom('person_links').select('token_hash').where('tenant_id', '=', t.tenantId).where('id', '=', res.body.data[0].invitation_id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(JSON.stringify(await db.selectFrom('person_links').selectAll().where('tenant_id', '=', t.tenantId).execute())).not.toContain(token);

    // Not yet accepted: no password sign-in.
    expect((await signInWithPassword(jane, 'correct horse battery', '198.51.100.1')).outcome).toBe('wrong');
    // A weak password is refused and the link stays usable.
    await expect(acceptInvitation(token, 'short')).rejects.toMatchObject({ status: 422, errors: [{ path: 'password' }] });
    // A reset link's page does not take an invitation token.
    await expect(resetPassword(token, 'correct horse battery')).rejects.toMatchObject({ status: 422, errors: [{ path: 'token' }] });
    expect(await acceptInvitation(token, 'correct horse battery')).toEqual({ email: jane });
    expect((await signInWithPassword(jane, 'correct horse battery', '198.51.100.1')).outcome).toBe('signed_in');
    // Single use.
    await expect(acceptInvitation(token, 'another long password')).rejects.toMatchObject({ status: 422, errors: [{ path: 'token' }] });
    expect((await openLink(token, 'invitation')).state).toBe('used');
    const events = await db.selectFrom('security_events').select('kind').where('tenant_id', '=', t.tenantId).where('subject_id', '=', res.body.data[0].person_id).execute();
    expect(events.map((e) => e.kind).sort()).toEqual(['invitation_accepted', 'invitation_sent', 'sign_in_failed']);
  });

  it('inviting again sends a fresh link and kills the old one; links expire after 7 days; a guessed token opens nothing', async () => {
    const ada = await t.token('ada');
    const sam = `sam.${unique()}@${t.domain}`;
    await api('POST', '/api/v1/people/invitations', { token: ada, body: { emails: [sam] } });
    const first = await tokenMailedTo(t.tenantId, sam, 'invitation');
    const again = await api('POST', '/api/v1/people/invitations', { token: ada, body: { emails: [sam] } });
    expect(again.body.data[0].status).toBe('reinvited');
    const second = await tokenMailedTo(t.tenantId, sam, 'invitation');
    expect(second).not.toBe(first);
    expect((await openLink(first, 'invitation')).state).toBe('invalid');
    expect((await openLink(second, 'invitation', new Date(Date.now() + 7 * 24 * HOUR + 1000))).state).toBe('expired');
    await expect(acceptInvitation(second, 'correct horse battery', new Date(Date.now() + 8 * 24 * HOUR))).rejects.toMatchObject({ status: 422 });
    expect((await openLink(`${second.slice(0, -2)}AA`, 'invitation')).state).toBe('invalid');
    expect((await openLink('x', 'invitation')).state).toBe('invalid');

    // Deactivated before accepting: the link is dead.
    const samId = again.body.data[0].person_id;
    expect((await api('PATCH', `/api/v1/people/${samId}`, { token: ada, body: { active: false } })).status).toBe(200);
    expect((await openLink(second, 'invitation')).state).toBe('invalid');
  });

  it('answers 403 to non-admins, 422 for a bad list, 409 when nobody could be invited (an email of another tenant)', async () => {
    expect((await api('POST', '/api/v1/people/invitations', { token: await t.token('bob'), body: { emails: [`x.${unique()}@${t.domain}`] } })).status).toBe(403);
    const ada = await t.token('ada');
    const bad = await api('POST', '/api/v1/people/invitations', { token: ada, body: { emails: ['not-an-email'] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('emails.0');
    expect((await api('POST', '/api/v1/people/invitations', { token: ada, body: { emails: [] } })).status).toBe(422);
    expect((await api('POST', '/api/v1/people/invitations', { token: ada, body: {} })).status).toBe(422);
    const taken = await api('POST', '/api/v1/people/invitations', { token: ada, body: { emails: [other.people.bob.email] } });
    expect(taken.status).toBe(409);
    expect(taken.body.errors[0].path).toBe('emails.0');
  });
});

describe('password reset', () => {
  it('answers the same for a known and an unknown email, mails only the account, works once within the hour and ends every session', async () => {
    const hana = t.people.hana.email;
    const before = await t.token('hana');
    const known = await requestPasswordReset(hana, '192.0.2.10');
    const unknown = await requestPasswordReset(`nobody.${unique()}@${t.domain}`, '192.0.2.10');
    expect(known).toEqual(unknown);
    const token = await tokenMailedTo(t.tenantId, hana, 'password_reset');

    expect((await openLink(token, 'password_reset', new Date(Date.now() + HOUR + 1000))).state).toBe('expired');
    await expect(resetPassword(token, 'a brand new passphrase', new Date(Date.now() + HOUR + 1000))).rejects.toMatchObject({ status: 422 });
    await expect(acceptInvitation(token, 'a brand new passphrase')).rejects.toMatchObject({ status: 422, errors: [{ path: 'token' }] });

    expect(await resetPassword(token, 'a brand new passphrase')).toMatchObject({ email: hana, sessionsEnded: 1 });
    expect((await api('GET', '/api/v1/me', { token: before })).status).toBe(401);
    expect((await signInWithPassword(hana, 'demo', '192.0.2.11')).outcome).toBe('wrong');
    expect((await signInWithPassword(hana, 'a brand new passphrase', '192.0.2.11')).outcome).toBe('signed_in');
    await expect(resetPassword(token, 'yet another passphrase')).rejects.toMatchObject({ status: 422, errors: [{ path: 'token' }] });
    const kinds = await db.selectFrom('security_events').select('kind').where('tenant_id', '=', t.tenantId).where('subject_id', '=', t.people.hana.id).execute();
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['password_reset_requested', 'password_reset_completed']));
  });

  it('is throttled per email and address, whether or not the email exists; a deactivated person gets no link', async () => {
    const ghost = `ghost.${unique()}@${t.domain}`;
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push((await requestPasswordReset(ghost, '192.0.2.20', new Date())).outcome);
    expect(outcomes.slice(0, 5)).toEqual(Array(5).fill('requested'));
    expect(outcomes[5]).toBe('throttled');

    const ada = await t.token('ada');
    expect((await api('PATCH', `/api/v1/people/${t.people.tara.id}`, { token: ada, body: { active: false } })).status).toBe(200);
    expect((await requestPasswordReset(t.people.tara.email, '192.0.2.21')).outcome).toBe('requested');
    const mails = await db.selectFrom('email_messages').select('id').where('tenant_id', '=', t.tenantId).where('to_address', '=', t.people.tara.email).where('kind', '=', 'password_reset').execute();
    expect(mails).toEqual([]);
  });
});

describe('just-in-time people from single sign-on', () => {
  it('is off by default; creates an employee for a verified email of exactly the allowed domain, nothing for look-alikes', async () => {
    const ada = await t.token('ada');
    const domain = `jit-${unique()}.example`;
    const fresh = `newcomer.${unique()}@${domain}`;
    expect((await api('GET', '/api/v1/settings/people', { token: ada })).body).toMatchObject({ jit_domain: null, scim: { active: false } });
    expect(await provisionFromSso(fresh, 'New Comer')).toBeUndefined();

    expect((await api('PUT', '/api/v1/settings/people', { token: await t.token('bob'), body: { jit_domain: domain } })).status).toBe(403);
    for (const bad of ['not a domain', `${domain}.`, '*.example', `user@${domain}`]) {
      const res = await api('PUT', '/api/v1/settings/people', { token: ada, body: { jit_domain: bad } });
      expect(res.status, bad).toBe(422);
      expect(res.body.errors[0].path).toBe('jit_domain');
    }
    expect((await api('PUT', '/api/v1/settings/people', { token: ada, body: { jit_domain: domain.toUpperCase() } })).body.jit_domain).toBe(domain);
    // Another organisation cannot claim the same domain.
    const taken = await api('PUT', '/api/v1/settings/people', { token: await other.token('ada'), body: { jit_domain: domain } });
    expect(taken.status).toBe(409);

    for (const lookalike of [`x.${unique()}@${domain}.evil.com`, `x.${unique()}@evil-${domain}`, `x.${unique()}@sub.${domain}`, `x.${unique()}@${domain}.`]) {
      expect(await provisionFromSso(lookalike, 'Mallory'), lookalike).toBeUndefined();
    }
    const identity = await provisionFromSso(fresh, 'New Comer');
    expect(identity).toMatchObject({ tenantId: t.tenantId, email: fresh, name: 'New Comer', roles: ['employee'] });
    const person = await api('GET', `/api/v1/people/${identity!.personId}`, { token: ada });
    expect(person.body).toMatchObject({ manager_id: null, roles: ['employee'], active: true });

    // Deactivated: single sign-on does not bring them back.
    expect((await api('PATCH', `/api/v1/people/${identity!.personId}`, { token: ada, body: { active: false } })).status).toBe(200);
    expect(await provisionFromSso(fresh, 'New Comer')).toBeUndefined();
    // Only a verified email reaches provisioning at all.
    expect(verifiedEmail({ sub: 'x', email: `other.${unique()}@${domain}`, email_verified: 'true' })).toBeUndefined();
    expect((await api('PUT', '/api/v1/settings/people', { token: ada, body: { jit_domain: null } })).body.jit_domain).toBeNull();
    expect(await provisionFromSso(`later.${unique()}@${domain}`, null)).toBeUndefined();
  });
});
