/**
 * SCIM 2.0 at /scim/v2 with the request shapes of RFC 7644 §3 and of the big identity providers:
 * Okta (`{"op":"replace","value":{"active":false}}`) and Microsoft Entra (`"op": "Replace"`, `"value":
 * "False"`, `filter=userName eq "…"`, members removed by `members[value eq "…"]`). The token is minted by
 * an admin, shown once, tenant-scoped, replaced by a new mint and dead once revoked; deactivation by SCIM
 * is the same offboarding as the screen's.
 */
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/schema';
import { findIdentityByEmail } from '@/lib/data/accounts';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';

let db: Kysely<Database>;
let t: TestTenant;
let other: TestTenant;
let token: string;
const SCIM = 'application/scim+json';
const unique = () => Math.random().toString(36).slice(2, 10);

const scim = (method: string, path: string, body?: unknown, bearer = token) =>
  api(method, `/scim/v2${path}`, { body, headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': SCIM } : {}) } });

beforeAll(async () => {
  ({ db } = await testDatabase());
  t = await createTestTenant(db);
  other = await createTestTenant(db);
  const minted = await api('POST', '/api/v1/settings/scim-token', { token: await t.token('ada') });
  expect(minted.status).toBe(201);
  token = minted.body.token;
});

describe('the SCIM token', () => {
  it('is minted by admins only, stored hashed, shown in settings, replaced by a new mint and dead once revoked', async () => {
    expect((await api('POST', '/api/v1/settings/scim-token', { token: await t.token('bob') })).status).toBe(403);
    const ada = await other.token('ada');
    const first = (await api('POST', '/api/v1/settings/scim-token', { token: ada })).body.token;
    expect(first).toMatch(/^scim_/);
    const row = await db.selectFrom('people_settings').selectAll().where('tenant_id', '=', other.tenantId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(first);
    expect((await scim('GET', '/Users', undefined, first)).status).toBe(200);
    expect((await api('GET', '/api/v1/settings/people', { token: ada })).body.scim).toMatchObject({ active: true, created_by: other.people.ada.id, last_used_at: expect.any(String) });

    const second = (await api('POST', '/api/v1/settings/scim-token', { token: ada })).body.token;
    const stale = await scim('GET', '/Users', undefined, first);
    expect(stale.status).toBe(401);
    expect(stale.headers.get('content-type')).toContain(SCIM);
    expect(stale.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    // Each token sees only its own tenant.
    const seen = (await scim('GET', '/Users', undefined, second)).body.Resources.map((u: { userName: string }) => u.userName);
    expect(seen).toContain(other.people.ada.email);
    expect(seen).not.toContain(t.people.ada.email);
    expect((await scim('GET', `/Users/${t.people.alice.id}`, undefined, second)).status).toBe(404);

    expect((await api('DELETE', '/api/v1/settings/scim-token', { token: ada })).status).toBe(204);
    expect((await scim('GET', '/Users', undefined, second)).status).toBe(401);
    expect((await scim('GET', '/Users', undefined, 'scim_guess')).status).toBe(401);
    expect((await api('GET', '/scim/v2/Users')).status).toBe(401);
    // A personal API token is not a SCIM token.
    expect((await scim('GET', '/Users', undefined, await t.token('ada'))).status).toBe(401);
  });
});

describe('Users', () => {
  it('creates (RFC 7644 §3.3), finds by userName eq (Entra), pages, replaces (PUT) and answers SCIM errors', async () => {
    const userName = `bjensen.${unique()}@${t.domain}`;
    // RFC 7644 §3.3's example, with an email userName.
    const created = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName,
      externalId: 'bjensen',
      name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toContain(SCIM);
    expect(created.headers.get('location')).toMatch(new RegExp(`/scim/v2/Users/${created.body.id}$`));
    expect(created.body).toMatchObject({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, externalId: 'bjensen', active: true, displayName: 'Ms. Barbara J Jensen III', meta: { resourceType: 'User' } });
    const person = await api('GET', `/api/v1/people/${created.body.id}`, { token: await t.token('ada') });
    expect(person.body).toMatchObject({ email: userName, roles: ['employee'], active: true });

    const again = await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect((await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] })).body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect((await scim('POST', '/Users', undefined)).status).toBe(400);
    expect((await api('POST', '/scim/v2/Users', { rawBody: '{"userName":', headers: { authorization: `Bearer ${token}`, 'content-type': SCIM } })).status).toBe(400);

    const found = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName.toUpperCase()}"`)}&startIndex=1&count=100`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(found.body.Resources[0].id).toBe(created.body.id);
    expect((await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@nowhere.example"')}`)).body).toMatchObject({ totalResults: 0, Resources: [] });
    expect((await scim('GET', `/Users?filter=${encodeURIComponent('name.familyName co "J"')}`)).body).toMatchObject({ status: '400', scimType: 'invalidFilter' });

    const page1 = await scim('GET', '/Users?startIndex=1&count=3');
    const page2 = await scim('GET', '/Users?startIndex=4&count=3');
    expect(page1.body.totalResults).toBe(7);
    expect(page1.body.Resources).toHaveLength(3);
    expect(page2.body.startIndex).toBe(4);
    expect(new Set([...page1.body.Resources, ...page2.body.Resources].map((u: { id: string }) => u.id)).size).toBe(6);

    const replaced = await scim('PUT', `/Users/${created.body.id}`, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: created.body.id,
      userName,
      name: { givenName: 'Babs', familyName: 'Jensen' },
      title: 'Tour guide',
      active: true,
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ displayName: 'Babs Jensen', title: 'Tour guide' });
    expect((await scim('GET', '/Users/per_nope')).body).toMatchObject({ status: '404' });
  });

  it('deactivates with Okta’s PATCH and with Entra’s, reactivates, and DELETE deactivates: the same offboarding as the screen', async () => {
    const ada = await t.token('ada');
    const make = async (name: string) => (await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `${name}.${unique()}@${t.domain}`, name: { givenName: name, familyName: 'Test' } })).body;

    // Okta: replace with an object value.
    const okta = await make('okta');
    const personal = await api('POST', '/api/v1/people/invitations', { token: ada, body: { emails: [okta.userName] } });
    expect(personal.body.data[0].status).toBe('reinvited');
    const off = await scim('PATCH', `/Users/${okta.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(await findIdentityByEmail(okta.userName)).toBeUndefined();
    const checklist = await api('GET', `/api/v1/people/${okta.id}/offboarding`, { token: ada });
    expect(checklist.body).toMatchObject({ active: false, deactivated_by: 'scim' });
    const on = await scim('PATCH', `/Users/${okta.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: true } }] });
    expect(on.body.active).toBe(true);

    // Entra: "Replace" capitalised, "False" as a string, and attribute updates by path.
    const entra = await make('entra');
    const patched = await scim('PATCH', `/Users/${entra.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'displayName', value: 'Entra Person' },
        { op: 'Add', path: 'title', value: 'Analyst' },
        { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Finance' },
        { op: 'Replace', path: 'active', value: 'False' },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ displayName: 'Entra Person', title: 'Analyst', active: false });
    const bad = await scim('PATCH', `/Users/${entra.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'maybe' }] });
    expect(bad.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect((await scim('PATCH', `/Users/${entra.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'move', path: 'active' }] })).body.scimType).toBe('invalidSyntax');

    // DELETE deactivates; the person and their history stay.
    const gone = await make('gone');
    expect((await scim('DELETE', `/Users/${gone.id}`)).status).toBe(204);
    expect((await scim('GET', `/Users/${gone.id}`)).body.active).toBe(false);
  });
});

describe('the last admin', () => {
  it('is never deactivated by SCIM (whose token is nobody’s self): 409, and the admin stays active and signed in', async () => {
    const ada = t.people.ada;
    // The test tenant's only admin is ada.
    const admins = (await api('GET', '/api/v1/people?limit=200', { token: await t.token('ada') })).body.data.filter((p: { roles: string[]; active: boolean }) => p.active && p.roles.includes('admin'));
    expect(admins.map((p: { id: string }) => p.id)).toEqual([ada.id]);
    for (const attempt of [
      () => scim('PATCH', `/Users/${ada.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }),
      () => scim('DELETE', `/Users/${ada.id}`),
    ]) {
      const refused = await attempt();
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toMatch(/last active admin/);
      expect(refused.body.scimType).toBeUndefined();
    }
    expect((await scim('GET', `/Users/${ada.id}`)).body.active).toBe(true);
    expect((await api('GET', '/api/v1/people', { token: await t.token('ada') })).status).toBe(200);
  });

  it('two admins deactivated at once (SCIM racing itself, or an admin racing SCIM): one stays', async () => {
    // A tenant of its own, with a second admin: each deactivation alone would be allowed.
    const own = await createTestTenant(db);
    const adaToken = await own.token('ada');
    const promoted = await api('PATCH', `/api/v1/people/${own.people.bob.id}`, { token: adaToken, body: { roles: ['employee', 'manager', 'admin'] } });
    expect(promoted.status).toBe(200);
    const ownScim = (await api('POST', '/api/v1/settings/scim-token', { token: adaToken })).body.token as string;
    const off = (id: string) => scim('PATCH', `/Users/${id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }, ownScim);
    const [first, second] = await Promise.all([off(own.people.ada.id), off(own.people.bob.id)]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    // Through the API as whoever is still an admin: exactly one active admin is left.
    const left = first.status === 200 ? 'bob' : 'ada';
    const people = (await api('GET', '/api/v1/people?limit=200', { token: await own.token(left) })).body.data as { id: string; roles: string[]; active: boolean }[];
    expect(people.filter((p) => p.active && p.roles.includes('admin')).map((p) => p.id)).toEqual([own.people[left].id]);
  });
});

describe('the identity providers’ documented requests', () => {
  const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

  it('Okta: create (with a password Opsdesk ignores), find by userName, replace with PUT, deactivate with PATCH', async () => {
    // Okta's SCIM 2.0 guide, "Create the user": the body as Okta documents it (its example's address moved to the tenant's domain).
    const userName = `test.user.${unique()}@${t.domain}`;
    const created = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName,
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: userName, type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: '1mz050nq',
      active: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ userName, displayName: 'Test User', externalId: '00ujl29u0le5T6Aj10h7', active: true, emails: [{ value: userName, primary: true }] });
    // Sign-in stays Opsdesk's (SSO, or an invitation): the provider's password is not kept.
    const row = await db.selectFrom('people').select(['password_hash', 'roles']).where('tenant_id', '=', t.tenantId).where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ password_hash: null, roles: ['employee'] });

    // "Determine if the user already exists": userName eq, startIndex=1, count=100.
    const found = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: created.body.id }] });

    // "Update a specific user (PUT)": the whole user with a new given name.
    const put = await scim('PUT', `/Users/${created.body.id}`, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: created.body.id,
      userName,
      name: { givenName: 'Another', middleName: 'Middle', familyName: 'User' },
      emails: [{ primary: true, value: userName, type: 'work' }],
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      active: true,
      meta: { resourceType: 'User', created: '2019-08-06T20:23:11.133Z', lastModified: '2019-08-06T20:23:11.133Z' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: 'Another User', active: true });

    // "Update a specific user (PATCH)": Okta's deactivation.
    const off = await scim('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(off.body.active).toBe(false);
    expect(await findIdentityByEmail(userName)).toBeUndefined();
    expect((await api('GET', `/api/v1/people/${created.body.id}/offboarding`, { token: await t.token('ada') })).body).toMatchObject({ active: false, deactivated_by: 'scim' });
  });

  it('Microsoft Entra: a userName that is not an email, found again by it; multi-valued and single-valued updates; disable', async () => {
    // Entra's "Create User" request as Microsoft documents it: userName is not an email, the email is under emails.
    const id = unique();
    const userName = `Test_User_ab6490ee-1e48-479e-a20b-${id}`;
    const email = `Test_User_fd0ea19b-0777-472c-9f96-${id}@${t.domain}`;
    const create = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      externalId: `0a21f0f2-8d2a-4f8e-bf98-${id}`,
      userName,
      active: true,
      emails: [{ primary: true, type: 'work', value: email }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
    };
    const created = await scim('POST', '/Users', create);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ userName, externalId: create.externalId, active: true, emails: [{ value: email.toLowerCase() }], displayName: 'givenName familyName' });
    const person = await api('GET', `/api/v1/people/${created.body.id}`, { token: await t.token('ada') });
    expect(person.body).toMatchObject({ email: email.toLowerCase(), roles: ['employee'] });

    // "Get User by query": by the userName it sent, and by externalId; "zero results" for another.
    for (const filter of [`userName eq "${userName}"`, `externalId eq "${create.externalId}"`]) {
      expect((await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`)).body).toMatchObject({ totalResults: 1, Resources: [{ id: created.body.id, userName }] });
    }
    expect((await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "non-existent user"')}`)).body).toMatchObject({ totalResults: 0, Resources: [] });
    // Creating the same userName again is a uniqueness error, so Entra matches rather than duplicates.
    expect((await scim('POST', '/Users', { ...create, emails: [{ primary: true, type: 'work', value: `other.${id}@${t.domain}` }] })).body).toMatchObject({ status: '409', scimType: 'uniqueness' });

    // "Update User [Multi-valued properties]".
    const newEmail = `updatedEmail.${id}@${t.domain}`;
    const multi = await scim('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: newEmail },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ],
    });
    expect(multi.status).toBe(200);
    expect(multi.body).toMatchObject({ userName, emails: [{ value: newEmail.toLowerCase() }], name: { familyName: 'updatedFamilyName' } });

    // "Update User [Single-valued properties]": a new userName (an email this time: it becomes the sign-in email).
    const single = `5b50642d-79fc-4410-9e90-${id}@${t.domain}`;
    const renamed = await scim('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'userName', value: single }] });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ userName: single.toLowerCase(), emails: [{ value: single.toLowerCase() }] });
    expect((await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body.totalResults).toBe(0);

    // "Disable User".
    const disabled = await scim('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: false }] });
    expect(disabled.body.active).toBe(false);
    expect(await findIdentityByEmail(single)).toBeUndefined();
  });

  it('RFC 7643 §8.2’s full enterprise User is accepted (attributes Opsdesk does not keep are ignored)', async () => {
    const userName = `bjensen.full.${unique()}@${t.domain}`;
    const res = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      externalId: '701984',
      userName,
      name: { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Barbara', middleName: 'Jane', honorificPrefix: 'Ms.', honorificSuffix: 'III' },
      displayName: 'Babs Jensen',
      nickName: 'Babs',
      profileUrl: 'https://login.example.com/bjensen',
      emails: [
        { value: userName, type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
      ],
      addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA', formatted: '100 Universal City Plaza\nHollywood, CA 91608 USA', primary: true }],
      phoneNumbers: [{ value: '555-555-5555', type: 'work' }],
      ims: [{ value: 'someaimhandle', type: 'aim' }],
      photos: [{ value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' }],
      userType: 'Employee',
      title: 'Tour Guide',
      preferredLanguage: 'en-US',
      locale: 'en-US',
      timezone: 'America/Los_Angeles',
      active: true,
      password: 't1meMa$heen',
      x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
        employeeNumber: '701984',
        costCenter: '4130',
        organization: 'Universal Studios',
        division: 'Theme Park',
        department: 'Tour Operations',
        manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', $ref: '../Users/26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ userName, displayName: 'Babs Jensen', title: 'Tour Guide', externalId: '701984', active: true });
    // The enterprise manager is the identity provider's id, not an Opsdesk person: the manager stays Opsdesk's to set.
    expect((await api('GET', `/api/v1/people/${res.body.id}`, { token: await t.token('ada') })).body).toMatchObject({ manager_id: null, roles: ['employee'] });
  });
});

describe('onboarding through SCIM', () => {
  const EXT = 'urn:opsdesk:params:scim:schemas:extension:onboarding:2.0:User';

  it('a new User may carry a starter bundle: filed on their behalf in the same step, through the usual policies', async () => {
    const userName = `starter.${unique()}@${t.domain}`;
    const bad = await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', EXT], userName, [EXT]: { starterBundle: { system_ids: [''] } } });
    expect(bad.body).toMatchObject({ status: '400', scimType: 'invalidValue', detail: expect.stringContaining('starterBundle.system_ids.0') });
    expect(await db.selectFrom('people').select('id').where('tenant_id', '=', t.tenantId).where('email', '=', userName).executeTakeFirst()).toBeUndefined();
    expect((await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', EXT], userName, [EXT]: 'laptop' })).body).toMatchObject({ status: '400' });

    const created = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', EXT],
      userName,
      name: { givenName: 'Stella', familyName: 'Starter' },
      [EXT]: { starterBundle: { equipment_type: 'laptop', system_ids: ['slack'], welcome_letter: true } },
    });
    expect(created.status).toBe(201);
    const filed = async (table: 'equipment_requests' | 'access_requests' | 'hr_requests') =>
      db.selectFrom(table).select(['id', 'created_by', 'status']).where('tenant_id', '=', t.tenantId).where('requester_id', '=', created.body.id).execute();
    expect(await filed('equipment_requests')).toMatchObject([{ created_by: 'scim', status: 'requested' }]);
    expect(await filed('access_requests')).toMatchObject([{ created_by: 'scim', status: 'pending' }]);
    expect(await filed('hr_requests')).toMatchObject([{ created_by: 'scim' }]);
    // No manager yet (SCIM leaves it to Opsdesk): the policies send the steps to the admins.
    const [laptop] = await filed('equipment_requests');
    const item = await db.selectFrom('pending_items').select(['assignee_id', 'assignee_role']).where('tenant_id', '=', t.tenantId).where('entity_id', '=', laptop.id).where('type', '=', 'approval').executeTakeFirstOrThrow();
    expect(item).toEqual({ assignee_id: null, assignee_role: 'admin' });
    // Without the extension nothing is filed.
    const plain = await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `plain.${unique()}@${t.domain}` });
    expect(await db.selectFrom('equipment_requests').select('id').where('tenant_id', '=', t.tenantId).where('requester_id', '=', plain.body.id).execute()).toEqual([]);
  });
});

