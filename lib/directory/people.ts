/**
 * The tenant's people (engine.md §3a): the directory every signed-in person may read, and the one place
 * that adds or changes a person (the REST API, the settings screen and the old settings function all
 * come here). Writes are admin-only, audited, and record role grants and removals as security events;
 * a person's sign-in email lives in the global `login_emails` directory too, kept in step in the same
 * transaction (row-level security admits the tenant's own rows of it).
 */
import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import { ROLES, type Database, type Role } from '@/db/schema';
import { within, type Ctx } from '@/lib/data/context';
import type { TenantDb } from '@/lib/data/tenant-db';
import { AppError, invalidField, notFound } from '@/lib/errors';
import { diff, writeAudit } from '@/lib/operations/audit';
import { checkIfMatch } from '@/lib/operations/etag';
import { parseInput } from '@/lib/operations/validate';
import { offboardPerson, recordReactivation } from '@/lib/people/offboarding';
import { recordRoleChanges } from '@/lib/security/role-changes';
import {
  assertDirectoryAdmin,
  conflictOnDuplicate,
  decodeNameCursor,
  encodeNameCursor,
  pageParams,
  parseQuery,
  possibleId,
  type Page,
} from './common';

export const PERSON_COLUMNS = ['id', 'name', 'email', 'title', 'manager_id', 'roles', 'active', 'started_on'] as const;

export type DirectoryPerson = {
  id: string;
  name: string;
  email: string;
  title: string | null;
  manager_id: string | null;
  roles: Role[];
  active: boolean;
  started_on: string | null;
};

const EMAIL_IN_USE = 'This email already belongs to someone; each person signs in with their own.';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date, YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && date.getUTCFullYear() >= 1900 && date.getUTCFullYear() <= 2999;
  }, 'Not a real date between 1900 and 2999');

const fields = {
  name: z.string().trim().min(1, 'Required').max(200, 'At most 200 characters'),
  email: z.string().trim().toLowerCase().max(320, 'At most 320 characters').pipe(z.email('Expected an email address')),
  roles: z.array(z.enum(ROLES), { message: `Expected a list of roles (${ROLES.join(', ')})` }).max(ROLES.length * 2),
  manager_id: z.string().trim().min(1, 'Required').max(64).nullable(),
  title: z.string().trim().max(200, 'At most 200 characters').nullable(),
  started_on: isoDate.nullable(),
  active: z.boolean({ message: 'Expected true or false' }),
};

export const personCreateSchema = z
  .object({
    name: fields.name,
    email: fields.email,
    roles: fields.roles.optional(),
    manager_id: fields.manager_id.optional(),
    title: fields.title.optional(),
    started_on: fields.started_on.optional(),
  })
  .meta({ id: 'PersonCreate' });

export const personUpdateSchema = z
  .object({
    name: fields.name.optional(),
    email: fields.email.optional(),
    roles: fields.roles.optional(),
    manager_id: fields.manager_id.optional(),
    title: fields.title.optional(),
    started_on: fields.started_on.optional(),
    active: fields.active.optional().meta({
      description:
        'false deactivates (offboarding: sessions and tokens end, open steps and tasks go to the manager else the admins, delegations end, provisioned access gets revoke requests, delivered equipment return tasks; see GET /people/{id}/offboarding). true reactivates: sign-in works again, nothing offboarding did is undone.',
    }),
  })
  .meta({ id: 'PersonUpdate' });

export const personSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    title: z.string().nullable(),
    manager_id: z.string().nullable(),
    roles: z.array(z.enum(ROLES)),
    active: z.boolean(),
    started_on: z.string().nullable().meta({ description: 'First working day (YYYY-MM-DD).' }),
  })
  .meta({ id: 'Person' });

export const peopleQuerySchema = z.object({
  q: z.string().max(200).optional().meta({ description: 'Case-insensitive search in name, email and title.' }),
  role: z.enum(ROLES).optional().meta({ description: 'Only people who hold this role.' }),
  active: z.enum(['true', 'false']).optional().meta({ description: 'Only active (true) or deactivated (false) people.' }),
  ...pageParams,
});

/** Everyone keeps `employee`; roles in their canonical order, once each. */
function normaliseRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => role === 'employee' || roles.includes(role));
}

