/**
 * Offboarding (engine.md §3a, issue 15): what deactivating a person does, in the transaction of the
 * deactivation itself, whichever door it came through (the People screen, PATCH /people/{id}, SCIM):
 *
 * - their browser sessions and personal API tokens end at once;
 * - every open approval step and desk task they hold by name goes to their manager (when active and
 *   separation of duties allows), else to the admins — with a note in the item's and the request's history;
 * - delegations to and from them end;
 * - everything provisioned to them gets a `revoke` access request (fileRevokeRequest, below: one function
 *   shaped like access expiry's, so the two can become one);
 * - their delivered equipment gets a return task for the IT desk.
 *
 * What it did is kept in `offboardings` (the checklist's done half); what remains is read live from the
 * records by offboardingChecklist (lib/people/checklist.ts).
 */
import type { Role } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';
import { writeAudit } from '@/lib/operations/audit';
import { chainParties, emitStepAssigned, PENDING_COLUMNS, type PendingRow } from '@/lib/operations/approvals';
import type { RecordRow } from '@/lib/operations/define';
import { typeByName } from '@/lib/operations/registry';
import { reassignmentProblem } from '@/lib/operations/separation';
import { notify } from '@/lib/notifications/notify';
import { recordSecurityEvent } from '@/lib/security/events';
import { fileRevocation, revocationOf } from '@/lib/expiry/revoke';

const DAY = 24 * 60 * 60 * 1000;

export interface OffboardingSummary {
  sessions_ended: number;
  reassigned: { pending_id: string; type: string; entity_type: string | null; entity_id: string | null; title: string | null; to_person: string | null; to_role: Role | null }[];
  delegations_ended: number;
  revoke_requests: { request_id: string; revokes: string; system_id: string }[];
  return_tasks: { pending_id: string; equipment_id: string }[];
}

interface Leaver {
  id: string;
  name: string;
  manager_id: string | null;
}

async function endSessions(ctx: Ctx, personId: string, now: string): Promise<number> {
  const rows = await ctx.db
    .updateTable('auth_sessions')
    .set({ revoked_at: now })
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('id')
    .execute();
  // Invitation and password-reset links not yet used die with the sessions.
  await ctx.db.updateTable('person_links').set({ revoked_at: now }).where('person_id', '=', personId).where('used_at', 'is', null).where('revoked_at', 'is', null).execute();
  return rows.length;
}

/** The manager when active (and not the leaver), else null: the step then goes to the admins. */
async function activeManager(ctx: Ctx, leaver: Leaver): Promise<{ id: string; name: string } | null> {
  if (!leaver.manager_id) return null;
  const row = await ctx.db.selectFrom('people').select(['id', 'name', 'active']).where('id', '=', leaver.manager_id).executeTakeFirst();
  return row && row.active && row.id !== leaver.id ? { id: row.id, name: row.name } : null;
}

/** Where an item the leaver held goes: the manager if they may hold it, else the admins. */
async function handOverTarget(ctx: Ctx, item: PendingRow, manager: { id: string } | null): Promise<{ assignee_id: string | null; assignee_role: Role | null }> {
  if (manager) {
    const target = { assignee_id: manager.id, assignee_role: null };
    if (item.type === 'approval') {
      const parties = await chainParties(ctx, item);
      if (!reassignmentProblem(target, parties, item.current_step_index ?? 0)) return target;
    } else if (manager.id !== item.requested_by_id && manager.id !== item.created_by) {
      return target;
    }
  }
  return { assignee_id: null, assignee_role: 'admin' };
}

