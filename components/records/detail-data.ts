/**
 * Everything the detail screen shows about one record, read through the domain (visibility first, or
 * the withdrawn rule for a requester's own withdrawn request): the record, people's names, the audit
 * trail, the approval chain, open work items and comments, and the actions this person may take now.
 */
import type { Role } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { delegatorsFor } from '@/lib/delegation/delegations';
import type { Ctx } from '@/lib/data/context';
import { listPeople } from '@/lib/data/people';
import { approvalChain, approvalSteps, chainParties } from '@/lib/operations/approvals';
import { listAudit } from '@/lib/operations/audit';
import type { Formatter } from '@/lib/format';
import { screenFormatter } from '@/lib/preferences/screen-format';
import { commentsOf } from '@/lib/operations/comments';
import type { RecordRow, RecordType } from '@/lib/operations/define';
import { actionRefusal, canDelete, canUpdate } from '@/lib/operations/permissions';
import { decisionVerdict, holdsStep, isOwnRequest, namedOn, type ChainParties, type StepAssignment } from '@/lib/operations/separation';
import { pending as pendingType } from '@/lib/operations/registry';
import { getRecordForScreens } from '@/lib/operations/withdrawn';

export interface ChainStep {
  step_index: number;
  assignee_id: string | null;
  assignee_role: Role | null;
  decision: string | null;
  decided_by: string | null;
  decided_at: string | null;
  comment: string | null;
  /** The person away a delegate decided this step for ("Tara on behalf of Bob"). */
  on_behalf_of: string | null;
}

/** One live decision on the chain (approval_decisions): an N-of-M step has several. */
export interface ChainDecision {
  step_index: number;
  decision: string;
  decided_by: string;
  on_behalf_of: string | null;
  decided_at: string;
  comment: string | null;
  voided: boolean;
  override: boolean;
}

export interface Chain {
  itemId: string;
  status: string;
  currentIndex: number;
  steps: ChainStep[];
  /** Who separation of duties looks at: requester, filer, live decisions. */
  parties: ChainParties;
  blockedReason: string | null;
  /** Who the current step is with on the item (names, role, several candidates): what the engine decides against. */
  assignment: StepAssignment;
  /** The approver waiting for the requester's answer, when one asked. */
  infoRequestedBy: string | null;
  /** Every decision, voided ones included (the timeline names who decided on whose behalf). */
  decisions: ChainDecision[];
}

/** The approver's open question to the requester: the item waits until it is answered. */
export interface InfoRequest {
  itemId: string;
  askedBy: string;
  requesterId: string | null;
  question: string | null;
  askedAt: string | null;
}

export interface OpenItem {
  id: string;
  type: string;
  status: string;
  assignee_id: string | null;
  assignee_role: string | null;
  created_at: string;
  updated_at: string;
  due_at: string | null;
  /** Since when the current step or task is held (its SLA clock's start). */
  sla_started_at: string | null;
  /** Set while the clock waits for the requester's answer. */
  sla_paused_at: string | null;
}

export interface ActionButton {
  /** Where the action is taken: the record itself, or its approval item (decisions). */
  resource: string;
  id: string;
  action: string;
  label: string;
  description: string;
  tone: 'primary' | 'danger' | 'neutral';
  /** Shown but not usable: why not, in the policy's own words (a tooltip on the disabled button). */
  disabledReason: string | null;
}

async function chainItem(ctx: Ctx, itemId: string) {
  const [item, decisions] = await Promise.all([
    ctx.db
      .selectFrom('pending_items')
      .select(['assignee_id', 'assignee_role', 'candidate_ids', 'info_requested_by'])
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('approval_decisions')
      .select(['step_index', 'decision', 'decided_by', 'on_behalf_of', 'decided_at', 'comment', 'voided', 'override'])
      .where('pending_id', '=', itemId)
      .orderBy('decided_at')
      .execute(),
  ]);
  return { item, decisions };
}

/** A step's row says who decided it; the decision that completed it says on whose behalf. */
function withPrincipal(steps: Omit<ChainStep, 'on_behalf_of'>[], decisions: ChainDecision[]): ChainStep[] {
  return steps.map((step) => {
    const decided = decisions.find((d) => !d.voided && d.step_index === step.step_index && d.decided_by === step.decided_by && d.decided_at === step.decided_at)
      ?? decisions.find((d) => !d.voided && d.step_index === step.step_index && d.decided_by === step.decided_by);
    return { ...step, on_behalf_of: step.decision ? (decided?.on_behalf_of ?? null) : null };
  });
}

