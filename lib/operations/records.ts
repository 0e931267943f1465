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
