/**
 * SCIM Groups ↔ Opsdesk approver groups (engine.md §3a): displayName is the group's name, members its
 * people. Writes go through lib/directory/groups.ts. PATCH takes the shapes identity providers send:
 * add/remove `members` with a list of `{"value"}`, remove `members[value eq "…"]`, replace
 * `displayName` (with a path, or Okta's `{"op":"replace","value":{"id","displayName"}}`).
 */
import type { Ctx } from '@/lib/data/context';
import { possibleId } from '@/lib/directory/common';
import { createGroup, deleteGroup, getGroup, updateGroup, type Group } from '@/lib/directory/groups';
import { isAppError } from '@/lib/errors';
import { patchOperations } from './patch';
import { listResponse, paging, parseEqFilter, ScimError, URN } from './protocol';

async function memberNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function toScimGroup(ctx: Ctx, group: Group, baseUrl: string) {
  const names = await memberNames(ctx, group.member_ids);
  return {
    schemas: [URN.group],
    id: group.id,
    displayName: group.name,
    members: group.member_ids.map((id) => ({ value: id, display: names.get(id) ?? id, $ref: `${baseUrl}/scim/v2/Users/${id}` })),
    meta: { resourceType: 'Group', created: group.created_at, lastModified: group.updated_at, location: `${baseUrl}/scim/v2/Groups/${group.id}` },
  };
}

async function load(ctx: Ctx, id: string): Promise<Group> {
  if (!possibleId(id)) throw new ScimError(404, `No Group ${id}.`);
  try {
    return await getGroup(ctx, id);
  } catch (error) {
    if (isAppError(error) && error.status === 404) throw new ScimError(404, `No Group ${id}.`);
    throw error;
  }
}

export async function getScimGroup(ctx: Ctx, id: string, baseUrl: string) {
  return toScimGroup(ctx, await load(ctx, id), baseUrl);
}

export async function listScimGroups(ctx: Ctx, query: Record<string, string | undefined>, baseUrl: string) {
  const filter = parseEqFilter(query.filter, ['displayName', 'id']);
  const { startIndex, count } = paging(query);
  let builder = ctx.db.selectFrom('groups');
  if (filter?.attribute === 'displayName') builder = builder.where((eb) => eb(eb.fn('lower', ['name']), '=', filter.value.trim().toLowerCase()));
  if (filter?.attribute === 'id') builder = builder.where('id', '=', filter.value);
  const total = await builder.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = count === 0 ? [] : await builder.select('id').orderBy('created_at').orderBy('id').offset(startIndex - 1).limit(count).execute();
  const groups = await Promise.all(rows.map(async (r) => toScimGroup(ctx, await getGroup(ctx, r.id), baseUrl)));
  return listResponse(groups, Number(total.n), startIndex);
}

function memberIds(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((m) => {
    const id = typeof m === 'string' ? m : (m as { value?: unknown })?.value;
    if (typeof id !== 'string' || !id) throw new ScimError(400, 'Each member needs a value (the User id).', 'invalidValue');
    return id;
  });
}

function groupFields(body: unknown): { name: string; member_ids: string[] } {
  if (!body || typeof body !== 'object') throw new ScimError(400, 'Expected a Group object.', 'invalidSyntax');
  const group = body as { displayName?: unknown; members?: unknown };
  if (typeof group.displayName !== 'string' || !group.displayName.trim()) throw new ScimError(400, 'displayName is required.', 'invalidValue');
  return { name: group.displayName.trim(), member_ids: memberIds(group.members) };
}

export async function createScimGroup(ctx: Ctx, body: unknown, baseUrl: string) {
  const group = await createGroup(ctx, groupFields(body));
  return toScimGroup(ctx, group, baseUrl);
}

export async function replaceScimGroup(ctx: Ctx, id: string, body: unknown, baseUrl: string) {
  await load(ctx, id);
  return toScimGroup(ctx, await updateGroup(ctx, id, groupFields(body)), baseUrl);
}

export async function patchScimGroup(ctx: Ctx, id: string, body: unknown, baseUrl: string) {
  const group = await load(ctx, id);
  const operations = patchOperations(body);
  let name = group.name;
  const members = new Set(group.member_ids);
  for (const { op, path, value } of operations) {
    const lower = path?.toLowerCase() ?? null;
    const filtered = path ? /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i.exec(path) : null;
    if (filtered) {
      if (op !== 'remove') throw new ScimError(400, 'Only remove takes a members[value eq "…"] path.', 'invalidPath');
      members.delete(filtered[1]);
    } else if (lower === 'members') {
      if (op === 'replace') members.clear();
      if (op === 'remove' && (value === undefined || value === null)) members.clear();
      for (const member of memberIds(value)) {
        if (op === 'remove') members.delete(member);
        else members.add(member);
      }
    } else if (lower === 'displayname') {
      if (op === 'remove') throw new ScimError(400, 'A group always has a displayName.', 'mutability');
      if (typeof value !== 'string' || !value.trim()) throw new ScimError(400, 'displayName must be text.', 'invalidValue');
      name = value.trim();
    } else if (lower === null && value && typeof value === 'object') {
      const object = value as { displayName?: unknown; members?: unknown };
      if (typeof object.displayName === 'string' && object.displayName.trim()) name = object.displayName.trim();
      if (object.members !== undefined) {
        if (op === 'replace') members.clear();
        for (const member of memberIds(object.members)) members.add(member);
      }
    } else if (lower !== 'externalid') {
      throw new ScimError(400, `Unsupported path ${path}: displayName or members.`, 'invalidPath');
    }
  }
  return toScimGroup(ctx, await updateGroup(ctx, id, { name, member_ids: [...members] }), baseUrl);
}

export async function deleteScimGroup(ctx: Ctx, id: string): Promise<void> {
  await load(ctx, id);
  await deleteGroup(ctx, id);
}
