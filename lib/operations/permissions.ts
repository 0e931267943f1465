/**
 * Who may change a record, and if not, why (api.md, "Who may change a record" and the lifecycle table), with
 * separation of duties (separation.ts) applied. One answer for every path: the service throws the reason as
 * its 403, and the screens show the same reason on a disabled button. Decisions on a step are
 * separation.ts's `decisionVerdict`.
 */
import { hasRole, isAdmin, type Caller } from '@/lib/auth/caller';
import type { ActionSpec, RecordRow, RecordType } from './define';
import { isExternalApproval } from './external-approvals';
import { holdsStep, isDeskAction, isOwnRequest } from './separation';
import { requesterOf } from './visibility';

export { holdsStep } from './separation';

function isOwner(type: RecordType, caller: Caller, record: RecordRow): boolean {
  return isOwnRequest(caller, requesterOf(type, record), record.created_by);
}

/** An item the approvals engine made (an approval or a desk task of an Opsdesk request). */
export function isEngineItem(record: RecordRow): boolean {
  return record.engine === true;
}

function assignmentOfRow(record: RecordRow) {
  return {
    assignee_id: (record.assignee_id as string | null) ?? null,
    assignee_role: (record.assignee_role as string | null) ?? null,
    candidate_ids: (record.candidate_ids as string[] | null) ?? null,
  };
}

/** Why the caller may not update the record, or null when they may (the 403's detail and the screens' hover). */
export function updateRefusal(type: RecordType, caller: Caller, record: RecordRow): string | null {
  if (type.name === 'Pending') {
    // Engine items only change by reassignment: admins, or the step's holder when not a party to it.
    if (isEngineItem(record)) {
      if (isAdmin(caller)) return null;
      const requesterId = (record.requested_by_id as string | null) ?? null;
      if (isOwnRequest(caller, requesterId, record.created_by)) return 'Nobody hands on a step of a request that is theirs or that they filed.';
      return holdsStep(caller, assignmentOfRow(record)) ? null : 'Only the current assignee and admins may hand this step to someone else.';
    }
    if (isAdmin(caller) || holdsStep(caller, assignmentOfRow(record))) return null;
    return 'Only the assignee, holders of its role and admins may update a pending item.';
  }
  if (isAdmin(caller)) return null;
  const singular = type.singular.toLowerCase();
  // A desk person's own request follows the requester's rules, not the desk's (engine.md §2).
  if (isOwner(type, caller, record)) {
    return record.status === type.initialStatus ? null : `Your ${singular} can be edited only while it is ${type.initialStatus}.`;
  }
  if (hasRole(caller, ...type.deskRoles)) return null;
  return `Only the requester (while it is ${type.initialStatus}), the desk and admins may edit this ${singular}.`;
}

/** Why the caller may not delete (withdraw) the record, or null when they may. */
export function deleteRefusal(type: RecordType, caller: Caller, record: RecordRow): string | null {
  if (type.name === 'Pending') {
    // An integration withdraws the external approval it filed (engine.md §6).
    if (isExternalApproval(record)) return isAdmin(caller) || record.created_by === caller.personId ? null : 'Only the integration that filed this approval and admins may withdraw it.';
    // The engine's items end with their request (withdraw the request instead).
    if (isEngineItem(record)) return 'The approvals engine keeps this item; withdraw its request instead.';
    return isAdmin(caller) || record.created_by === caller.personId ? null : 'Only the creator of a pending item and admins may delete it.';
  }
  if (isAdmin(caller)) return null;
  if (isOwner(type, caller, record) && record.status === type.initialStatus) return null;
  return `Only the requester (while it is ${type.initialStatus}) and admins may withdraw this ${type.singular.toLowerCase()}.`;
}

export const canUpdate = (type: RecordType, caller: Caller, record: RecordRow) => updateRefusal(type, caller, record) === null;
export const canDelete = (type: RecordType, caller: Caller, record: RecordRow) => deleteRefusal(type, caller, record) === null;

/** Role rule of a non-decision action ('approver' is checked by the engine against the step). */
export function mayTake(type: RecordType, spec: ActionSpec, caller: Caller, record: RecordRow): boolean {
  return actionRefusal(type, spec, caller, record) === null;
}

/** Why the caller may not take a non-decision action, or null when they may. */
export function actionRefusal(type: RecordType, spec: ActionSpec, caller: Caller, record: RecordRow): string | null {
  const requesterId = requesterOf(type, record);
  const byRole = spec.who.some((who) => {
    if (who === 'requester') return requesterId === caller.personId;
    if (who === 'approver') return false;
    return caller.roles.includes(who);
  });
  if (!byRole) return `Only ${spec.who.join(', ')} may take this action.`;
  if (isDeskAction(spec) && isOwnRequest(caller, requesterId, record.created_by)) {
    return 'Another holder of the desk role or an admin takes this action on a request that is yours or that you filed.';
  }
  return null;
}
