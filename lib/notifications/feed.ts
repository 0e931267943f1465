/**
 * The caller's in-app feed (engine.md §5): newest first with keyset paging, the unread count (a
 * notification superseded by someone else's decision no longer counts), and marking read.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { NotificationKind } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';
import { forbidden } from '@/lib/errors';
import { parseInput } from '@/lib/operations/validate';
import { decodeTimeCursor, encodeTimeCursor } from '@/lib/http/time-cursor';

export const FEED_PAGE_MAX = 100;

export const feedQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(FEED_PAGE_MAX).optional().meta({ description: `Page size, 1–${FEED_PAGE_MAX} (default 20).` }),
  cursor: z.string().max(500).optional().meta({ description: 'Opaque cursor from next_cursor.' }),
  unread: z.enum(['true', 'false']).optional().meta({ description: 'true: only unread notifications.' }),
});

export const markReadSchema = z.union([
  z.strictObject({ ids: z.array(z.string().min(1).max(64)).min(1).max(500) }),
  z.strictObject({ all: z.literal(true) }),
]);

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  url: string;
  entity_type: string | null;
  entity_id: string | null;
  read_at: string | null;
  created_at: string;
  /** Set when another approver decided the step this notification asked about. */
  superseded_at: string | null;
  superseded_note: string | null;
}

export interface Feed {
  data: NotificationView[];
  unread_count: number;
  next_cursor: string | null;
}

const COLUMNS = ['id', 'kind', 'title', 'body', 'url', 'entity_type', 'entity_id', 'read_at', 'created_at', 'superseded_at', 'superseded_note'] as const;

const encodeCursor = (row: { created_at: string; id: string }) => encodeTimeCursor(row.created_at, row.id);
const decodeCursor = decodeTimeCursor;

function personOnly(ctx: Ctx): string {
  if (ctx.caller.appId) throw forbidden('Integration keys have no notifications.');
  return ctx.caller.personId;
}

export async function unreadCount(ctx: Ctx): Promise<number> {
  const me = personOnly(ctx);
  const row = await ctx.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('recipient_id', '=', me)
    .where('read_at', 'is', null)
    .where('superseded_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listMyNotifications(ctx: Ctx, input: unknown = {}): Promise<Feed> {
  const me = personOnly(ctx);
  const query = parseInput(feedQuerySchema, input, 'query');
  const limit = query.limit ?? 20;
  let select = ctx.db.selectFrom('notifications').select(COLUMNS).where('recipient_id', '=', me);
  if (query.unread === 'true') select = select.where('read_at', 'is', null).where('superseded_at', 'is', null);
  if (query.cursor) {
    const { t, id } = decodeCursor(query.cursor);
    select = select.where(sql<boolean>`(created_at, id) < (${t}::timestamptz, ${id})`);
  }
  const [rows, unread] = await Promise.all([select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute(), unreadCount(ctx)]);
  const page = rows.slice(0, limit) as NotificationView[];
  const last = page[page.length - 1];
  return { data: page, unread_count: unread, next_cursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** Marks the caller's own notifications read (others' ids are ignored); answers the unread count after. */
export async function markRead(ctx: Ctx, body: unknown): Promise<{ unread_count: number }> {
  const me = personOnly(ctx);
  const input = parseInput(markReadSchema, body);
  let update = ctx.db.updateTable('notifications').set({ read_at: ctx.clock.now().toISOString() }).where('recipient_id', '=', me).where('read_at', 'is', null);
  if ('ids' in input) update = update.where('id', 'in', input.ids);
  await update.execute();
  return { unread_count: await unreadCount(ctx) };
}
