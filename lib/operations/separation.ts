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
  /** Several named people, any of whom may decide (a group, a system's owners). */
  candidate_ids?: readonly string[] | null;
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

/** The step is assigned to this person by name (the steps a delegate may take for them). */
export function namedOn(personId: string, step: StepAssignment): boolean {
  return step.assignee_id === personId || (step.candidate_ids ?? []).includes(personId);
}

/** The step is assigned to the caller, by name or through a role they hold. */
export function holdsStep(caller: Pick<Caller, 'personId' | 'roles'>, step: StepAssignment): boolean {
  return namedOn(caller.personId, step) || (step.assignee_role !== null && caller.roles.includes(step.assignee_role as Role));
}

export interface DecisionVerdict {
  allowed: boolean;
  /** Why not, in words for the person (shown on hover and in the 403). */
  reason: string | null;
  /** An admin deciding a step that is not theirs: recorded as an override. */
  override: boolean;
  /** A delegate deciding for the person the step names. */
  onBehalfOf: string | null;
  /** They (or the person they stand in for) already approved this step: it waits for another approver. */
  alreadyDecided: boolean;
}

const refuse = (reason: string): DecisionVerdict => ({ allowed: false, reason, override: false, onBehalfOf: null, alreadyDecided: false });

/** Separation of duties for one person deciding one step (the actor, or whom a delegate acts for). */
function partyProblem(personId: string, parties: ChainParties, stepIndex: number, who: 'you' | 'they'): string | null {
  if (parties.requesterId === personId) return who === 'you' ? 'Nobody approves their own request.' : 'Nobody approves their own request, through a delegate either.';
  if (parties.filedBy === personId) return 'Nobody decides a request they filed.';
  if (parties.decisions.some((d) => d.step_index !== stepIndex && (d.decided_by === personId || d.on_behalf_of === personId))) {
    return who === 'you'
      ? 'You decided an earlier step of this request; another person decides this one.'
      : 'The person you stand in for decided an earlier step of this request; another person decides this one.';
  }
  return null;
}

/**
 * Whether the caller may decide the chain's step `stepIndex` (as assigned now), and if not, why. A
 * delegate of someone the step names decides on their behalf; an admin who holds nothing overrides.
 */
export function decisionVerdict(
  caller: Caller,
  step: StepAssignment,
  parties: ChainParties,
  stepIndex: number,
  delegators: readonly string[] = [],
): DecisionVerdict {
  const own = partyProblem(caller.personId, parties, stepIndex, 'you');
  if (own) return refuse(own);
  const decidedHere = (personId: string) =>
    parties.decisions.some((d) => d.step_index === stepIndex && (d.on_behalf_of ?? d.decided_by) === personId);
  if (holdsStep(caller, step)) {
    if (decidedHere(caller.personId)) return { ...refuse('You already approved this step; it waits for another approver.'), alreadyDecided: true };
    return { allowed: true, reason: null, override: false, onBehalfOf: null, alreadyDecided: false };
  }
  const principal = delegators.find((d) => namedOn(d, step));
  if (principal) {
    const theirs = partyProblem(principal, parties, stepIndex, 'they');
    if (theirs) return refuse(theirs);
    if (decidedHere(principal)) return { ...refuse('This step was already approved for the person you stand in for.'), alreadyDecided: true };
    return { allowed: true, reason: null, override: false, onBehalfOf: principal, alreadyDecided: false };
  }
  if (isAdmin(caller) && !caller.appId) return { allowed: true, reason: null, override: true, onBehalfOf: null, alreadyDecided: false };
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
