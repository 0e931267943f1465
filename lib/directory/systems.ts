/**
 * The systems catalogue (engine.md §3a): what an access request's `system_id` names once the tenant has
 * entries, with the system's owners (a policy's `system_owner` step), the entitlements a request may ask
 * for, and the longest grant in days. Anyone signed in may read it (the request form picks from it);
 * admins change it. The check of access requests against it is ./catalogue.ts.
 */
import { z } from 'zod';
import { within, type Ctx } from '@/lib/data/context';
import type { TenantDb } from '@/lib/data/tenant-db';
import { AppError, invalid, invalidField, notFound } from '@/lib/errors';
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
import { SYSTEM_ID_PATTERN } from './catalogue';

export type CatalogueSystem = {
  id: string;
  name: string;
  owner_ids: string[];
  entitlements: string[];
  max_days: number | null;
  created_at: string;
  updated_at: string;
};

const ID_TAKEN = 'A system with this id is already in the catalogue.';

const systemId = z
  .string()
  .regex(SYSTEM_ID_PATTERN, 'Lower-case letters, digits, - and _, starting with a letter or digit, at most 63 characters (e.g. github)')
  .meta({ description: 'A slug chosen by the admin, e.g. github; what access requests put in system_id.' });
const name = z.string().trim().min(1, 'Required').max(100, 'At most 100 characters');
const entitlements = z
  .array(z.string().trim().min(1, 'Required').max(64, 'At most 64 characters'), { message: 'Expected a list of entitlement names' })
  .max(50, 'At most 50')
  .transform((list) => [...new Set(list)])
  .meta({ description: 'The access levels a request may ask for (e.g. read, write, admin); empty means any.' });
const maxDays = z
  .number({ message: 'Expected a whole number of days, or null for no limit' })
  .int('Expected a whole number of days')
  .min(1, 'At least 1 day')
  .max(3650, 'At most 3650 days (10 years)')
  .nullable()
  .meta({ description: 'The longest grant: an access request’s expires_at at most this many days ahead. null: no limit.' });
const ownerIds = personIds(50).meta({ description: 'People who own the system.' });

export const systemCreateSchema = z
  .object({ id: systemId, name, owner_ids: ownerIds.optional(), entitlements: entitlements.optional(), max_days: maxDays.optional() })
  .meta({ id: 'SystemCreate' });
export const systemUpdateSchema = z
  .object({
    id: z.string().optional().meta({ description: 'Cannot change; may be sent unchanged.' }),
    name: name.optional(),
    owner_ids: ownerIds.optional(),
    entitlements: entitlements.optional(),
    max_days: maxDays.optional(),
  })
  .meta({ id: 'SystemUpdate' });
export const systemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    owner_ids: z.array(z.string()),
    entitlements: z.array(z.string()),
    max_days: z.number().int().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'System' });
export const systemsQuerySchema = z.object({
  q: z.string().max(200).optional().meta({ description: 'Case-insensitive search in the id and name.' }),
  owner_id: z.string().max(64).optional().meta({ description: 'Only systems this person owns.' }),
  ...pageParams,
});

const COLUMNS = ['id', 'name', 'owner_ids', 'entitlements', 'max_days', 'created_at', 'updated_at'] as const;

