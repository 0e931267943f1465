/**
 * What waits on a person: open pending items assigned to them or to a role they hold, minus their own
 * requests and those they filed (nobody decides those). Most urgent first: priority, then due date.
 */
import { sql } from 'kysely';
import type { Role } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';

function waitingOn(ctx: Ctx) {
  const { caller } = ctx;
  return ctx.db
    .selectFrom('pending_items')
    .where('status', '!=', 'completed')
    .where('is_deleted', '=', false)
    .where((eb) =>
      eb.or([
        eb('assignee_id', '=', caller.personId),
        eb('assignee_role', '=', eb.fn.any(sql<Role[]>`${sql.val([...caller.roles])}::text[]`)),
      ]),
    )
    .where((eb) => eb.or([eb('requested_by_id', 'is', null), eb('requested_by_id', '!=', caller.personId)]))
    // Nor what they filed for someone else: separation of duties keeps the filer out of its steps and tasks.
    .where((eb) => eb.or([eb('engine', '=', false), eb('created_by', 'is', null), eb('created_by', '!=', caller.personId)]))
    .where((eb) => (caller.appId ? eb('app_id', '=', caller.appId) : eb.lit(true)));
}

export async function inboxCount(ctx: Ctx): Promise<number> {
  const row = await waitingOn(ctx).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listInbox(ctx: Ctx, limit = 200) {
  return waitingOn(ctx)
    .selectAll()
    .orderBy('priority', 'asc')
    .orderBy('due_at', 'asc')
    .orderBy('created_at', 'asc')
    .limit(limit)
    .execute();
}
