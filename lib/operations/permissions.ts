/**
 * Who may change a record (api.md, "Who may change a record" and the lifecycle table), with separation of
 * duties (separation.ts) applied: the service enforces these, and the screens read them to choose which
 * buttons to show.
 */
import { hasRole, isAdmin, type Caller } from '@/lib/auth/caller';
import type { ActionSpec, RecordRow, RecordType } from './define';
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

export function canUpdate(type: RecordType, caller: Caller, record: RecordRow): boolean {
  if (type.name === 'Pending') {
    // Engine items only change by reassignment: admins, or the step's holder when not a party to it.
    if (isEngineItem(record)) {
      if (isAdmin(caller)) return true;
      const requesterId = (record.requested_by_id as string | null) ?? null;
      return holdsStep(caller, assignmentOfRow(record)) && !isOwnRequest(caller, requesterId, record.created_by);
    }
    if (isAdmin(caller)) return true;
    return holdsStep(caller, assignmentOfRow(record));
  }
  if (isAdmin(caller)) return true;
  // A desk person's own request follows the requester's rules, not the desk's (engine.md §2).
  if (isOwner(type, caller, record)) return record.status === type.initialStatus;
  return hasRole(caller, ...type.deskRoles);
}

export function canDelete(type: RecordType, caller: Caller, record: RecordRow): boolean {
  if (type.name === 'Pending') {
    // The engine's items end with their request (withdraw the request instead).
    if (isEngineItem(record)) return false;
    return isAdmin(caller) || record.created_by === caller.personId;
  }
  if (isAdmin(caller)) return true;
  return isOwner(type, caller, record) && record.status === type.initialStatus;
}

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
