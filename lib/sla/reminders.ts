/**
 * Reminders and escalation (engine.md §4, §5): at 50 % of an item's time its assignees get a `reminder`;
 * at 100 % they get `overdue` and their managers (else the tenant's admins) an `escalation`. Each is sent
 * once per clock cycle (claimNotice), whatever the number of instances or jobs; a late check that finds
 * the item already overdue skips the reminder (one message, not two). Whether an item is overdue is read
 * from its timestamps (clock.ts `slaState`), never from this having run.
 */
import type { Ctx } from '@/lib/data/context';
import { durationWords } from '@/lib/format';
import { enqueue } from '@/lib/jobs/enqueue';
import { notifyDrafts, recordUrl, type Draft } from '@/lib/notifications/notify';
import { stepApprovers } from '@/lib/notifications/recipients';
import { PENDING_COLUMNS, type PendingRow } from '@/lib/operations/approvals';
import { typeByName } from '@/lib/operations/registry';
import { holdersOf } from '@/lib/policies/resolve';
import { SLA_CHECK_JOB } from './clock';
import { claimNotice } from './notices';

type Item = PendingRow & { due_at: string | null; remind_at: string | null; sla_paused_at: string | null; sla_cycle: number; title: string | null };

/** Who holds the item now: the current step's eligible approvers (and delegates), or the task's assignee or desk. */
export async function holdersOfItem(ctx: Ctx, item: Item): Promise<string[]> {
  if (item.type === 'approval') return (await stepApprovers(ctx, item)).map((r) => r.personId);
  if (item.assignee_id) return [item.assignee_id];
  if (!item.assignee_role) return [];
  // Nobody acts as the desk on their own request (engine.md §2), so nobody is reminded to.
  return (await holdersOf(ctx, item.assignee_role)).filter((id) => id !== item.requested_by_id && id !== item.created_by);
}

/**
 * The escalation's recipients: the holders' managers who are still with the organisation, else the
 * tenant's admins — never the requester nor a holder. A manager who has left, or who is the requester
 * (or holds the item too), leaves the escalation to the admins rather than to nobody.
 */
async function escalationTargets(ctx: Ctx, item: Item, holders: string[]): Promise<string[]> {
  const named = item.assignee_id ? [item.assignee_id] : (item.candidate_ids ?? []);
  const people = named.length > 0 ? await ctx.db.selectFrom('people').select('manager_id').where('id', 'in', named).execute() : [];
  const managerIds = [...new Set(people.map((p) => p.manager_id).filter((id): id is string => !!id))];
  const managers = managerIds.length > 0 ? await ctx.db.selectFrom('people').select('id').where('id', 'in', managerIds).where('active', '=', true).execute() : [];
  const holding = new Set(holders);
  const told = (id: string) => id !== item.requested_by_id && !holding.has(id);
  const targets = managers.map((p) => p.id).filter(told);
  return targets.length > 0 ? targets : (await holdersOf(ctx, 'admin')).filter(told);
}

function target(item: Item) {
  const type = item.entity_type ? typeByName(item.entity_type) : undefined;
  return { url: type && item.entity_id ? recordUrl(type, item.entity_id) : `/pending/${item.id}`, entityType: item.entity_type, entityId: item.entity_id };
}

/** The `sla.check` job: sends what is due of one item's clock cycle, and queues the next check. */
export async function checkSla(ctx: Ctx, pendingId: string, cycle: number): Promise<void> {
  const now = ctx.clock.now();
  const item = (await ctx.db
    .selectFrom('pending_items')
    .select([...PENDING_COLUMNS, 'remind_at', 'sla_paused_at', 'sla_cycle'])
    .where('id', '=', pendingId)
    .forUpdate()
    .executeTakeFirst()) as unknown as Item | undefined;
  // A closed item, a later cycle (the step moved on: its own checks run) or a paused clock sends nothing.
  if (!item || !item.engine || item.is_deleted || item.status === 'completed' || item.sla_cycle !== cycle || item.sla_paused_at || !item.due_at) return;
  const due = new Date(item.due_at);
  const remind = item.remind_at ? new Date(item.remind_at) : null;
  const what = String(item.title ?? 'a request');
  const where = target(item);
  const drafts: Draft[] = [];
  if (due <= now) {
    if (await claimNotice(ctx.db, item.id, `c${cycle}:overdue`, now)) {
      await claimNotice(ctx.db, item.id, `c${cycle}:reminder`, now);
      const holders = await holdersOfItem(ctx, item);
      for (const id of holders) {
        drafts.push({ recipientId: id, kind: 'overdue', title: `Overdue: ${what}`, body: `This was due ${durationWords(now.getTime() - due.getTime())} ago and still waits on you.`, ...where });
      }
      const names = holders.length > 0 ? await ctx.db.selectFrom('people').select('name').where('id', 'in', holders).orderBy('name').execute() : [];
      const held = item.type === 'task' && !item.assignee_id && item.assignee_role ? `the ${item.assignee_role} desk` : names.map((n) => n.name).join(', ') || 'nobody';
      for (const id of await escalationTargets(ctx, item, holders)) {
        drafts.push({ recipientId: id, kind: 'escalation', title: `Escalation: ${what} is overdue`, body: `It waits on ${held} and was due ${durationWords(now.getTime() - due.getTime())} ago.`, ...where });
      }
    }
  } else {
    if (remind && remind <= now && (await claimNotice(ctx.db, item.id, `c${cycle}:reminder`, now))) {
      for (const id of await holdersOfItem(ctx, item)) {
        drafts.push({ recipientId: id, kind: 'reminder', title: `Reminder: ${what}`, body: `Due in ${durationWords(due.getTime() - now.getTime())}; it waits on you.`, ...where });
      }
    }
    const next = remind && remind > now ? remind : due;
    await enqueue(ctx.db, { name: SLA_CHECK_JOB, data: { pending_id: item.id, cycle }, runAt: next, singletonKey: `${item.id}:${cycle}:${next.toISOString()}` });
  }
  await notifyDrafts(ctx, drafts);
}
