/**
 * list: scope, equality filters, ranges, q, sort and keyset pagination, from the type's definition.
 * Every parameter value is validated (an unknown status or a bad date is a 422, not an empty page).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { isAdmin } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { AppError, forbidden, invalid, type FieldError } from '@/lib/errors';
import type { RecordRow, RecordType } from './define';
import { visibleRecords, presentRecords } from './records';
import { mine } from './visibility';
import { inYearRange } from './fields';
import { zodErrors } from './validate';

export interface ListQuery {
  scope: 'mine' | 'all';
  filters: Record<string, unknown[]>;
  ranges: Record<string, { from?: string; to?: string }>;
  q?: string;
  sort: { field: string; direction: 'asc' | 'desc' };
  limit: number;
  cursor?: { v: unknown; id: string };
  includeDeleted: boolean;
  /** Pending only: the approval items the caller decided (engine.md §8), whatever the scope. */
  decidedByMe: boolean;
  /** The screens' Withdrawn view (withdrawn.ts), whatever the scope; never set from the API's parameters. */
  withdrawn?: boolean;
}

export interface ListPage {
  data: RecordRow[];
  next_cursor: string | null;
}

const dateBound = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { message: 'Expected an ISO 8601 date or date-time' })
  .refine((value) => inYearRange(new Date(value)), 'Must be between the years 1 and 9999');

// One schema per type, built once: building a zod object of a dozen fields on every list request was
// per-request allocation the floor does not pay (issue 13).
const paramsSchemas = new WeakMap<RecordType, ReturnType<typeof buildListParamsSchema>>();

/** The list query parameters of a type, as a schema (also used for the OpenAPI document). */
export function listParamsSchema(type: RecordType) {
  let schema = paramsSchemas.get(type);
  if (!schema) paramsSchemas.set(type, (schema = buildListParamsSchema(type)));
  return schema;
}

function buildListParamsSchema(type: RecordType) {
  const shape: Record<string, z.ZodType> = {
    scope: z.enum(['mine', 'all']).optional().meta({ description: 'mine (default): records you requested or created; all: everything you may see.' }),
    q: z.string().max(200).optional().meta({ description: "Case-insensitive search across the type's text fields." }),
    sort: z
      .enum(type.sorts.flatMap((s) => [s, `-${s}`]) as [string, ...string[]])
      .optional()
      .meta({ description: 'Sort field, with - for descending. Default -created_at; ties broken by id.' }),
    limit: z.coerce.number({ message: 'Expected a number' }).int('Expected a whole number').min(1, 'At least 1').max(200, 'At most 200').optional().meta({ description: 'Page size, 1–200 (default 50).' }),
    cursor: z.string().max(500).optional().meta({ description: 'Opaque cursor from next_cursor.' }),
    include_deleted: z.enum(['true', 'false']).optional().meta({ description: 'Admins only: include soft-deleted records.' }),
  };
  if (type.extras && 'decisions' in type.extras) {
    shape.decided_by = z
      .enum(['me'], { message: "Only 'me': the approval items you decided (yourself or on behalf of someone)" })
      .optional()
      .meta({ description: 'me: the approval items you decided, yourself or on behalf of someone away, whatever their state now (extension).' });
  }
  for (const name of Object.keys(type.filters)) {
    shape[name] = z.string().optional().meta({ description: `Equality filter; a comma list means any of.` });
  }
  for (const name of Object.keys(type.ranges)) {
    shape[`${name}_from`] = dateBound.optional().meta({ description: `Earliest ${type.ranges[name]} (inclusive).` });
    shape[`${name}_to`] = dateBound.optional().meta({ description: `Latest ${type.ranges[name]} (inclusive).` });
  }
  return z.object(shape);
}

function encodeCursor(sort: string, v: unknown, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, v, id })).toString('base64url');
}

/** A cursor's sort value must be what the sort column holds (or null): a forged one is refused, not run. */
function cursorValueOk(sort: string, v: unknown): boolean {
  if (v === null) return true;
  if (sort.replace(/^-/, '') === 'priority') return Number.isInteger(v);
  return typeof v === 'string' && !Number.isNaN(Date.parse(v));
}

function decodeCursor(raw: string, sort: string): { v: unknown; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (parsed && parsed.s === sort && typeof parsed.id === 'string' && 'v' in parsed && cursorValueOk(sort, parsed.v)) {
      return { v: parsed.v, id: parsed.id };
    }
  } catch {
    // fall through
  }
  throw invalid([{ path: 'cursor', message: 'Not a cursor of this list (use next_cursor unchanged, with the same sort)' }]);
}

function toBound(value: string, end: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return end ? `${value}T23:59:59.999Z` : `${value}T00:00:00.000Z`;
  return new Date(value).toISOString();
}

