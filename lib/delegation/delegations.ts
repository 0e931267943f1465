/**
 * Delegation / out of office (engine.md §3): "away until Friday, Bob decides for me". While a delegation
 * is active, the delegate sees and decides every step assigned to the delegator by name (role steps stay
 * with the role's other holders); decisions say "Bob on behalf of Alice". A person sets their own; an
 * admin may set one for anyone (someone off sick), which is a security event.
 */
import { z } from 'zod';
import { isAdmin } from '@/lib/auth/caller';
import { assertActivePerson, DEACTIVATED_PERSON } from '@/lib/directory/common';
import { within, type Ctx } from '@/lib/data/context';
import { forbidden, invalidField, notFound } from '@/lib/errors';
import { writeAudit } from '@/lib/operations/audit';
import { parseInput } from '@/lib/operations/validate';
import { isoDateTime } from '@/lib/operations/fields';
import { recordSecurityEvent } from '@/lib/security/events';

export interface Delegation {
  id: string;
  delegator_id: string;
  delegate_id: string;
  starts_at: string;
  ends_at: string;
  created_by: string;
  created_at: string;
  /** Whether it is in force now (between starts_at and ends_at). */
  active: boolean;
}

const input = z.strictObject({
  delegate_id: z.string().trim().min(1, 'Choose who decides for you').max(64),
  starts_at: isoDateTime().optional(),
  ends_at: isoDateTime(),
});

const COLUMNS = ['id', 'delegator_id', 'delegate_id', 'starts_at', 'ends_at', 'created_by', 'created_at'] as const;

function present(ctx: Ctx, row: Omit<Delegation, 'active'>): Delegation {
  const now = ctx.clock.now().getTime();
  return { ...row, active: new Date(row.starts_at).getTime() <= now && now < new Date(row.ends_at).getTime() };
}

/** The person's live delegation (not ended, not yet over), or null. */
export async function getDelegation(ctx: Ctx, delegatorId: string): Promise<Delegation | null> {
  const row = await ctx.db
    .selectFrom('delegations')
    .select(COLUMNS)
    .where('delegator_id', '=', delegatorId)
    .where('ended_at', 'is', null)
    .where('ends_at', '>', ctx.clock.now().toISOString())
    .executeTakeFirst();
  return row ? present(ctx, row) : null;
}

async function assertPerson(ctx: Ctx, id: string): Promise<void> {
  const found = await ctx.db.selectFrom('people').select(['id', 'active']).where('id', '=', id).executeTakeFirst();
  if (!found) throw notFound('person');
  // Offboarding ended a leaver's delegations; none starts again for them while they are deactivated.
  if (!found.active) throw invalidField('delegator_id', DEACTIVATED_PERSON);
}

/** PUT /me/delegation and PUT /people/{id}/delegation: replaces the person's live delegation. */
export async function setDelegation(ctx: Ctx, delegatorId: string, body: unknown): Promise<Delegation> {
  const forSomeoneElse = delegatorId !== ctx.caller.personId;
  if (ctx.caller.appId) throw forbidden('Integration keys cannot set delegations.');
  if (forSomeoneElse && !isAdmin(ctx.caller)) throw forbidden('Only admins may set a delegation for someone else.');
  await assertPerson(ctx, delegatorId);
  const parsed = parseInput(input, body);
  const now = ctx.clock.now();
  const startsAt = parsed.starts_at ? new Date(parsed.starts_at) : now;
  const endsAt = new Date(parsed.ends_at);
  if (endsAt <= startsAt) throw invalidField('ends_at', 'Must be after the start');
  if (endsAt <= now) throw invalidField('ends_at', 'Must be in the future');
  if (endsAt.getTime() - startsAt.getTime() > 366 * 24 * 60 * 60 * 1000) throw invalidField('ends_at', 'At most a year');
  if (parsed.delegate_id === delegatorId) throw invalidField('delegate_id', 'Choose someone other than the person who is away');
  await assertActivePerson(ctx, 'delegate_id', parsed.delegate_id);
  // No chains of delegation: the delegate must not be away themselves (their items would go nowhere).
  const delegatesOwn = await getDelegation(ctx, parsed.delegate_id);
  if (delegatesOwn?.active) throw invalidField('delegate_id', 'This person is away themselves; choose someone who is in');

  return ctx.db.transaction(async (tdb) => {
    const tx = within(ctx, tdb);
    const at = now.toISOString();
    await tdb.updateTable('delegations').set({ ended_at: at }).where('delegator_id', '=', delegatorId).where('ended_at', 'is', null).execute();
    const row = {
      id: ctx.clock.id('dlg'),
      delegator_id: delegatorId,
      delegate_id: parsed.delegate_id,
      starts_at: startsAt.toISOString(),
      ends_at: endsAt.toISOString(),
      created_by: ctx.caller.personId,
      created_at: at,
    };
    await tdb.insertInto('delegations', row).execute();
    await writeAudit(tx, { entityType: 'Delegation', entityId: row.id, action: 'create', changes: { delegate_id: { from: null, to: row.delegate_id }, ends_at: { from: null, to: row.ends_at } }, at });
    if (forSomeoneElse) {
      await recordSecurityEvent(tdb, {
        kind: 'delegation_set_by_admin',
        actorId: ctx.caller.personId,
        subjectId: delegatorId,
        detail: { delegate_id: row.delegate_id, starts_at: row.starts_at, ends_at: row.ends_at },
        at: now,
      });
    }
    return present(ctx, row);
  });
}

/** DELETE /me/delegation (and an admin's for someone): ends it now. */
export async function endDelegation(ctx: Ctx, delegatorId: string): Promise<void> {
  if (delegatorId !== ctx.caller.personId && !isAdmin(ctx.caller)) throw forbidden('Only admins may end a delegation for someone else.');
  if (ctx.caller.appId) throw forbidden('Integration keys cannot change delegations.');
  await ctx.db.updateTable('delegations').set({ ended_at: ctx.clock.now().toISOString() }).where('delegator_id', '=', delegatorId).where('ended_at', 'is', null).execute();
}

/** Who has handed their named steps to this person right now. */
export async function delegatorsFor(ctx: Ctx, delegateId: string): Promise<string[]> {
  const now = ctx.clock.now().toISOString();
  const rows = await ctx.db
    .selectFrom('delegations')
    .select('delegator_id')
    .where('delegate_id', '=', delegateId)
    .where('ended_at', 'is', null)
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .execute();
  return rows.map((r) => r.delegator_id);
}