async function chainOf(ctx: Ctx, type: RecordType, record: RecordRow): Promise<Chain | null> {
  let base: Omit<Chain, 'assignment' | 'infoRequestedBy' | 'decisions' | 'steps'> & { steps: Omit<ChainStep, 'on_behalf_of'>[] };
  if (type.name === 'Pending') {
    if (record.type !== 'approval') return null;
    const [steps, parties] = await Promise.all([
      approvalSteps(ctx, record.id),
      chainParties(ctx, { id: record.id, requested_by_id: (record.requested_by_id as string | null) ?? null, created_by: record.created_by }),
    ]);
    base = {
      itemId: record.id,
      status: record.status,
      currentIndex: Number(record.current_step_index ?? 0),
      steps,
      parties,
      blockedReason: (record.blocked_reason as string | null) ?? null,
    };
  } else {
    const chain = await approvalChain(ctx, type, record.id);
    if (!chain) return null;
    base = {
      itemId: chain.item.id,
      status: chain.item.status,
      currentIndex: chain.item.current_step_index ?? 0,
      steps: chain.steps,
      parties: chain.parties,
      blockedReason: chain.item.blocked_reason,
    };
  }
  const { item, decisions } = await chainItem(ctx, base.itemId);
  const live = decisions as ChainDecision[];
  return {
    ...base,
    steps: withPrincipal(base.steps, live),
    assignment: { assignee_id: item.assignee_id, assignee_role: item.assignee_role, candidate_ids: item.candidate_ids },
    infoRequestedBy: base.status === 'blocked' ? item.info_requested_by : null,
    decisions: live,
  };
}

/** The open question of a blocked approval, read from the thread on the request's timeline. */
function infoRequestOf(chain: Chain | null, audit: { action: string; comment: string | null; created_at: string }[]): InfoRequest | null {
  if (!chain?.infoRequestedBy) return null;
  const asked = audit.filter((e) => e.action === 'request_info').at(-1);
  return {
    itemId: chain.itemId,
    askedBy: chain.infoRequestedBy,
    requesterId: chain.parties.requesterId,
    question: asked?.comment ?? null,
    askedAt: asked?.created_at ?? null,
  };
}

async function openItemsOf(ctx: Ctx, type: RecordType, record: RecordRow): Promise<OpenItem[]> {
  if (type.name === 'Pending') return [];
  return ctx.db
    .selectFrom('pending_items')
    .select(['id', 'type', 'status', 'assignee_id', 'assignee_role', 'created_at', 'updated_at', 'due_at', 'sla_started_at', 'sla_paused_at'])
    .where('entity_type', '=', type.name)
    .where('entity_id', '=', record.id)
    .where('status', '!=', 'completed')
    .where('is_deleted', '=', false)
    .orderBy('created_at')
    .execute();
}

/**
 * Whether the caller would look for Approve/Reject on this chain: they hold the step (themselves or for
 * someone away), or they are a party separation of duties keeps out (requester, filer, earlier decider).
 * Which buttons to show is the screen's choice; whether they work, and why not, is decisionVerdict's.
 */
function expectsDecision(caller: Caller, chain: Chain, delegators: readonly string[]): boolean {
  const { parties, assignment } = chain;
  return (
    holdsStep(caller, assignment) ||
    delegators.some((id) => namedOn(id, assignment)) ||
    isOwnRequest(caller, parties.requesterId, parties.filedBy) ||
    parties.decisions.some((d) => d.decided_by === caller.personId)
  );
}

