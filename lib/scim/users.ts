/**
 * SCIM Users ↔ Opsdesk people. userName is the sign-in email; name, title, active and externalId map to
 * the person. Every write goes through lib/directory/people.ts (the one place a person changes), so
 * `active: false` — by PATCH, PUT or DELETE — is the same offboarding as the People screen's.
 * Attributes Opsdesk does not keep (phone numbers, the enterprise extension…) are accepted and ignored,
 * as identity providers send them whatever the schema says.
 */
import { sql } from 'kysely';
import type { Ctx } from '@/lib/data/context';
import { possibleId } from '@/lib/directory/common';
import { createDirectoryPerson, updateDirectoryPerson, type DirectoryPerson } from '@/lib/directory/people';
import { nameFromEmail } from '@/lib/people/invitations';
import { fileStarterBundle } from '@/lib/people/onboarding';
import { bareAttribute, patchOperations, scimBoolean } from './patch';
import { listResponse, paging, parseEqFilter, ScimError, URN } from './protocol';

interface ScimPersonRow extends DirectoryPerson {
  scim_external_id: string | null;
  scim_user_name: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS = ['id', 'name', 'email', 'title', 'manager_id', 'roles', 'active', 'started_on', 'scim_external_id', 'scim_user_name', 'created_at', 'updated_at'] as const;

function splitName(name: string): { givenName: string; familyName: string } {
  const [given, ...rest] = name.trim().split(/\s+/);
  return { givenName: given ?? '', familyName: rest.join(' ') };
}

export function toScimUser(p: ScimPersonRow, baseUrl: string, groups: { id: string; name: string }[] = []) {
  return {
    schemas: [URN.user],
    id: p.id,
    ...(p.scim_external_id ? { externalId: p.scim_external_id } : {}),
    userName: p.scim_user_name ?? p.email,
    name: { formatted: p.name, ...splitName(p.name) },
    displayName: p.name,
    ...(p.title ? { title: p.title } : {}),
    emails: [{ value: p.email, type: 'work', primary: true }],
    active: p.active,
    groups: groups.map((g) => ({ value: g.id, display: g.name, $ref: `${baseUrl}/scim/v2/Groups/${g.id}` })),
    meta: { resourceType: 'User', created: p.created_at, lastModified: p.updated_at, location: `${baseUrl}/scim/v2/Users/${p.id}` },
  };
}

async function loadRow(ctx: Ctx, id: string): Promise<ScimPersonRow> {
  if (!possibleId(id)) throw new ScimError(404, `No User ${id}.`);
  const row = await ctx.db.selectFrom('people').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw new ScimError(404, `No User ${id}.`);
  return row as ScimPersonRow;
}

async function groupsOf(ctx: Ctx, personId: string) {
  return ctx.db
    .selectFrom('groups')
    .innerJoin('group_members', (join) => join.onRef('group_members.tenant_id', '=', 'groups.tenant_id').onRef('group_members.group_id', '=', 'groups.id'))
    .select(['groups.id', 'groups.name'])
    .where('group_members.person_id', '=', personId)
    .orderBy('groups.name')
    .execute();
}

export async function getScimUser(ctx: Ctx, id: string, baseUrl: string) {
  const row = await loadRow(ctx, id);
  return toScimUser(row, baseUrl, await groupsOf(ctx, row.id));
}

export async function listScimUsers(ctx: Ctx, query: Record<string, string | undefined>, baseUrl: string) {
  const filter = parseEqFilter(query.filter, ['userName', 'externalId', 'id']);
  const { startIndex, count } = paging(query);
  let builder = ctx.db.selectFrom('people');
  // userName is the identity provider's own when it kept one that is not the email, else the email.
  if (filter?.attribute === 'userName') builder = builder.where(sql<string>`lower(coalesce(scim_user_name, email))`, '=', filter.value.trim().toLowerCase());
  if (filter?.attribute === 'externalId') builder = builder.where('scim_external_id', '=', filter.value);
  if (filter?.attribute === 'id') builder = builder.where('id', '=', filter.value);
  const total = await builder.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = count === 0 ? [] : await builder.select(COLUMNS).orderBy('created_at').orderBy('id').offset(startIndex - 1).limit(count).execute();
  return listResponse(rows.map((r) => toScimUser(r as ScimPersonRow, baseUrl)), Number(total.n), startIndex);
}

/** The person's fields a SCIM User body sets (create and PUT). */
function fieldsOfUser(body: unknown): { email: string; userName: string | null; name: string; title: string | null; active: boolean | undefined; externalId: string | null } {
  if (!body || typeof body !== 'object') throw new ScimError(400, 'Expected a User object.', 'invalidSyntax');
  const user = body as Record<string, unknown>;
  const emails = Array.isArray(user.emails) ? (user.emails as { value?: unknown; primary?: unknown }[]) : [];
  const primaryEmail = emails.find((e) => e?.primary === true)?.value ?? emails[0]?.value;
  const userName = typeof user.userName === 'string' ? user.userName.trim() : '';
  if (!userName) throw new ScimError(400, 'userName is required.', 'invalidValue');
  const email = userName.includes('@') ? userName : typeof primaryEmail === 'string' ? primaryEmail.trim() : '';
  if (!email.includes('@')) throw new ScimError(400, 'userName must be the person’s email (or emails must hold one).', 'invalidValue');
  const nameObject = (user.name && typeof user.name === 'object' ? user.name : {}) as Record<string, unknown>;
  const parts = [nameObject.givenName, nameObject.familyName].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  const name =
    (typeof user.displayName === 'string' && user.displayName.trim()) ||
    (typeof nameObject.formatted === 'string' && nameObject.formatted.trim()) ||
    parts.join(' ') ||
    nameFromEmail(email.toLowerCase());
  return {
    email,
    userName: keptUserName(userName, email),
    name,
    title: typeof user.title === 'string' && user.title.trim() ? user.title.trim() : null,
    active: user.active === undefined ? undefined : scimBoolean(user.active, 'active'),
    externalId: typeof user.externalId === 'string' && user.externalId.trim() ? user.externalId.trim().slice(0, 200) : null,
  };
}

async function setExternalId(ctx: Ctx, id: string, externalId: string | null): Promise<void> {
  await ctx.db.updateTable('people').set({ scim_external_id: externalId }).where('id', '=', id).execute();
}

/** The userName to keep beside the email: null when it is the email (the usual case), else as sent. */
function keptUserName(userName: string, email: string): string | null {
  return userName.trim().toLowerCase() === email.trim().toLowerCase() ? null : userName.trim().slice(0, 320);
}

/** Keeps the identity provider's userName; another person's userName (or email) is a uniqueness error. */
async function setUserName(ctx: Ctx, id: string, userName: string | null): Promise<void> {
  if (userName) {
    const taken = await ctx.db
      .selectFrom('people')
      .select('id')
      .where(sql<string>`lower(coalesce(scim_user_name, email))`, '=', userName.toLowerCase())
      .where('id', '<>', id)
      .executeTakeFirst();
    if (taken) throw new ScimError(409, `userName ${userName} belongs to another User.`, 'uniqueness');
  }
  await ctx.db.updateTable('people').set({ scim_user_name: userName }).where('id', '=', id).execute();
}

/**
 * The starter bundle a SCIM client asks for with a new User (onboarding, issue 15): Opsdesk's own schema
 * extension, `{"urn:opsdesk:params:scim:schemas:extension:onboarding:2.0:User": {"starterBundle": {…}}}`,
 * its value the REST API's StarterBundle (`equipment_type`, `system_ids`, `welcome_letter`).
 */
function starterBundleOf(body: unknown): unknown {
  const extension = (body as Record<string, unknown>)[URN.onboarding];
  if (extension === undefined || extension === null) return undefined;
  if (typeof extension !== 'object' || Array.isArray(extension)) throw new ScimError(400, `${URN.onboarding} must be an object.`, 'invalidValue');
  const bundle = (extension as Record<string, unknown>).starterBundle;
  return bundle === null ? undefined : bundle;
}

export async function createScimUser(ctx: Ctx, body: unknown, baseUrl: string) {
  const fields = fieldsOfUser(body);
  const bundle = starterBundleOf(body);
  const id = await ctx.db.transaction(async (tdb) => {
    const tx = { ...ctx, db: tdb };
    const person = await createDirectoryPerson(tx, { email: fields.email, name: fields.name, title: fields.title });
    await setExternalId(tx, person.id, fields.externalId);
    await setUserName(tx, person.id, fields.userName);
    // The same filing as POST /people's starter_bundle: requests on their behalf, through the usual policies
    // (not for a User created deactivated: there is nobody to start).
    if (bundle !== undefined && fields.active !== false) {
      try {
        await fileStarterBundle(tx, person.id, bundle);
      } catch (error) {
        const problem = (error as { errors?: { path: string; message: string }[] }).errors?.[0];
        if (problem) throw new ScimError(400, `${URN.onboarding}:starterBundle.${problem.path}: ${problem.message}`, 'invalidValue');
        throw error;
      }
    }
    if (fields.active === false) await updateDirectoryPerson(tx, person.id, { active: false });
    return person.id;
  });
  return getScimUser(ctx, id, baseUrl);
}

export async function replaceScimUser(ctx: Ctx, id: string, body: unknown, baseUrl: string) {
  await loadRow(ctx, id);
  const fields = fieldsOfUser(body);
  await ctx.db.transaction(async (tdb) => {
    const tx = { ...ctx, db: tdb };
    await updateDirectoryPerson(tx, id, { email: fields.email, name: fields.name, title: fields.title, ...(fields.active === undefined ? {} : { active: fields.active }) });
    await setExternalId(tx, id, fields.externalId);
    await setUserName(tx, id, fields.userName);
  });
  return getScimUser(ctx, id, baseUrl);
}

export async function patchScimUser(ctx: Ctx, id: string, body: unknown, baseUrl: string) {
  const current = await loadRow(ctx, id);
  const operations = patchOperations(body);
  const change: { email?: string; name?: string; title?: string | null; active?: boolean } = {};
  let externalId: string | null | undefined;
  let userName: string | undefined;
  let given: string | undefined;
  let family: string | undefined;

  const apply = (op: 'add' | 'replace' | 'remove', rawPath: string, value: unknown) => {
    const path = bareAttribute(rawPath).toLowerCase();
    const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : String(v));
    if (path === 'active') {
      if (op === 'remove') throw new ScimError(400, 'active cannot be removed.', 'mutability');
      change.active = scimBoolean(value, 'active');
    } else if (path === 'username') {
      if (op === 'remove') throw new ScimError(400, 'userName cannot be removed.', 'mutability');
      // An email-like userName is the sign-in email; any other is kept beside the email (Entra's Test_User_…).
      if (text(value).includes('@')) change.email = text(value);
      if (text(value)) userName = text(value);
    } else if (path === 'emails' || /^emails\[.*\]\.value$/.test(path) || path === 'emails.value') {
      if (op === 'remove') throw new ScimError(400, 'A person always has an email.', 'mutability');
      const v = Array.isArray(value) ? (value.find((e) => e?.primary) ?? value[0])?.value : value;
      if (text(v)) change.email = text(v);
    } else if (path === 'displayname' || path === 'name.formatted') {
      if (op !== 'remove' && text(value)) change.name = text(value);
    } else if (path === 'name.givenname') given = op === 'remove' ? '' : text(value);
    else if (path === 'name.familyname') family = op === 'remove' ? '' : text(value);
    else if (path === 'name' && value && typeof value === 'object') {
      const n = value as Record<string, unknown>;
      if (typeof n.formatted === 'string' && n.formatted.trim()) change.name = n.formatted.trim();
      if (typeof n.givenName === 'string') given = n.givenName.trim();
      if (typeof n.familyName === 'string') family = n.familyName.trim();
    } else if (path === 'title') change.title = op === 'remove' ? null : text(value) || null;
    else if (path === 'externalid') externalId = op === 'remove' ? null : text(value) || null;
    // Anything else (phone numbers, addresses, the enterprise extension) is not kept by Opsdesk.
  };