describe('Groups', () => {
  it('creates an approver group with members, adds and removes members by PATCH (Okta and Entra shapes), renames and deletes it', async () => {
    const created = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: `Procurement ${unique()}`,
      members: [{ value: t.people.alice.id, display: 'Alice' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.members.map((m: { value: string }) => m.value)).toEqual([t.people.alice.id]);
    const group = await api('GET', `/api/v1/groups/${created.body.id}`, { token: await t.token('ada') });
    expect(group.body).toMatchObject({ name: created.body.displayName, member_ids: [t.people.alice.id] });

    const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
    // Okta: add members with a list of values.
    const added = await scim('PATCH', `/Groups/${created.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: t.people.bob.id }, { value: t.people.hana.id }] }] });
    expect(added.body.members.map((m: { value: string }) => m.value).sort()).toEqual([t.people.alice.id, t.people.bob.id, t.people.hana.id].sort());
    // Entra: "Remove" with a members[value eq "…"] path, and with a value list.
    await scim('PATCH', `/Groups/${created.body.id}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: `members[value eq "${t.people.alice.id}"]` }] });
    const removed = await scim('PATCH', `/Groups/${created.body.id}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: t.people.bob.id }] }] });
    expect(removed.body.members.map((m: { value: string }) => m.value)).toEqual([t.people.hana.id]);
    // Okta renames with a pathless replace.
    const renamed = await scim('PATCH', `/Groups/${created.body.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { id: created.body.id, displayName: 'Purchasing' } }] });
    expect(renamed.body.displayName).toBe('Purchasing');
    expect((await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "purchasing"')}`)).body.totalResults).toBe(1);
    // Another tenant's person cannot be made a member.
    const foreign = await scim('PATCH', `/Groups/${created.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: other.people.bob.id }] }] });
    expect(foreign.body).toMatchObject({ status: '400' });
    expect((await scim('DELETE', `/Groups/${created.body.id}`)).status).toBe(204);
    expect((await scim('GET', `/Groups/${created.body.id}`)).status).toBe(404);
  });

  it('serves the discovery endpoints', async () => {
    const config = await scim('GET', '/ServiceProviderConfig');
    expect(config.body).toMatchObject({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'], patch: { supported: true }, filter: { supported: true } });
    expect((await scim('GET', '/ResourceTypes')).body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    expect((await scim('GET', '/Schemas')).body.Resources.map((s: { id: string }) => s.id)).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:opsdesk:params:scim:schemas:extension:onboarding:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
    ]);
    expect((await scim('GET', '/ResourceTypes/User')).body.schemaExtensions).toEqual([{ schema: 'urn:opsdesk:params:scim:schemas:extension:onboarding:2.0:User', required: false }]);
    expect((await scim('GET', '/Nope')).body).toMatchObject({ status: '404' });
  });
});