function decisionButtons(caller: Caller, chain: Chain | null, delegators: readonly string[]): ActionButton[] {
  if (!chain || chain.status === 'completed') return [];
  const step = chain.steps.find((s) => s.step_index === chain.currentIndex);
  if (!step || step.decision) return [];
  const verdict = decisionVerdict(caller, chain.assignment, chain.parties, chain.currentIndex, delegators);
  if (!verdict.allowed && !expectsDecision(caller, chain, delegators)) return [];
  // A blocked item (a question waits for its answer, or nobody eligible is left) is decided once it moves again.
  const waiting = chain.status === 'blocked' ? (chain.blockedReason ?? 'This approval waits.') : null;
  const button = (action: 'approve' | 'reject' | 'request_info', reason: string | null): ActionButton => {
    const spec = pendingType.actions[action];
    return { resource: 'pending', id: chain.itemId, action, label: spec.label, description: spec.description, tone: spec.tone ?? 'neutral', disabledReason: reason };
  };
  const refusal = verdict.allowed ? waiting : verdict.reason;
  const buttons = [button('approve', refusal), button('reject', refusal)];
  // The step's own approver (not an admin overriding) may ask the requester first.
  if (verdict.allowed && !verdict.override) buttons.push(button('request_info', chain.infoRequestedBy ? 'A question is already waiting for the requester’s answer.' : waiting));
  return buttons;
}

/** The desk's actions a person holding the desk's role would look for: shown, and disabled with the reason when refused. */
function deskButtons(type: RecordType, caller: Caller, record: RecordRow, format: Formatter): ActionButton[] {
  const buttons: ActionButton[] = [];
  for (const [name, spec] of Object.entries(type.actions)) {
    if (spec.decision || !spec.from.includes(record.status)) continue;
    const refusal = actionRefusal(type, spec, caller, record);
    const expected = refusal === null || spec.who.some((who) => who !== 'requester' && who !== 'approver' && caller.roles.includes(who));
    if (!expected) continue;
    const notYet = refusal ? null : (spec.notYet?.(record, new Date(), format) ?? null);
    buttons.push({ resource: type.resource, id: record.id, action: name, label: spec.label, description: spec.description, tone: spec.tone ?? 'neutral', disabledReason: refusal ?? notYet });
  }
  return buttons;
}

function actionsFor(type: RecordType, caller: Caller, record: RecordRow, chain: Chain | null, delegators: readonly string[], format: Formatter): ActionButton[] {
  const decisionOpen = type.name === 'Pending' || record.status === type.initialStatus;
  const buttons = decisionOpen ? decisionButtons(caller, chain, delegators) : [];
  if (type.name === 'Pending') return buttons;
  return [...buttons, ...deskButtons(type, caller, record, format)];
}

/** Pending items that are not approvals move through their status machine by update (api.md, Lifecycles). */
function statusMovesFor(type: RecordType, caller: Caller, record: RecordRow): string[] {
  if (!type.statusMachine || record.type === 'approval' || record.engine === true || !canUpdate(type, caller, record)) return [];
  return [...(type.statusMachine[record.status] ?? [])];
}

/** When and by whom a request was withdrawn: it opens read-only, for its requester and admins (withdrawn.ts). */
export interface Withdrawal {
  at: string | null;
  by: string | null;
}

export async function loadDetail(ctx: Ctx, type: RecordType, id: string) {
  const { record, withdrawn } = await getRecordForScreens(ctx, type, id);
  const { caller } = ctx;
  const [people, audit, chain, openItems, comments, delegators, format] = await Promise.all([
    listPeople(ctx),
    listAudit(ctx, type.name, id),
    chainOf(ctx, type, record),
    openItemsOf(ctx, type, record),
    commentsOf(ctx, type, id),
    delegatorsFor(ctx, caller.personId),
    screenFormatter(ctx),
  ]);
  return {
    record,
    names: new Map(people.map((p) => [p.id, p.name])),
    audit,
    chain,
    infoRequest: infoRequestOf(chain, audit),
    openItems,
    comments,
    withdrawal: withdrawn ? ({ at: (record.deleted_at as string | null) ?? null, by: (record.deleted_by as string | null) ?? null } satisfies Withdrawal) : null,
    // A withdrawn request is over: nothing more is done to it.
    actions: withdrawn ? [] : actionsFor(type, caller, record, chain, delegators, format),
    canEdit: !withdrawn && canUpdate(type, caller, record),
    statusMoves: withdrawn ? [] : statusMovesFor(type, caller, record),
    canWithdraw: !withdrawn && canDelete(type, caller, record),
  };
}

export type Detail = Awaited<ReturnType<typeof loadDetail>>;