async function reassignHeldItems(ctx: Ctx, leaver: Leaver, now: string): Promise<OffboardingSummary['reassigned']> {
  const manager = await activeManager(ctx, leaver);
  const held = (await ctx.db
    .selectFrom('pending_items')
    .select(PENDING_COLUMNS)
    .where('status', '!=', 'completed')
    .where('is_deleted', '=', false)
    .where((eb) => eb.or([eb('assignee_id', '=', leaver.id), eb(eb.val(leaver.id), '=', eb.fn.any('candidate_ids'))]))
    .orderBy('created_at')
    .forUpdate()
    .execute()) as unknown as PendingRow[];
  const done: OffboardingSummary['reassigned'] = [];
  for (const item of held) {
    // A step waiting on several people by name simply loses the leaver while others remain.
    const others = (item.candidate_ids ?? []).filter((id) => id !== leaver.id);
    const target =
      item.assignee_id !== leaver.id && others.length > 0
        ? { assignee_id: others.length === 1 ? others[0] : null, assignee_role: null }
        : await handOverTarget(ctx, item, manager);
    const set = {
      ...target,
      candidate_ids: item.assignee_id !== leaver.id && others.length > 1 ? others : null,
      updated_at: now,
      updated_by: ctx.caller.personId,
    };
    await ctx.db.updateTable('pending_items').set(set).where('id', '=', item.id).execute();
    if (item.type === 'approval') {
      await ctx.db
        .updateTable('approval_steps')
        .set(target)
        .where('pending_id', '=', item.id)
        .where('step_index', '=', item.current_step_index ?? 0)
        .where('decision', 'is', null)
        .execute();
    }
    const to = target.assignee_id ? (target.assignee_id === manager?.id ? manager.name : 'another approver') : 'the admins';
    const note = `${leaver.name} was deactivated: ${item.type === 'approval' ? 'their approval step' : 'their task'} went to ${to}.`;
    const changes = { assignee_id: { from: item.assignee_id, to: target.assignee_id }, assignee_role: { from: item.assignee_role, to: target.assignee_role } };
    await writeAudit(ctx, { entityType: 'Pending', entityId: item.id, action: 'reassign', changes, comment: note, at: now });
    if (item.entity_type && item.entity_id && typeByName(item.entity_type)) {
      await writeAudit(ctx, { entityType: item.entity_type, entityId: item.entity_id, action: 'reassign', changes, comment: note, at: now });
    }
    if (item.type === 'approval') {
      await notify(ctx, { type: 'step_opened', itemId: item.id });
      await emitStepAssigned(ctx, item.id);
    }
    done.push({ pending_id: item.id, type: item.type, entity_type: item.entity_type, entity_id: item.entity_id, title: item.title as string | null, to_person: target.assignee_id, to_role: target.assignee_role });
  }
  return done;
}

