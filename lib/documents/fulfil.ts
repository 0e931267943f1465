/**
 * A digital fulfil of an HR request may leave out `deliverable_url` once a document has been generated
 * for it (engine.md §7): the URL becomes the newest valid document's. The HR type's `fulfill` action calls
 * this inside its transaction.
 */
import type { Ctx } from '@/lib/data/context';
import { invalidField } from '@/lib/errors';
import type { RecordRow } from '@/lib/operations/define';
import { documentUrl } from './documents-url';

export async function completeFulfilBody(ctx: Ctx, record: RecordRow, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (body.deliverable_type !== 'digital' || body.deliverable_url) return body;
  const latest = await ctx.db
    .selectFrom('documents')
    .select('id')
    .where('hr_request_id', '=', record.id)
    .where('revoked_at', 'is', null)
    .orderBy('issued_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) throw invalidField('deliverable_url', 'Required when the deliverable is digital, unless a document has been generated for this request');
  return { ...body, deliverable_url: documentUrl(latest.id) };
}
