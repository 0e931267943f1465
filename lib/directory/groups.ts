/**
 * Approver groups (engine.md §3a): named sets of people such as Finance or Legal that approval policies
 * route steps to (`approver.kind: group`). Anyone signed in may read them; admins change them. A group's
 * name is unique in its tenant, whatever its case.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { within, type Ctx } from '@/lib/data/context';
import type { TenantDb } from '@/lib/data/tenant-db';
import { invalid, notFound } from '@/lib/errors';
import { diff, writeAudit } from '@/lib/operations/audit';
import { checkIfMatch } from '@/lib/operations/etag';
import { parseInput } from '@/lib/operations/validate';
import {
  assertDirectoryAdmin,
  conflictOnDuplicate,
  decodeNameCursor,
  encodeNameCursor,
  pageParams,
  parseQuery,
  personIds,
  possibleId,
  unknownPeople,
  type Page,
} from './common';

export type Group = {
  id: string;
  name: string;
  description: string | null;
  member_ids: string[];
  created_at: string;
  updated_at: string;
};

const NAME_TAKEN = 'A group with this name already exists.';
const MAX_MEMBERS = 1000;

const name = z.string().trim().min(1, 'Required').max(100, 'At most 100 characters');
const description = z.string().trim().max(500, 'At most 500 characters').nullable();

export const groupCreateSchema = z
  .object({ name, description: description.optional(), member_ids: personIds(MAX_MEMBERS).optional() })
  .meta({ id: 'GroupCreate' });
export const groupUpdateSchema = z
  .object({ name: name.optional(), description: description.optional(), member_ids: personIds(MAX_MEMBERS).optional().meta({ description: 'Replaces the members.' }) })
  .meta({ id: 'GroupUpdate' });
export const groupSchema = z
  .object({
    id: z.string().meta({ description: 'grp_ followed by a ULID.' }),
    name: z.string(),
    description: z.string().nullable(),
    member_ids: z.array(z.string()).meta({ description: 'People of the group.' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Group' });
export const groupsQuerySchema = z.object({
  q: z.string().max(200).optional().meta({ description: 'Case-insensitive search in the name.' }),
  member_id: z.string().max(64).optional().meta({ description: 'Only groups this person belongs to.' }),
  ...pageParams,
});

const COLUMNS = ['id', 'name', 'description', 'created_at', 'updated_at'] as const;
type GroupRow = Omit<Group, 'member_ids'>;

async function withMembers(db: TenantDb, rows: GroupRow[]): Promise<Group[]> {
  if (rows.length === 0) return [];
  const members = await db
    .selectFrom('group_members')
    .innerJoin('people', (join) => join.onRef('people.tenant_id', '=', 'group_members.tenant_id').onRef('people.id', '=', 'group_members.person_id'))
    .select(['group_members.group_id', 'group_members.person_id'])
    .where('group_members.group_id', 'in', rows.map((r) => r.id))
    .orderBy('people.name')
    .orderBy('people.id')
    .execute();
  return rows.map((row) => ({ ...row, member_ids: members.filter((m) => m.group_id === row.id).map((m) => m.person_id) }));
}

export async function listGroups(ctx: Ctx, params: Record<string, string | undefined>): Promise<Page<Group>> {
  const query = parseQuery(groupsQuerySchema, params);
  const limit = query.limit ?? 50;
  let builder = ctx.db.selectFrom('groups').select(COLUMNS);
  if (query.q?.trim()) builder = builder.where(sql<string>`lower(name)`, 'like', `%${query.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (query.member_id) {
    const memberId = query.member_id;
    builder = builder.where('id', 'in', ctx.db.selectFrom('group_members').select('group_id').where('person_id', '=', memberId));
  }
  if (query.cursor) {
    const cursor = decodeNameCursor(query.cursor);
    builder = builder.where((eb) => eb.or([eb('name', '>', cursor.name), eb.and([eb('name', '=', cursor.name), eb('id', '>', cursor.id)])]));
  }
  const rows = await builder.orderBy('name').orderBy('id').limit(limit + 1).execute();
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data: await withMembers(ctx.db, data), next_cursor: rows.length > limit && last ? encodeNameCursor(last.name, last.id) : null };
}

async function findGroup(db: TenantDb, id: string, forUpdate = false): Promise<Group> {
  if (!possibleId(id)) throw notFound('group');
  let query = db.selectFrom('groups').select(COLUMNS).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('group');
  return (await withMembers(db, [row]))[0];
}

export async function getGroup(ctx: Ctx, id: string): Promise<Group> {
  return findGroup(ctx.db, id);
}

async function assertMembers(ctx: Ctx, ids: string[]): Promise<void> {
  const unknown = await unknownPeople(ctx, ids);
  if (unknown.length > 0) {
    throw invalid(
      unknown.slice(0, 10).map((id) => ({ path: `member_ids.${ids.indexOf(id)}`, message: `No such person in your organisation: ${id}` })),
      `member_ids: no such person: ${unknown.slice(0, 10).join(', ')}`,
    );
  }
}

async function setMembers(db: TenantDb, groupId: string, ids: string[]): Promise<void> {
  await db.deleteFrom('group_members').where('group_id', '=', groupId).execute();
  if (ids.length > 0) await db.insertInto('group_members', ids.map((person_id) => ({ group_id: groupId, person_id }))).execute();
}

export async function createGroup(ctx: Ctx, input: unknown): Promise<Group> {
  assertDirectoryAdmin(ctx, 'groups');
  const body = parseInput(groupCreateSchema, input);
  const members = body.member_ids ?? [];
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    await assertMembers(tx, members);
    const now = ctx.clock.now().toISOString();
    const row = { id: ctx.clock.id('grp'), name: body.name, description: body.description || null };
    await conflictOnDuplicate(() => tdb.insertInto('groups', { ...row, created_at: now, updated_at: now }).execute(), NAME_TAKEN, 'name');
    await setMembers(tdb, row.id, members);
    await writeAudit(tx, { entityType: 'Group', entityId: row.id, action: 'create', changes: diff(null, { ...row, member_ids: members }), at: now });
    return findGroup(tdb, row.id);
  });
}

export async function updateGroup(ctx: Ctx, id: string, input: unknown, options: { ifMatch?: string | null } = {}): Promise<Group> {
  assertDirectoryAdmin(ctx, 'groups');
  const body = parseInput(groupUpdateSchema, input);
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const current = await findGroup(tdb, id, true);
    checkIfMatch(current, options.ifMatch);
    const changes: { name?: string; description?: string | null } = {};
    if (body.name !== undefined) changes.name = body.name;
    if (body.description !== undefined) changes.description = body.description || null;
    if (body.member_ids) await assertMembers(tx, body.member_ids);
    const now = ctx.clock.now().toISOString();
    await conflictOnDuplicate(() => tdb.updateTable('groups').set({ ...changes, updated_at: now }).where('id', '=', id).execute(), NAME_TAKEN, 'name');
    if (body.member_ids) await setMembers(tdb, id, body.member_ids);
    const after = await findGroup(tdb, id);
    const changed = diff(current, { ...changes, ...(body.member_ids ? { member_ids: after.member_ids } : {}) });
    await writeAudit(tx, { entityType: 'Group', entityId: id, action: 'update', changes: changed, at: now });
    return after;
  });
}

export async function deleteGroup(ctx: Ctx, id: string, options: { ifMatch?: string | null } = {}): Promise<void> {
  assertDirectoryAdmin(ctx, 'groups');
  await ctx.db.transaction(async (tdb) => {
    const current = await findGroup(tdb, id, true);
    checkIfMatch(current, options.ifMatch);
    await tdb.deleteFrom('groups').where('id', '=', id).execute();
    await writeAudit(within(ctx, tdb), { entityType: 'Group', entityId: id, action: 'delete', changes: diff(current, { name: null, description: null, member_ids: [] }) });
  });
}

/** Every group with its members, by name (the settings screen; groups are few). */
export async function allGroups(ctx: Ctx): Promise<Group[]> {
  const rows = await ctx.db.selectFrom('groups').select(COLUMNS).orderBy('name').orderBy('id').limit(1000).execute();
  return withMembers(ctx.db, rows);
}