async function endDelegations(ctx: Ctx, personId: string, now: string): Promise<number> {
  const rows = await ctx.db
    .updateTable('delegations')
    .set({ ended_at: now })
    .where((eb) => eb.or([eb('delegator_id', '=', personId), eb('delegate_id', '=', personId)]))
    .where('ended_at', 'is', null)
    .where('ends_at', '>', now)
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Files the `revoke` access request that ends a grant: `source_type: system`, `created_by` null, linked
 * by `tags.revokes`, starting **approved** (the grant's approval covers its end) with an IT desk task.
 * Access expiry files the same request when `expires_at` passes; `reason` says which (`offboarding`,
 * `expired`). Returns null when an open or finished revoke request for the grant exists already.
 */
export async function fileRevokeRequest(ctx: Ctx, grantId: string, reason: { code: string; justification: string }): Promise<RecordRow | null> {
  const grant = await ctx.db
    .selectFrom('access_requests')
    .select(['id', 'status'])
    .where('id', '=', grantId)
    .where('is_deleted', '=', false)
    .executeTakeFirst();
  if (!grant || grant.status !== 'provisioned') return null;
  // Already revoked (an expiry, an earlier offboarding): nothing new to file.
  if (await revocationOf(ctx.db, grantId)) return null;
  // The one way a revocation is filed (lib/expiry/revoke.ts): approved, by the system, with its IT desk task.
  const record = await fileRevocation(ctx.db, { id: grantId }, reason.justification, { now: ctx.clock.now() });
  await writeAudit(ctx, { entityType: 'AccessRequest', entityId: grantId, action: 'revoke_filed', changes: { revoked_by_request: { from: null, to: record.id } }, comment: reason.justification, at: ctx.clock.now().toISOString() });
  return record;
}

async function revokeProvisionedAccess(ctx: Ctx, leaver: Leaver): Promise<OffboardingSummary['revoke_requests']> {
  const grants = await ctx.db
    .selectFrom('access_requests')
    .select(['id', 'system_id'])
    .where('requester_id', '=', leaver.id)
    .where('status', '=', 'provisioned')
    .where('access_type', '!=', 'revoke')
    .where('is_deleted', '=', false)
    .orderBy('created_at')
    .execute();
  const filed: OffboardingSummary['revoke_requests'] = [];
  for (const grant of grants) {
    const record = await fileRevokeRequest(ctx, grant.id, {
      code: 'offboarding',
      justification: `Offboarding: ${leaver.name} was deactivated; remove the access granted by ${grant.id}.`,
    });
    if (record) filed.push({ request_id: record.id, revokes: grant.id, system_id: grant.system_id });
  }
  return filed;
}

/** A return task for the IT desk on each piece of equipment delivered to the leaver and not yet returned. */
async function openReturnTasks(ctx: Ctx, leaver: Leaver, now: string): Promise<OffboardingSummary['return_tasks']> {
  const type = typeByName('Equipment')!;
  const delivered = (await ctx.db
    .selectFrom('equipment_requests')
    .select(type.columns as never)
    .where('requester_id', '=', leaver.id)
    .where('status', '=', 'delivered')
    .where('is_deleted', '=', false)
    .orderBy('created_at')
    .execute()) as unknown as RecordRow[];
  const opened: OffboardingSummary['return_tasks'] = [];
  for (const record of delivered) {
    const open = await ctx.db
      .selectFrom('pending_items')
      .select('id')
      .where('engine', '=', true)
      .where('entity_type', '=', type.name)
      .where('entity_id', '=', record.id)
      .where('status', '!=', 'completed')
      .executeTakeFirst();
    if (open) continue;
    const id = ctx.clock.id('pnd');
    await ctx.db
      .insertInto('pending_items', {
        id,
        app_id: null,
        created_at: now,
        updated_at: now,
        created_by: record.created_by,
        updated_by: ctx.caller.personId,
        source: 'edm',
        source_type: 'system',
        status: 'queued',
        tags: JSON.stringify({ offboarding: leaver.id }),
        engine: true,
        type: 'task',
        source_id: record.id,
        entity_type: type.name,
        entity_id: record.id,
        requested_by_id: leaver.id,
        title: `Return: ${type.title(record)}`,
        description: `${leaver.name} was deactivated: collect this equipment and mark it returned.`,
        assignee_role: 'it',
        priority: 2,
        due_at: new Date(Date.parse(now) + 3 * DAY).toISOString(),
      })
      .execute();
    await writeAudit(ctx, { entityType: type.name, entityId: record.id, action: 'return_requested', changes: {}, comment: `${leaver.name} was deactivated: IT collects this equipment.`, at: now });
    await notify(ctx, { type: 'task_opened', recordType: type, record, role: 'it' });
    opened.push({ pending_id: id, equipment_id: record.id });
  }
  return opened;
}

/**
 * Deactivates a person's access and hands their work on. Runs inside the transaction that sets
 * `active = false`; `ctx.caller` is whoever deactivated them (an admin, or the SCIM client).
 */
export async function offboardPerson(ctx: Ctx, leaver: Leaver): Promise<OffboardingSummary> {
  const now = ctx.clock.now().toISOString();
  const summary: OffboardingSummary = {
    sessions_ended: await endSessions(ctx, leaver.id, now),
    reassigned: await reassignHeldItems(ctx, leaver, now),
    delegations_ended: await endDelegations(ctx, leaver.id, now),
    revoke_requests: await revokeProvisionedAccess(ctx, leaver),
    return_tasks: await openReturnTasks(ctx, leaver, now),
  };
  const values = { started_at: now, started_by: ctx.caller.personId, summary: JSON.stringify(summary) };
  await ctx.db.connection
    .insertInto('offboardings')
    .values({ tenant_id: ctx.db.tenantId, person_id: leaver.id, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'person_id']).doUpdateSet(values))
    .execute();
  await recordSecurityEvent(ctx.db, {
    kind: 'person_deactivated',
    actorId: ctx.caller.personId,
    subjectId: leaver.id,
    detail: {
      name: leaver.name,
      sessions_ended: summary.sessions_ended,
      reassigned: summary.reassigned.length,
      delegations_ended: summary.delegations_ended,
      revoke_requests: summary.revoke_requests.length,
      return_tasks: summary.return_tasks.length,
    },
    at: new Date(now),
  });
  return summary;
}

/**
 * Reactivation: the person may sign in again (with their password, if they had one, or SSO) and routing
 * considers them again. Nothing offboarding did comes back: sessions and tokens stay ended, reassigned
 * steps stay with their new holders, delegations stay ended, revoke requests and return tasks go on.
 * Access and equipment are requested anew.
 */
export async function recordReactivation(ctx: Ctx, person: { id: string; name: string }): Promise<void> {
  await recordSecurityEvent(ctx.db, { kind: 'person_reactivated', actorId: ctx.caller.personId, subjectId: person.id, detail: { name: person.name } });
}