  for (const operation of operations) {
    if (operation.path) apply(operation.op, operation.path, operation.value);
    else if (operation.value && typeof operation.value === 'object' && !Array.isArray(operation.value)) {
      for (const [key, value] of Object.entries(operation.value)) apply(operation.op, key, value);
    } else throw new ScimError(400, `${operation.op} without a path needs an object value.`, 'invalidValue');
  }
  if (given !== undefined || family !== undefined) {
    const now = splitName(change.name ?? current.name);
    const name = [given ?? now.givenName, family ?? now.familyName].filter(Boolean).join(' ');
    if (name) change.name = name;
  }
  await ctx.db.transaction(async (tdb) => {
    const tx = { ...ctx, db: tdb };
    if (Object.keys(change).length > 0) await updateDirectoryPerson(tx, id, change);
    if (externalId !== undefined) await setExternalId(tx, id, externalId);
    if (userName !== undefined) await setUserName(tx, id, keptUserName(userName, change.email ?? current.email));
  });
  return getScimUser(ctx, id, baseUrl);
}

/** DELETE deactivates (offboarding): the person's history stays, as the People screen's deactivation. */
export async function deleteScimUser(ctx: Ctx, id: string): Promise<void> {
  await loadRow(ctx, id);
  await updateDirectoryPerson(ctx, id, { active: false });
}
