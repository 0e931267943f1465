/**
 * Comments on a record: anyone who may see the record may read and add them. Visibility is checked
 * through getRecord first, so a record that is not visible has no comments either (404).
 */
import { z } from 'zod';
import type { Ctx } from '@/lib/data/context';
import type { RecordType } from './define';
import { notify } from '@/lib/notifications/notify';
import { getRecord } from './service';
import { commentText } from './fields';
import { parseInput } from './validate';

const commentInput = z.object({
  body: commentText().pipe(z.string().min(1, 'Write something first')),
});

export interface CommentRow {
  id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export async function listComments(ctx: Ctx, type: RecordType, recordId: string): Promise<CommentRow[]> {
  await getRecord(ctx, type, recordId);
  return commentsOf(ctx, type, recordId);
}

/** The comments of a record the caller has already been shown (the detail screen read it, or the withdrawn rule let them). */
export function commentsOf(ctx: Ctx, type: RecordType, recordId: string): Promise<CommentRow[]> {
  return ctx.db
    .selectFrom('comments')
    .select(['id', 'author_id', 'body', 'created_at'])
    .where('entity_type', '=', type.name)
    .where('entity_id', '=', recordId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function addComment(ctx: Ctx, type: RecordType, recordId: string, body: string): Promise<CommentRow> {
  const input = parseInput(commentInput, { body });
  const record = await getRecord(ctx, type, recordId);
  return ctx.db.transaction(async (tdb) => {
    const comment = await tdb
      .insertInto('comments', {
        id: ctx.clock.id('cmt'),
        entity_type: type.name,
        entity_id: recordId,
        author_id: ctx.caller.personId,
        body: input.body,
        created_at: ctx.clock.now().toISOString(),
      })
      .returning(['id', 'author_id', 'body', 'created_at'])
      .executeTakeFirstOrThrow();
    await notify({ ...ctx, db: tdb }, { type: 'comment', recordType: type, record, body: comment.body, at: comment.created_at });
    return comment;
  });
}
