/** Reading records through the visibility rule, with the API's exact columns. */
import type { Ctx } from '@/lib/data/context';
import { notFound } from '@/lib/errors';
import type { RecordRow, RecordType } from './define';
import { visibleTo, type VisibilityOptions } from './visibility';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** A select of the type's visible rows with the record's columns; callers add where/order/limit. */
export function visibleRecords(ctx: Ctx, type: RecordType, options: VisibilityOptions = {}) {
  return (ctx.db.selectFrom(type.table) as Loose).select(type.columns).where(visibleTo(ctx, type, options));
}

export async function findVisible(
  ctx: Ctx,
  type: RecordType,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<RecordRow> {
  let query = visibleRecords(ctx, type).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = (await query.executeTakeFirst()) as RecordRow | undefined;
  if (!row) throw notFound(type.singular.toLowerCase());
  return row;
}

/**
 * Records as the API and the screens receive them: the type's output-only extras attached (an approval
 * item's `decisions`), in one query for a whole page.
 */
export async function presentRecords<R extends RecordRow>(ctx: Ctx, type: RecordType, rows: R[]): Promise<R[]> {
  if (!type.extras || !('decisions' in type.extras) || rows.length === 0) return rows;
  const ids = rows.filter((r) => r.type === 'approval').map((r) => r.id);
  const decisions = ids.length
    ? await ctx.db
        .selectFrom('approval_decisions')
        .select(['pending_id', 'step_index', 'decision', 'decided_by', 'on_behalf_of', 'comment', 'decided_at', 'voided', 'override'])
        .where('pending_id', 'in', ids)
        .orderBy('decided_at')
        .orderBy('id')
        .execute()
    : [];
  const byItem = new Map<string, Omit<(typeof decisions)[number], 'pending_id'>[]>();
  for (const { pending_id, ...decision } of decisions) byItem.set(pending_id, [...(byItem.get(pending_id) ?? []), decision]);
  return rows.map((row) => ({ ...row, decisions: byItem.get(row.id) ?? [] }));
}

export async function presentRecord<R extends RecordRow>(ctx: Ctx, type: RecordType, row: R): Promise<R> {
  return (await presentRecords(ctx, type, [row]))[0];
}
