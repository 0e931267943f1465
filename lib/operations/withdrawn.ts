/**
 * A withdrawn request stays findable on the screens (issue 14, item 2). Withdrawing is api.md's soft
 * delete, and its contract stands: the REST API never shows a soft-deleted record (admins may list them
 * with include_deleted=true). The screens still let a requester find what they withdrew — the "Withdrawn"
 * view of each request list and the request's read-only page — and both read through one rule
 * (visibility.ts, `withdrawn`): the record is withdrawn, and the caller is its requester or filer, or an
 * admin. For anyone else it does not exist, on the screens as on the API.
 */
import type { Ctx } from '@/lib/data/context';
import { AppError } from '@/lib/errors';
import type { RecordRow, RecordType } from './define';
import { parseListQuery, type ListQuery } from './list';
import { presentRecord, visibleRecords } from './records';
import { getRecord } from './service';

/** The list screens' `scope` of the Withdrawn view (not a value the API's `scope` takes). */
export const WITHDRAWN_SCOPE = 'withdrawn';

/** Requests are withdrawn; a pending item is deleted, and has no such view. */
export function hasWithdrawnView(type: RecordType): boolean {
  return type.name !== 'Pending';
}

/** The list query of a list screen's URL: `scope=withdrawn` is the Withdrawn view, everything else the API's own parameters. */
export function parseScreenListQuery(type: RecordType, params: Record<string, string | undefined>): ListQuery {
  if (params.scope !== WITHDRAWN_SCOPE || !hasWithdrawnView(type)) return parseListQuery(type, params);
  return { ...parseListQuery(type, { ...params, scope: undefined }), withdrawn: true };
}

/** A withdrawn request the caller may find, or null (not withdrawn, not theirs, or not there). */
export async function findWithdrawn(ctx: Ctx, type: RecordType, id: string): Promise<RecordRow | null> {
  if (!hasWithdrawnView(type) || id.includes('\u0000')) return null;
  const row = (await visibleRecords(ctx, type, { withdrawn: true }).where('id', '=', id).executeTakeFirst()) as RecordRow | undefined;
  return row ? presentRecord(ctx, type, row) : null;
}

/**
 * A record as the screens may open it: visible as on the API, or withdrawn and the caller's to find
 * (`withdrawn: true`: shown read-only). Anything else is the API's 404.
 */
export async function getRecordForScreens(ctx: Ctx, type: RecordType, id: string): Promise<{ record: RecordRow; withdrawn: boolean }> {
  try {
    return { record: await getRecord(ctx, type, id), withdrawn: false };
  } catch (error) {
    if (!(error instanceof AppError && error.kind === 'not_found')) throw error;
    const record = await findWithdrawn(ctx, type, id);
    if (!record) throw error;
    return { record, withdrawn: true };
  }
}
