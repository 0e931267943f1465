/**
 * Per-person notification preferences (engine.md §5): email on or off for each kind of event, or one
 * daily digest instead of an email per event. The in-app feed always gets everything.
 */
import { z } from 'zod';
import { NOTIFICATION_KINDS, type NotificationKind } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';
import { forbidden } from '@/lib/errors';
import { parseInput } from '@/lib/operations/validate';
import { scheduleDigest } from './digest';

export const KIND_LABELS: Record<NotificationKind, string> = {
  step_assigned: 'A step waits on your approval',
  decided: 'Your request is decided',
  fulfilled: 'Your request is provisioned, fulfilled, booked or delivered',
  task_opened: 'A task for your desk',
  comment: 'A comment on a request you take part in',
  mention: 'Someone mentions you',
  reminder: 'A reminder of something waiting on you',
  overdue: 'Something waiting on you is overdue',
  escalation: 'An item of your team is overdue',
  expiring: 'Your access is about to expire',
  info_requested: 'An approver asks you for information',
  webhook_disabled: 'A webhook endpoint was switched off after failing (admins)',
};

export interface NotificationPreferences {
  /** Email per kind of event (true: an email each time, unless `digest`). */
  email: Record<NotificationKind, boolean>;
  /** One daily digest of unread notifications instead of an email per event. */
  digest: boolean;
}

const kindSchema = z.enum(NOTIFICATION_KINDS);

export const preferencesSchema = z
  .strictObject({
    email: z.partialRecord(kindSchema, z.boolean()).optional().meta({ description: 'Email on or off per kind; a kind left out is on.' }),
    digest: z.boolean().optional().meta({ description: 'One daily digest of unread notifications instead of an email per event.' }),
  })
  .meta({ id: 'NotificationPreferencesInput' });

export const preferencesOutputSchema = z
  .object({
    email: z.record(kindSchema, z.boolean()),
    digest: z.boolean(),
  })
  .meta({ id: 'NotificationPreferences' });

function present(row: { email: Record<string, unknown>; digest: boolean } | undefined): NotificationPreferences {
  const email = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, row?.email?.[kind] !== false])) as Record<NotificationKind, boolean>;
  return { email, digest: row?.digest ?? false };
}

/** The preferences of several people at once (the notifier reads them for a batch of recipients). */
export async function preferencesOf(ctx: Ctx, personIds: string[]): Promise<Map<string, NotificationPreferences>> {
  if (personIds.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('notification_preferences').select(['person_id', 'email', 'digest']).where('person_id', 'in', personIds).execute();
  const found = new Map(rows.map((r) => [r.person_id, present(r)]));
  return new Map(personIds.map((id) => [id, found.get(id) ?? present(undefined)]));
}

function assertPerson(ctx: Ctx): void {
  if (ctx.caller.appId) throw forbidden('Integration keys have no notifications.');
}

export async function getMyPreferences(ctx: Ctx): Promise<NotificationPreferences> {
  assertPerson(ctx);
  return (await preferencesOf(ctx, [ctx.caller.personId])).get(ctx.caller.personId)!;
}

/** PUT: replaces the preferences (a kind left out of `email` is on). Turning the digest on starts its period now. */
export async function setMyPreferences(ctx: Ctx, body: unknown): Promise<NotificationPreferences> {
  assertPerson(ctx);
  const input = parseInput(preferencesSchema, body);
  const now = ctx.clock.now().toISOString();
  const email = JSON.stringify(input.email ?? {});
  const digest = input.digest ?? false;
  await ctx.db.transaction(async (tdb) => {
  await tdb
    .insertInto('notification_preferences', { person_id: ctx.caller.personId, email, digest, digest_through: now, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'person_id']).doUpdateSet((eb) => ({
        email,
        digest,
        // The period of the first digest starts when it is switched on, not at some old time.
        digest_through: digest ? eb.fn.coalesce(eb.case().when('notification_preferences.digest', '=', true).then(eb.ref('notification_preferences.digest_through')).end(), eb.val(now)) : eb.val(now),
        updated_at: now,
      })),
    )
    .execute();
    if (!digest) return;
    const row = await tdb.selectFrom('notification_preferences').select('digest_through').where('person_id', '=', ctx.caller.personId).executeTakeFirstOrThrow();
    await scheduleDigest(tdb, ctx.caller.personId, new Date(row.digest_through ?? now));
  });
  return getMyPreferences(ctx);
}
