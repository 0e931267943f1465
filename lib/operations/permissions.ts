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
    const role = record.assignee_role as string | null;
    return record.assignee_id === caller.personId || (role !== null && caller.roles.includes(role as never));
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
