/**
 * The offboarding checklist (GET /people/{id}/offboarding, the person's settings screen): what
 * deactivation did (kept in `offboardings`) beside what still remains, read live from the records — a
 * revoke request IT has not carried out, equipment not yet back, a session or a step still open.
 */
import { z } from 'zod';
import type { Ctx } from '@/lib/data/context';
import { assertDirectoryAdmin, possibleId } from '@/lib/directory/common';
import { notFound } from '@/lib/errors';
import type { OffboardingSummary } from './offboarding';

export const CHECKLIST_KINDS = ['sessions', 'approval_step', 'desk_task', 'delegations', 'access', 'equipment'] as const;

export const checklistItemSchema = z
  .object({
    kind: z.enum(CHECKLIST_KINDS),
    status: z.enum(['done', 'remaining']),
    title: z.string(),
    detail: z.string().nullable(),
    entity_type: z.string().nullable(),
    entity_id: z.string().nullable(),
  })
  .meta({ id: 'OffboardingItem' });

export const checklistSchema = z
  .object({
    person_id: z.string(),
    active: z.boolean(),
    deactivated_at: z.string().nullable(),
    deactivated_by: z.string().nullable(),
    items: z.array(checklistItemSchema),
    remaining: z.number().int().meta({ description: 'How many items still wait on someone.' }),
  })
  .meta({ id: 'OffboardingChecklist' });

export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export type Checklist = z.infer<typeof checklistSchema>;

const DONE_ACCESS = new Set(['provisioned', 'completed']);

function item(kind: ChecklistItem['kind'], status: ChecklistItem['status'], title: string, detail: string | null = null, entity?: { type: string; id: string }): ChecklistItem {
  return { kind, status, title, detail, entity_type: entity?.type ?? null, entity_id: entity?.id ?? null };
}

