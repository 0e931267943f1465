/**
 * Separation of duties (engine.md §2), in one place for every path that decides, reassigns or acts on a
 * request: REST, server actions, bulk decisions, and later email links, delegation and jobs.
 *
 * - Nobody decides a step of a request they filed (`created_by`) or that is for them (the requester),
 *   admin included. Nobody decides two steps of one chain.
 * - Nobody takes a desk action on a request that is for them or that they filed.
 * - A step may be handed only to someone who could decide it: not the requester, the filer, or anyone
 *   who decided an earlier step; never to the whole company (the `employee` role).
 */
import type { Role } from '@/db/schema';
import { isAdmin, type Caller } from '@/lib/auth/caller';
import type { ActionSpec } from './define';

/** Who a chain must never be decided by, and who decided its steps so far (voided decisions excluded). */
export interface ChainParties {
  requesterId: string | null;
  filedBy: string | null;
  /** Live (not voided) decisions: who decided which step. */
  decisions: readonly { step_index: number; decided_by: string; on_behalf_of?: string | null }[];
}

export interface StepAssignment {
  assignee_id: string | null;
  assignee_role: Role | string | null;
}

/** The people a step may not go to: the requester, the filer, and whoever decided another step. */
export function excludedPeople(parties: ChainParties, stepIndex: number): Set<string> {
  const excluded = new Set<string>();
  if (parties.requesterId) excluded.add(parties.requesterId);
  if (parties.filedBy) excluded.add(parties.filedBy);
  for (const d of parties.decisions) {
    if (d.step_index === stepIndex) continue;
    excluded.add(d.on_behalf_of ?? d.decided_by);
    excluded.add(d.decided_by);
  }
  return excluded;
}

/** The step is assigned to the caller, by id or through a role they hold. */
export function holdsStep(caller: Pick<Caller, 'personId' | 'roles'>, step: StepAssignment): boolean {
  return step.assignee_id === caller.personId || (step.assignee_role !== null && caller.roles.includes(step.assignee_role as Role));
}

export interface DecisionVerdict {
  allowed: boolean;
  /** Why not, in words for the person (shown on hover and in the 403). */
  reason: string | null;
  /** An admin deciding a step that is not theirs: recorded as an override. */
  override: boolean;
}

const refuse = (reason: string): DecisionVerdict => ({ allowed: false, reason, override: false });

/** Whether the caller may decide the chain's step `stepIndex`, and if not, why. */
export function decisionVerdict(caller: Caller, step: StepAssignment, parties: ChainParties, stepIndex: number): DecisionVerdict {
  if (parties.requesterId === caller.personId) return refuse('Nobody approves their own request.');
  if (parties.filedBy === caller.personId) return refuse('Nobody decides a request they filed.');
  if (parties.decisions.some((d) => d.step_index !== stepIndex && (d.decided_by === caller.personId || d.on_behalf_of === caller.personId))) {
    return refuse('You decided an earlier step of this request; another person decides this one.');
  }
  if (holdsStep(caller, step)) return { allowed: true, reason: null, override: false };
  if (isAdmin(caller) && !caller.appId) return { allowed: true, reason: null, override: true };
  return refuse('This approval step is not assigned to you.');
}

/** Why a new assignee may not hold a step, or null when they may. */
export function reassignmentProblem(target: StepAssignment, parties: ChainParties, stepIndex: number): { path: string; message: string } | null {
  if (!target.assignee_id && !target.assignee_role) {
    return { path: 'assignee_id', message: 'Choose a person or a role to hand this step to' };
  }
  if (target.assignee_role === 'employee') {
    return { path: 'assignee_role', message: 'A step cannot go to everyone: choose a person or a role other than employee' };
  }
  if (target.assignee_id && excludedPeople(parties, stepIndex).has(target.assignee_id)) {
    return {
      path: 'assignee_id',
      message: 'This person may not decide this step: they filed it, it is for them, or they decided another step',
    };
  }
  return null;
}

/** A desk action (provision, start, fulfil, book, stage moves, return): one the requester may not take. */
export function isDeskAction(spec: ActionSpec): boolean {
  return !spec.decision && !spec.who.includes('requester');
}

/** Whether the caller is a party the desk rule excludes: the request is for them or they filed it. */
export function isOwnRequest(caller: Pick<Caller, 'personId'>, requesterId: string | null, filedBy: string | null): boolean {
  return requesterId === caller.personId || filedBy === caller.personId;
}
