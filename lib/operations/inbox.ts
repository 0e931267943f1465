/**
 * What waits on a person: open pending items assigned to them or to a role they hold, minus their own
 * requests and those they filed (nobody decides those). Most urgent first: priority, then time to breach.
 */
import { sql } from 'kysely';
import type { Role } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';
import { namedForCaller } from './visibility';

function waitingOn(ctx: Ctx) {
  const { caller } = ctx;
  return ctx.db
    .selectFrom('pending_items')
    .where('status', '!=', 'completed')
    .where('is_deleted', '=', false)
    .where((eb) =>
      eb.or([
        namedForCaller(ctx)(eb),
        eb('assignee_role', '=', eb.fn.any(sql<Role[]>`${sql.val([...caller.roles])}::text[]`)),
      ]),
    )
    // A step that needs several approvals leaves the inbox of whoever already approved it.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('approval_decisions as d')
            .select('d.id')
            .whereRef('d.pending_id', '=', 'pending_items.id')
            .whereRef('d.step_index', '=', 'pending_items.current_step_index')
            .where('d.tenant_id', '=', ctx.db.tenantId)
            .where('d.voided', '=', false)
            .where((eb) => eb.or([eb('d.decided_by', '=', caller.personId), eb('d.on_behalf_of', '=', caller.personId)])),
        ),
      ),
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

/** The inbox's one statement, most urgent first (exported for the query-plan tests). */
export function inboxQueryBuilder(ctx: Ctx, limit = 200) {
  return waitingOn(ctx)
    .selectAll()
    .orderBy('priority', 'asc')
    // Time to breach: a paused clock keeps the time it had left (engine.md §4), so it sorts by that.
    .orderBy(sql`case when sla_paused_at is not null then ${ctx.clock.now().toISOString()}::timestamptz + (due_at - sla_paused_at) else due_at end`, 'asc')
    .orderBy('created_at', 'asc')
    .limit(limit);
}

export async function listInbox(ctx: Ctx, limit = 200) {
  return inboxQueryBuilder(ctx, limit).execute();
}