export async function offboardingChecklist(ctx: Ctx, personId: string): Promise<Checklist> {
  assertDirectoryAdmin(ctx, 'people');
  if (!possibleId(personId)) throw notFound('person');
  const person = await ctx.db.selectFrom('people').select(['id', 'active', 'deactivated_at', 'deactivated_by']).where('id', '=', personId).executeTakeFirst();
  if (!person) throw notFound('person');
  const base = { person_id: person.id, active: person.active, deactivated_at: person.deactivated_at, deactivated_by: person.deactivated_by };
  if (person.active) return { ...base, items: [], remaining: 0 };

  const now = ctx.clock.now().toISOString();
  const stored = await ctx.db.selectFrom('offboardings').select(['summary']).where('person_id', '=', personId).executeTakeFirst();
  const summary = (stored?.summary ?? {}) as Partial<OffboardingSummary>;
  const [liveSessions, heldItems, liveDelegations, grants, revokes, equipment, systems] = await Promise.all([
    ctx.db.selectFrom('auth_sessions').select('id').where('person_id', '=', personId).where('revoked_at', 'is', null).where('expires_at', '>', now).execute(),
    ctx.db
      .selectFrom('pending_items')
      .select(['id', 'type', 'title', 'entity_type', 'entity_id'])
      .where('status', '!=', 'completed')
      .where('is_deleted', '=', false)
      .where((eb) => eb.or([eb('assignee_id', '=', personId), eb(eb.val(personId), '=', eb.fn.any('candidate_ids'))]))
      .execute(),
    ctx.db
      .selectFrom('delegations')
      .select('id')
      .where((eb) => eb.or([eb('delegator_id', '=', personId), eb('delegate_id', '=', personId)]))
      .where('ended_at', 'is', null)
      .where('ends_at', '>', now)
      .execute(),
    ctx.db
      .selectFrom('access_requests')
      .select(['id', 'system_id'])
      .where('requester_id', '=', personId)
      .where('status', '=', 'provisioned')
      .where('access_type', '!=', 'revoke')
      .where('is_deleted', '=', false)
      .execute(),
    ctx.db
      .selectFrom('access_requests')
      .select(['id', 'system_id', 'status', 'tags'])
      .where('requester_id', '=', personId)
      .where('access_type', '=', 'revoke')
      .where('is_deleted', '=', false)
      .execute(),
    ctx.db
      .selectFrom('equipment_requests')
      .select(['id', 'equipment_type', 'status'])
      .where('requester_id', '=', personId)
      .where('status', 'in', ['delivered', 'returned'])
      .where('is_deleted', '=', false)
      .execute(),
    ctx.db.selectFrom('systems').select(['id', 'name']).execute(),
  ]);
  const systemName = new Map(systems.map((s) => [s.id, s.name]));
  const items: ChecklistItem[] = [];

  items.push(item('sessions', 'done', `Sessions and API tokens ended (${summary.sessions_ended ?? 0})`));
  if (liveSessions.length > 0) items.push(item('sessions', 'remaining', `${liveSessions.length} session(s) still open`, 'Revoke them from the security log or deactivate again.'));

  for (const moved of summary.reassigned ?? []) {
    const to = moved.to_person ? 'a named approver' : `the ${moved.to_role ?? 'admin'} role`;
    const kind = moved.type === 'approval' ? 'approval_step' : 'desk_task';
    items.push(item(kind, 'done', `${moved.type === 'approval' ? 'Approval step' : 'Task'} handed on: ${moved.title ?? moved.pending_id}`, `Now with ${to}.`, moved.entity_type && moved.entity_id ? { type: moved.entity_type, id: moved.entity_id } : undefined));
  }
  for (const held of heldItems) {
    const kind = held.type === 'approval' ? 'approval_step' : 'desk_task';
    items.push(item(kind, 'remaining', `Still waiting on them: ${held.title ?? held.id}`, 'Hand it to someone else from the inbox.', held.entity_type && held.entity_id ? { type: held.entity_type, id: held.entity_id } : { type: 'Pending', id: held.id }));
  }

  items.push(item('delegations', 'done', `Delegations to and from them ended (${summary.delegations_ended ?? 0})`));
  if (liveDelegations.length > 0) items.push(item('delegations', 'remaining', `${liveDelegations.length} delegation(s) still running`));

  for (const revoke of revokes) {
    const name = systemName.get(revoke.system_id) ?? revoke.system_id;
    const finished = DONE_ACCESS.has(revoke.status);
    const rejected = revoke.status === 'rejected';
    items.push(
      item('access', finished ? 'done' : 'remaining', finished ? `Access to ${name} removed` : rejected ? `Revoking access to ${name} was refused` : `Remove access to ${name}`, finished ? null : 'Waiting for the IT desk.', { type: 'AccessRequest', id: revoke.id }),
    );
  }
  const revoked = new Set(revokes.filter((r) => r.status !== 'rejected').map((r) => String((r.tags as Record<string, unknown>).revokes ?? '')));
  for (const grant of grants.filter((g) => !revoked.has(g.id))) {
    items.push(item('access', 'remaining', `Access to ${systemName.get(grant.system_id) ?? grant.system_id} has no revoke request`, 'Provisioned after deactivation: file a revoke request.', { type: 'AccessRequest', id: grant.id }));
  }

  for (const piece of equipment) {
    const back = piece.status === 'returned';
    if (back && !(summary.return_tasks ?? []).some((t) => t.equipment_id === piece.id)) continue;
    items.push(item('equipment', back ? 'done' : 'remaining', back ? `${humanEquipment(piece.equipment_type)} returned` : `Collect the ${humanEquipment(piece.equipment_type).toLowerCase()}`, back ? null : 'A return task waits on the IT desk.', { type: 'Equipment', id: piece.id }));
  }

  return { ...base, items, remaining: items.filter((i) => i.status === 'remaining').length };
}

function humanEquipment(type: string): string {
  const words = type.replace(/[_-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Equipment';
}
