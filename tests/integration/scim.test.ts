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
    expect((await scim('GET', '/Schemas')).body.Resources.map((s: { id: string }) => s.id)).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:core:2.0:Group']);
    expect((await scim('GET', '/Nope')).body).toMatchObject({ status: '404' });
  });
});