export async function listSystems(ctx: Ctx, params: Record<string, string | undefined>): Promise<Page<CatalogueSystem>> {
  const query = parseQuery(systemsQuerySchema, params);
  const limit = query.limit ?? 50;
  let builder = ctx.db.selectFrom('systems').select(COLUMNS);
  if (query.q?.trim()) {
    const pattern = `%${query.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    builder = builder.where((eb) => eb.or([eb('id', 'like', pattern), eb(eb.fn('lower', ['name']), 'like', pattern)]));
  }
  if (query.owner_id) {
    const ownerId = query.owner_id;
    builder = builder.where((eb) => eb(eb.val(ownerId), '=', eb.fn.any('owner_ids')));
  }
  if (query.cursor) {
    const cursor = decodeNameCursor(query.cursor);
    builder = builder.where((eb) => eb.or([eb('name', '>', cursor.name), eb.and([eb('name', '=', cursor.name), eb('id', '>', cursor.id)])]));
  }
  const rows = await builder.orderBy('name').orderBy('id').limit(limit + 1).execute();
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > limit && last ? encodeNameCursor(last.name, last.id) : null };
}

/** The whole catalogue, by name (the request form's choices; catalogues are small). */
export async function allSystems(ctx: Ctx): Promise<CatalogueSystem[]> {
  return ctx.db.selectFrom('systems').select(COLUMNS).orderBy('name').orderBy('id').limit(1000).execute();
}

async function findSystem(db: TenantDb, id: string, forUpdate = false): Promise<CatalogueSystem> {
  if (!possibleId(id)) throw notFound('system');
  let query = db.selectFrom('systems').select(COLUMNS).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('system');
  return row;
}

export async function getSystem(ctx: Ctx, id: string): Promise<CatalogueSystem> {
  return findSystem(ctx.db, id);
}

async function assertOwners(ctx: Ctx, ids: string[]): Promise<void> {
  const unknown = await unknownPeople(ctx, ids);
  if (unknown.length > 0) {
    throw invalid(
      unknown.slice(0, 10).map((id) => ({ path: `owner_ids.${ids.indexOf(id)}`, message: `No such person in your organisation: ${id}` })),
      `owner_ids: no such person: ${unknown.slice(0, 10).join(', ')}`,
    );
  }
}

export async function createSystem(ctx: Ctx, input: unknown): Promise<CatalogueSystem> {
  assertDirectoryAdmin(ctx, 'the systems catalogue');
  const body = parseInput(systemCreateSchema, input);
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const row = { id: body.id, name: body.name, owner_ids: body.owner_ids ?? [], entitlements: body.entitlements ?? [], max_days: body.max_days ?? null };
    await assertOwners(tx, row.owner_ids);
    if (await tdb.selectFrom('systems').select('id').where('id', '=', row.id).executeTakeFirst()) {
      throw new AppError('conflict', ID_TAKEN, { errors: [{ path: 'id', message: ID_TAKEN }] });
    }
    const now = ctx.clock.now().toISOString();
    const created = await conflictOnDuplicate(
      () => tdb.insertInto('systems', { ...row, created_at: now, updated_at: now }).returning(COLUMNS).executeTakeFirstOrThrow(),
      ID_TAKEN,
      'id',
    );
    await writeAudit(tx, { entityType: 'System', entityId: row.id, action: 'create', changes: diff(null, row), at: now });
    return created;
  });
}

export async function updateSystem(ctx: Ctx, id: string, input: unknown, options: { ifMatch?: string | null } = {}): Promise<CatalogueSystem> {
  assertDirectoryAdmin(ctx, 'the systems catalogue');
  const body = parseInput(systemUpdateSchema, input);
  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const current = await findSystem(tdb, id, true);
    checkIfMatch(current, options.ifMatch);
    if (body.id !== undefined && body.id !== current.id) throw invalidField('id', 'A system’s id cannot change: add a new system and delete this one');
    const changes: Partial<Pick<CatalogueSystem, 'name' | 'owner_ids' | 'entitlements' | 'max_days'>> = {};
    if (body.name !== undefined) changes.name = body.name;
    if (body.owner_ids !== undefined) {
      await assertOwners(tx, body.owner_ids);
      changes.owner_ids = body.owner_ids;
    }
    if (body.entitlements !== undefined) changes.entitlements = body.entitlements;
    if (body.max_days !== undefined) changes.max_days = body.max_days;
    const changed = diff(current, changes);
    if (Object.keys(changed).length === 0) return current;
    const now = ctx.clock.now().toISOString();
    const after = await tdb.updateTable('systems').set({ ...changes, updated_at: now }).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow();
    await writeAudit(tx, { entityType: 'System', entityId: id, action: 'update', changes: changed, at: now });
    return after;
  });
}

export async function deleteSystem(ctx: Ctx, id: string, options: { ifMatch?: string | null } = {}): Promise<void> {
  assertDirectoryAdmin(ctx, 'the systems catalogue');
  await ctx.db.transaction(async (tdb) => {
    const current = await findSystem(tdb, id, true);
    checkIfMatch(current, options.ifMatch);
    await tdb.deleteFrom('systems').where('id', '=', id).execute();
    await writeAudit(within(ctx, tdb), { entityType: 'System', entityId: id, action: 'delete', changes: diff(current, { name: null, owner_ids: [], entitlements: [], max_days: null }) });
  });
}

/** The catalogue a request form of this resource picks from: access requests only, and only what the form needs. */
export async function catalogueFor(ctx: Ctx, resource: string): Promise<Pick<CatalogueSystem, 'id' | 'name' | 'entitlements' | 'max_days'>[]> {
  if (resource !== 'access-requests') return [];
  return (await allSystems(ctx)).map(({ id, name, entitlements, max_days }) => ({ id, name, entitlements, max_days }));
}