export function parseListQuery(type: RecordType, params: Record<string, string | undefined>): ListQuery {
  const result = listParamsSchema(type).safeParse(params);
  const errors: FieldError[] = result.success ? [] : zodErrors(result.error);
  // PostgreSQL text cannot hold NUL: name the parameter rather than fail in the database.
  for (const [name, value] of Object.entries(params)) {
    if (value?.includes('\u0000')) errors.push({ path: name, message: 'Must not contain a NUL character' });
  }
  const values = (result.success ? result.data : {}) as Record<string, string | number | undefined>;

  const filters: Record<string, unknown[]> = {};
  for (const [name, schema] of Object.entries(type.filters)) {
    const raw = params[name];
    if (raw === undefined || raw === '') continue;
    const parsed: unknown[] = [];
    for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
      const one = schema.safeParse(part);
      if (one.success) parsed.push(one.data);
      else errors.push({ path: name, message: `'${part}' is not a valid ${name}${optionsOf(schema)}` });
    }
    if (parsed.length > 0) filters[name] = parsed;
  }
  const ranges: ListQuery['ranges'] = {};
  for (const name of Object.keys(type.ranges)) {
    const from = values[`${name}_from`] as string | undefined;
    const to = values[`${name}_to`] as string | undefined;
    if (from || to) ranges[name] = { from: from && toBound(from, false), to: to && toBound(to, true) };
  }
  if (errors.length > 0) throw invalid(errors, errors.map((e) => `${e.path}: ${e.message}`).join('; '));

  const sortRaw = (values.sort as string | undefined) ?? '-created_at';
  const sort = { field: sortRaw.replace(/^-/, ''), direction: sortRaw.startsWith('-') ? ('desc' as const) : ('asc' as const) };
  return {
    scope: (values.scope as 'mine' | 'all' | undefined) ?? 'mine',
    filters,
    ranges,
    q: (values.q as string | undefined)?.trim() || undefined,
    sort,
    limit: (values.limit as number | undefined) ?? 50,
    cursor: values.cursor ? decodeCursor(values.cursor as string, sortRaw) : undefined,
    includeDeleted: values.include_deleted === 'true',
    decidedByMe: values.decided_by === 'me',
  };
}

function optionsOf(schema: z.ZodType): string {
  const options = (schema as unknown as { options?: unknown[] }).options;
  return Array.isArray(options) ? ` (one of ${options.join(', ')})` : '';
}

function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEb = any;

/** Sort columns that are never null in any record table: an ascending cursor needs no `or … is null` branch. */
const NOT_NULL_SORTS = new Set(['created_at', 'updated_at']);

/**
 * The one SQL statement of a list page (limit + 1 rows, to know whether there is a next page). Exported so
 * the query-plan tests and the benchmark's floor run exactly the statement the API runs.
 */
export function listQueryBuilder(ctx: Ctx, type: RecordType, query: ListQuery) {
  let builder = visibleRecords(ctx, type, { includeDeleted: query.includeDeleted, decidedByCaller: query.decidedByMe, withdrawn: query.withdrawn });
  if (query.scope === 'mine' && !query.decidedByMe && !query.withdrawn) builder = builder.where(mine(ctx, type));
  for (const [name, values] of Object.entries(query.filters)) builder = builder.where(name, 'in', values);
  for (const [name, { from, to }] of Object.entries(query.ranges)) {
    const column = type.ranges[name];
    if (from) builder = builder.where(column, '>=', from);
    if (to) builder = builder.where(column, '<=', to);
  }
  if (query.q) builder = builder.where(sql`search_text`, 'like', likePattern(query.q));

  const { field, direction } = query.sort;
  const asc = direction === 'asc';
  if (query.cursor) {
    const { v, id } = query.cursor;
    const after = asc ? '>' : '<';
    // PostgreSQL's default null order: last when ascending, first when descending; the cursor follows it.
    builder = builder.where((eb: AnyEb) => {
      if (v === null) {
        return asc
          ? eb.and([eb(field, 'is', null), eb('id', '>', id)])
          : eb.or([eb(field, 'is not', null), eb.and([eb(field, 'is', null), eb('id', '<', id)])]);
      }
      // One row comparison, (field, id) < (v, id): PostgreSQL runs it as a range of the (tenant_id, field, id)
      // index, so a page deep in the chain costs what the first page does. (The same test spelt as
      // `field < v or (field = v and id < id)` is only a filter: the scan walks every row before the cursor.)
      const rows = eb(eb.refTuple(field, 'id'), after, eb.tuple(v, id));
      return asc && !NOT_NULL_SORTS.has(field) ? eb.or([rows, eb(field, 'is', null)]) : rows;
    });
  }
  return builder.orderBy(field, direction).orderBy('id', direction).limit(query.limit + 1);
}

export async function listRecords(ctx: Ctx, type: RecordType, query: ListQuery): Promise<ListPage> {
  if (query.includeDeleted && !isAdmin(ctx.caller)) throw forbidden('Only admins may list deleted records.');
  const builder = listQueryBuilder(ctx, type, query);
  const { field, direction } = query.sort;
  const asc = direction === 'asc';
  let rows: RecordRow[];
  try {
    rows = (await builder.execute()) as RecordRow[];
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && String(error.code).startsWith('22')) {
      throw new AppError('validation', 'A parameter value could not be used in this list.', { errors: [{ path: 'cursor', message: 'Invalid value' }] });
    }
    throw error;
  }
  const hasMore = rows.length > query.limit;
  const data = hasMore ? rows.slice(0, query.limit) : rows;
  const last = data[data.length - 1];
  const sortRaw = `${asc ? '' : '-'}${field}`;
  return { data: await presentRecords(ctx, type, data), next_cursor: hasMore && last ? encodeCursor(sortRaw, last[field] ?? null, last.id) : null };
}