function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listDirectory(ctx: Ctx, params: Record<string, string | undefined>): Promise<Page<DirectoryPerson>> {
  const query = parseQuery(peopleQuerySchema, params);
  const limit = query.limit ?? 50;
  let builder = ctx.db.selectFrom('people').select(PERSON_COLUMNS);
  if (query.q?.trim()) {
    const pattern = likePattern(query.q.trim());
    builder = builder.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', pattern),
        eb(eb.fn('lower', ['email']), 'like', pattern),
        eb(eb.fn('lower', [eb.fn.coalesce('title', sql.lit(''))]), 'like', pattern),
      ]),
    );
  }
  if (query.role) builder = builder.where((eb) => eb(eb.val(query.role), '=', eb.fn.any('roles')));
  if (query.active) builder = builder.where('active', '=', query.active === 'true');
  if (query.cursor) {
    const { name, id } = decodeNameCursor(query.cursor);
    builder = builder.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
  }
  const rows = await builder.orderBy('name').orderBy('id').limit(limit + 1).execute();
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > limit && last ? encodeNameCursor(last.name, last.id) : null };
}

async function findPersonRow(db: TenantDb, id: string, forUpdate = false): Promise<DirectoryPerson> {
  if (!possibleId(id)) throw notFound('person');
  let query = db.selectFrom('people').select(PERSON_COLUMNS).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('person');
  return row;
}

export async function getDirectoryPerson(ctx: Ctx, id: string): Promise<DirectoryPerson> {
  return findPersonRow(ctx.db, id);
}

/** 422 unless `managerId` is a person of the tenant who does not report (even indirectly) to `personId`. */
async function assertManager(db: TenantDb, personId: string | null, managerId: string): Promise<void> {
  if (managerId === personId) throw invalidField('manager_id', 'A person cannot be their own manager');
  let current: string | null = managerId;
  const seen = new Set<string>();
  while (current && !seen.has(current)) {
    seen.add(current);
    if (current === personId) throw invalidField('manager_id', 'This would make a management loop');
    const row: { manager_id: string | null } | undefined = await db.selectFrom('people').select(['manager_id']).where('id', '=', current).executeTakeFirst();
    if (!row) {
      throw invalidField('manager_id', current === managerId ? 'No person with this id in your organisation' : 'The management chain above this manager is broken');
    }
    current = row.manager_id;
  }
}

/** The global sign-in directory's row for this person (its tenant's rows only, under row-level security). */
async function setLoginEmail(db: TenantDb, personId: string, email: string, existing: boolean): Promise<void> {
  await conflictOnDuplicate(
    async () => {
      if (existing) {
        const [result] = await db.connection
          .updateTable('login_emails')
          .set({ email })
          .where('tenant_id', '=', db.tenantId)
          .where('person_id', '=', personId)
          .execute();
        if (Number(result?.numUpdatedRows ?? 0) > 0) return;
      }
      await db.connection.insertInto('login_emails').values({ email, tenant_id: db.tenantId, person_id: personId }).execute();
    },
    EMAIL_IN_USE,
    'email',
  );
}

async function assertEmailFree(db: TenantDb, email: string, exceptId: string | null): Promise<void> {
  let query = db.selectFrom('people').select('id').where((eb: ExpressionBuilder<Database, 'people'>) => eb(eb.fn('lower', ['email']), '=', email));
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw new AppError('conflict', EMAIL_IN_USE, { errors: [{ path: 'email', message: EMAIL_IN_USE }] });
}

export async function createDirectoryPerson(ctx: Ctx, input: unknown): Promise<DirectoryPerson> {
  assertDirectoryAdmin(ctx, 'people');
  const body = parseInput(personCreateSchema, input);
  const roles = normaliseRoles(body.roles ?? []);
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const id = ctx.clock.id('per');
    if (body.manager_id) await assertManager(tdb, id, body.manager_id);
    await assertEmailFree(tdb, body.email, null);
    const now = ctx.clock.now().toISOString();
    const row = {
      id,
      name: body.name,
      email: body.email,
      roles,
      manager_id: body.manager_id ?? null,
      title: body.title || null,
      started_on: body.started_on ?? null,
      active: true,
    };
    const created = await conflictOnDuplicate(
      () => tdb.insertInto('people', { ...row, created_at: now, updated_at: now }).returning(PERSON_COLUMNS).executeTakeFirstOrThrow(),
      EMAIL_IN_USE,
      'email',
    );
    await setLoginEmail(tdb, id, body.email, false);
    await writeAudit(tx, { entityType: 'Person', entityId: id, action: 'create', changes: diff(null, row), at: now });
    await recordRoleChanges(tdb, ctx.caller.personId, { id, name: row.name, before: ['employee'], after: roles }, now);
    return created;
  });
}

