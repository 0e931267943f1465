/**
 * The SLA clock of an approval step or desk task (engine.md §4). One place decides when an item is due:
 * - it starts when the step or task opens (filing, the next step, a restart after an edit): `sla_started_at`
 *   now, `remind_at` at 50 % and `due_at` at 100 % of the resource's hours, counted on the tenant's business
 *   calendar, and a new `sla_cycle` (so the reminders of a new step are new);
 * - reassigning a step keeps its clock (the work waited that long already; a hand-over does not buy time);
 * - it pauses only while the requester's answer is awaited (§3) and, on the answer, resumes with the time
 *   that was left (an item blocked for want of approvers keeps running and escalates).
 * Each start or resume queues an `sla.check` job for the next threshold, in the change's transaction.
 */
import type { Ctx } from '@/lib/data/context';
import { enqueue } from '@/lib/jobs/enqueue';
import { typeByName } from '@/lib/operations/registry';
import { addBusinessMs, businessMsBetween } from './calendar';
import { DEFAULT_APPROVAL_HOURS, DEFAULT_TASK_HOURS, SLA_RESOURCES, type SlaResource, type SlaSettings } from './schema';
import { slaSettingsOf } from './settings';

export const SLA_CHECK_JOB = 'sla.check';
const HOUR_MS = 3_600_000;

/** The SLA hours of an item: its resource's approval or task hours. */
export function slaHours(settings: SlaSettings, item: { type: string; entity_type: string | null }): number {
  const resource = item.entity_type ? typeByName(item.entity_type)?.resource : undefined;
  const known = SLA_RESOURCES.includes(resource as SlaResource) ? (resource as SlaResource) : null;
  if (item.type === 'task') return known ? settings.task_hours[known] : DEFAULT_TASK_HOURS;
  return known ? settings.approval_hours[known] : DEFAULT_APPROVAL_HOURS;
}

async function scheduleCheck(ctx: Ctx, itemId: string, cycle: number, at: Date): Promise<void> {
  await enqueue(ctx.db, { name: SLA_CHECK_JOB, data: { pending_id: itemId, cycle }, runAt: at, singletonKey: `${itemId}:${cycle}:${at.toISOString()}` });
}

/** Starts a new clock on an engine item (its step or task just opened). */
export async function startSlaClock(ctx: Ctx, itemId: string): Promise<void> {
  const item = await ctx.db.selectFrom('pending_items').select(['id', 'type', 'entity_type', 'sla_cycle']).where('id', '=', itemId).executeTakeFirst();
  if (!item) return;
  const settings = await slaSettingsOf(ctx.db);
  const now = ctx.clock.now();
  const ms = slaHours(settings, item) * HOUR_MS;
  const remindAt = addBusinessMs(now, ms / 2, settings.calendar);
  const dueAt = addBusinessMs(now, ms, settings.calendar);
  const cycle = item.sla_cycle + 1;
  await ctx.db
    .updateTable('pending_items')
    .set({ sla_started_at: now.toISOString(), remind_at: remindAt.toISOString(), due_at: dueAt.toISOString(), sla_paused_at: null, sla_cycle: cycle })
    .where('id', '=', itemId)
    .execute();
  await scheduleCheck(ctx, itemId, cycle, remindAt);
}

/**
 * Starts a clock that ends at a due time someone else set (an external approval's `due_at`, engine.md §6):
 * the same reminder at half the time and the same overdue and escalation at the end, counted from now.
 */
export async function startSlaClockUntil(ctx: Ctx, itemId: string, dueAt: Date): Promise<void> {
  const item = await ctx.db.selectFrom('pending_items').select(['id', 'sla_cycle']).where('id', '=', itemId).executeTakeFirst();
  if (!item) return;
  const now = ctx.clock.now();
  const remindAt = new Date(now.getTime() + Math.max(0, dueAt.getTime() - now.getTime()) / 2);
  const cycle = item.sla_cycle + 1;
  await ctx.db
    .updateTable('pending_items')
    .set({ sla_started_at: now.toISOString(), remind_at: remindAt.toISOString(), due_at: dueAt.toISOString(), sla_paused_at: null, sla_cycle: cycle })
    .where('id', '=', itemId)
    .execute();
  await scheduleCheck(ctx, itemId, cycle, remindAt);
}

/** Pauses the clock: the requester's answer is awaited. */
export async function pauseSlaClock(ctx: Ctx, itemId: string): Promise<void> {
  await ctx.db
    .updateTable('pending_items')
    .set({ sla_paused_at: ctx.clock.now().toISOString() })
    .where('id', '=', itemId)
    .where('sla_paused_at', 'is', null)
    .where('due_at', 'is not', null)
    .execute();
}

/** Resumes a paused clock with the working time that was left at the pause. */
export async function resumeSlaClock(ctx: Ctx, itemId: string): Promise<void> {
  const item = await ctx.db
    .selectFrom('pending_items')
    .select(['id', 'due_at', 'remind_at', 'sla_paused_at', 'sla_cycle'])
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (!item?.sla_paused_at || !item.due_at) return;
  const { calendar } = await slaSettingsOf(ctx.db);
  const now = ctx.clock.now();
  const paused = new Date(item.sla_paused_at);
  // A threshold already passed at the pause stays where it was (the reminder went out; overdue stays overdue).
  const shift = (at: string | null) => {
    if (!at || new Date(at) <= paused) return at ? new Date(at) : null;
    return addBusinessMs(now, businessMsBetween(paused, new Date(at), calendar), calendar);
  };
  const dueAt = shift(item.due_at)!;
  const remindAt = shift(item.remind_at);
  await ctx.db
    .updateTable('pending_items')
    .set({ due_at: dueAt.toISOString(), remind_at: remindAt?.toISOString() ?? null, sla_paused_at: null })
    .where('id', '=', itemId)
    .execute();
  const next = [remindAt, dueAt].filter((d): d is Date => !!d && d > now).sort((a, b) => a.getTime() - b.getTime())[0] ?? now;
  await scheduleCheck(ctx, itemId, item.sla_cycle, next);
}

/** Where an item's clock stands at `now`, from its timestamps alone (never from a job having run). */
export function slaState(
  item: { status: string; due_at: string | null; remind_at?: string | null; sla_paused_at?: string | null },
  now: Date,
): 'none' | 'paused' | 'on_time' | 'due_soon' | 'overdue' {
  if (item.status === 'completed' || !item.due_at) return 'none';
  if (item.sla_paused_at) return 'paused';
  if (new Date(item.due_at) <= now) return 'overdue';
  if (item.remind_at && new Date(item.remind_at) <= now) return 'due_soon';
  return 'on_time';
}
