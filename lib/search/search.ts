/**
 * Find anything (engine.md §8: GET /search?q=): the records of every request type the caller may see and
 * the people of their organisation, grouped, best first. Each group is read through its own type's
 * visibility rule and search text (visibleRecords + search_text, as its list does) — never a bypass — so a
 * record the caller cannot see is never a result, a count or a position. An id pasted exactly comes first.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { isAdmin } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { invalidField } from '@/lib/errors';
import type { RecordRow, RecordType } from '@/lib/operations/define';
import { visibleRecords } from '@/lib/operations/records';
import { recordTypes } from '@/lib/operations/registry';
import { parseInput } from '@/lib/operations/validate';

export const MAX_QUERY = 200;

export const searchQuerySchema = z.object({
  q: z
    .string({ error: 'Enter something to search for' })
    .trim()
    .min(1, 'Enter something to search for')
    .max(MAX_QUERY, `At most ${MAX_QUERY} characters`)
    .refine((q) => !q.includes('\u0000'), 'Must not contain a NUL character')
    .meta({ description: 'What to look for: words of a title or description, a destination, a person’s name or email, or an id (an exact id comes first).' }),
  limit: z.coerce
    .number({ error: 'Expected a number' })
    .int('Expected a whole number')
    .min(1, 'At least 1')
    .max(20, 'At most 20')
    .optional()
    .meta({ description: 'Results per group, 1–20 (default 5).' }),
});

export const searchHitSchema = z
  .object({
    id: z.string(),
    type: z.string().meta({ description: 'The record type as in `entity_type` (`Travel`, `AccessRequest`…) or `person`.' }),
    title: z.string(),
    summary: z.string().nullable().meta({ description: 'What the request is about, or a person’s title and email.' }),
    status: z.string().nullable(),
    url: z.string().nullable().meta({ description: 'Where to open it in the app; null for a person.' }),
    exact: z.boolean().meta({ description: 'True when `q` is exactly this id.' }),
  })
  .meta({ id: 'SearchHit' });

export const searchResultSchema = z
  .object({
    q: z.string(),
    groups: z.array(
      z.object({
        type: z.string(),
        label: z.string(),
        url: z.string().nullable().meta({ description: 'The full list for this query, where there is one.' }),
        data: z.array(searchHitSchema),
        has_more: z.boolean().meta({ description: 'More results than `limit` in this group (open `url` for them).' }),
      }),
    ),
  })
  .meta({ id: 'SearchResult' });

export type SearchHit = z.infer<typeof searchHitSchema>;
export type SearchResult = z.infer<typeof searchResultSchema>;
type Group = SearchResult['groups'][number] & { rank: number; order: number };

function likePattern(q: string, prefixOnly = false): string {
  const escaped = q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  return prefixOnly ? `${escaped}%` : `%${escaped}%`;
}

/** The types a person searches: the request types, and the generic queue only for those who run it (admins). */
function searchableTypes(ctx: Ctx): RecordType[] {
  return recordTypes.filter((type) => type.name !== 'Pending' || isAdmin(ctx.caller));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

async function searchType(ctx: Ctx, type: RecordType, q: string, limit: number, order: number): Promise<Group> {
  const rank = sql<number>`case when id = ${q} then 0 when lower(coalesce(${sql.ref(type.summaryField)}::text, '')) like ${likePattern(q, true)} then 1 else 2 end`;
  const rows = (await (visibleRecords(ctx, type) as Loose)
    .select(rank.as('search_rank'))
    .where((eb: Loose) => eb.or([eb('id', '=', q), eb(sql`search_text`, 'like', likePattern(q))]))
    .orderBy('search_rank')
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()) as (RecordRow & { search_rank: number })[];
  const data = rows.slice(0, limit).map((row) => {
    const summary = row[type.summaryField];
    return {
      id: row.id,
      type: type.name,
      title: type.title(row),
      summary: typeof summary === 'string' && summary ? summary.slice(0, 200) : null,
      status: typeof row.status === 'string' ? row.status : null,
      url: `/${type.resource}/${row.id}`,
      exact: row.id === q,
    };
  });
  return {
    type: type.name,
    label: type.plural,
    url: `/${type.resource}?scope=all&q=${encodeURIComponent(q)}`,
    data,
    has_more: rows.length > limit,
    rank: Math.min(3, ...rows.slice(0, limit).map((r) => Number(r.search_rank))),
    order,
  };
}

async function searchPeople(ctx: Ctx, q: string, limit: number, order: number): Promise<Group> {
  const lower = q.toLowerCase();
  const pattern = likePattern(q);
  const rows = await ctx.db
    .selectFrom('people')
    .select(['id', 'name', 'email', 'title', 'active'])
    .select(
      sql<number>`case when id = ${q} or lower(email) = ${lower} then 0 when lower(name) like ${likePattern(q, true)} then 1 else 2 end`.as('search_rank'),
    )
    .where((eb) =>
      eb.or([
        eb('id', '=', q),
        eb(eb.fn('lower', ['name']), 'like', pattern),
        eb(eb.fn('lower', ['email']), 'like', pattern),
        eb(eb.fn('lower', [eb.fn.coalesce('title', sql.lit(''))]), 'like', pattern),
      ]),
    )
    .orderBy('search_rank')
    .orderBy('active', 'desc')
    .orderBy('name')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const data = rows.slice(0, limit).map((p) => ({
    id: p.id,
    type: 'person',
    title: p.name,
    summary: [p.title, p.email].filter(Boolean).join(' · ') || null,
    status: p.active ? null : 'inactive',
    url: null,
    exact: p.id === q,
  }));
  return {
    type: 'person',
    label: 'People',
    url: null,
    data,
    has_more: rows.length > limit,
    rank: Math.min(3, ...rows.slice(0, limit).map((r) => Number(r.search_rank))),
    order,
  };
}

/** Everything the caller may see that matches `q`, in groups; the group with the best match first, empty groups left out. */
export async function searchEverything(ctx: Ctx, params: Record<string, string | undefined>): Promise<SearchResult> {
  if (params.q === undefined) throw invalidField('q', 'Enter something to search for');
  const { q, limit = 5 } = parseInput(searchQuerySchema, { q: params.q, ...(params.limit !== undefined ? { limit: params.limit } : {}) }, 'query');
  const types = searchableTypes(ctx);
  const groups = await Promise.all([...types.map((type, index) => searchType(ctx, type, q, limit, index)), searchPeople(ctx, q, limit, types.length)]);
  return {
    q,
    groups: groups
      .filter((g) => g.data.length > 0)
      .sort((a, b) => a.rank - b.rank || a.order - b.order)
      .map(({ rank: _rank, order: _order, ...group }) => group),
  };
}