/**
 * Another active admin must remain: 409 otherwise. Changes that take an admin away are serialised per tenant
 * (a transaction advisory lock), so two at once — each seeing the other still an admin — cannot leave none.
 */
async function assertAnotherActiveAdmin(tdb: TenantDb, id: string, name: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`opsdesk:admins:${tdb.tenantId}`}))`.execute(tdb.connection);
  const others = await tdb
    .selectFrom('people')
    .select('id')
    .where('active', '=', true)
    .where('id', '!=', id)
    .where(sql<boolean>`'admin' = any(roles)`)
    .execute();
  if (others.length === 0) {
    throw new AppError('conflict', `${name} is the organisation's last active admin: make someone else an admin first.`);
  }
}

export async function updateDirectoryPerson(ctx: Ctx, id: string, input: unknown, options: { ifMatch?: string | null } = {}): Promise<DirectoryPerson> {
  assertDirectoryAdmin(ctx, 'people');
  const body = parseInput(personUpdateSchema, input);
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const current = await findPersonRow(tdb, id, true);
    checkIfMatch(current, options.ifMatch);
    const changes: Partial<Omit<DirectoryPerson, 'id'>> = {};
    if (body.name !== undefined) changes.name = body.name;
    if (body.title !== undefined) changes.title = body.title || null;
    if (body.started_on !== undefined) changes.started_on = body.started_on;
    if (body.roles !== undefined) {
      changes.roles = normaliseRoles(body.roles);
      if (id === ctx.caller.personId && current.roles.includes('admin') && !changes.roles.includes('admin')) {
        throw invalidField('roles', 'You cannot remove your own admin role; ask another admin');
      }
    }
    if (body.active !== undefined) {
      if (id === ctx.caller.personId && !body.active) throw invalidField('active', 'You cannot deactivate yourself; ask another admin');
      changes.active = body.active;
    }
    if (body.manager_id !== undefined) {
      if (body.manager_id && body.manager_id !== current.manager_id) await assertManager(tdb, id, body.manager_id);
      changes.manager_id = body.manager_id;
    }
    if (body.email !== undefined && body.email !== current.email.toLowerCase()) {
      await assertEmailFree(tdb, body.email, id);
      changes.email = body.email;
    }
    const changed = diff(current, changes);
    if (Object.keys(changed).length === 0) return current;
    // The organisation keeps an admin on every path (the screen, REST, SCIM, whose token is nobody's self).
    const losesAdmin = current.active && current.roles.includes('admin') && (changes.active === false || (changes.roles !== undefined && !changes.roles.includes('admin')));
    if (losesAdmin) await assertAnotherActiveAdmin(tdb, id, current.name);

    const now = ctx.clock.now().toISOString();
    const deactivating = changes.active === false && current.active;
    const reactivating = changes.active === true && !current.active;
    const lifecycle = deactivating ? { deactivated_at: now, deactivated_by: ctx.caller.personId } : reactivating ? { deactivated_at: null, deactivated_by: null } : {};
    const after = await conflictOnDuplicate(
      () => tdb.updateTable('people').set({ ...changes, ...lifecycle, updated_at: now }).where('id', '=', id).returning(PERSON_COLUMNS).executeTakeFirstOrThrow(),
      EMAIL_IN_USE,
      'email',
    );
    if (changes.email) await setLoginEmail(tdb, id, changes.email, true);
    await writeAudit(tx, { entityType: 'Person', entityId: id, action: 'update', changes: changed, at: now });
    if (changes.roles) await recordRoleChanges(tdb, ctx.caller.personId, { id, name: after.name, before: current.roles, after: changes.roles }, now);
    if (deactivating) await offboardPerson(tx, { id, name: after.name, manager_id: after.manager_id });
    if (reactivating) await recordReactivation(tx, { id, name: after.name });
    return after;
  });
}
