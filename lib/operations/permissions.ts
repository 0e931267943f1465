/** Who may change a record (api.md, "Who may change a record" and the lifecycle table). */
import { hasRole, isAdmin, type Caller } from '@/lib/auth/caller';
import type { ActionSpec, RecordRow, RecordType } from './define';
import { requesterOf } from './visibility';

function isOwner(type: RecordType, caller: Caller, record: RecordRow): boolean {
  return record.created_by === caller.personId || requesterOf(type, record) === caller.personId;
}

export function canUpdate(type: RecordType, caller: Caller, record: RecordRow): boolean {
  if (isAdmin(caller)) return true;
  if (type.name === 'Pending') {
    return holdsStep(caller, { assignee_id: record.assignee_id as string | null, assignee_role: record.assignee_role as string | null });
  }
  if (hasRole(caller, ...type.deskRoles)) return true;
  return isOwner(type, caller, record) && record.status === type.initialStatus;
}

export function canDelete(type: RecordType, caller: Caller, record: RecordRow): boolean {
  if (isAdmin(caller)) return true;
  if (type.name === 'Pending') return record.created_by === caller.personId;
  return isOwner(type, caller, record) && record.status === type.initialStatus;
}

/** Role rule of a non-decision action ('approver' is checked by the engine against the step). */
export function mayTake(type: RecordType, spec: ActionSpec, caller: Caller, record: RecordRow): boolean {
  return spec.who.some((who) => {
    if (who === 'requester') return requesterOf(type, record) === caller.personId;
    if (who === 'approver') return false;
    return caller.roles.includes(who);
  });
}

/**
 * Whether the caller may decide an approval step: it is assigned to them or to a role they hold, or they
 * are admin — and never on their own request.
 */
export function mayDecideStep(
  caller: Caller,
  step: { assignee_id: string | null; assignee_role: string | null },
  requesterId: string | null,
): boolean {
  if (requesterId === caller.personId) return false;
  return holdsStep(caller, step) || isAdmin(caller);
}

/** The step is assigned to the caller, by id or through a role they hold. */
export function holdsStep(caller: Caller, step: { assignee_id: string | null; assignee_role: string | null }): boolean {
  return step.assignee_id === caller.personId || (step.assignee_role !== null && caller.roles.includes(step.assignee_role as never));
}
