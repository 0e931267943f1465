/**
 * Everything the detail screen shows about one record, read through the domain (visibility first):
 * the record, people's names, the audit trail, the approval chain, open work items and comments, and
 * the actions this person may take now.
 */
import type { Role } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import type { Ctx } from '@/lib/data/context';
import { listPeople } from '@/lib/data/people';
import { approvalChain, approvalSteps, chainParties } from '@/lib/operations/approvals';
import { listAudit } from '@/lib/operations/audit';
import { listComments } from '@/lib/operations/comments';
import type { RecordRow, RecordType } from '@/lib/operations/define';
import { canDelete, canUpdate, mayTake } from '@/lib/operations/permissions';
import { decisionVerdict, type ChainParties } from '@/lib/operations/separation';
import { pending as pendingType } from '@/lib/operations/registry';
import { getRecord } from '@/lib/operations/service';

export interface ChainStep {
  step_index: number;
  assignee_id: string | null;
  assignee_role: Role | null;
  decision: string | null;
  decided_by: string | null;
  decided_at: string | null;
  comment: string | null;
}

export interface Chain {
  itemId: string;
  status: string;
  currentIndex: number;
  steps: ChainStep[];
  /** Who separation of duties looks at: requester, filer, live decisions. */
  parties: ChainParties;
  blockedReason: string | null;
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
}

export interface ActionButton {
  /** Where the action is taken: the record itself, or its approval item (decisions). */
  resource: string;
  id: string;
  action: string;
  label: string;
  description: string;
  tone: 'primary' | 'danger' | 'neutral';
}

async function chainOf(ctx: Ctx, type: RecordType, record: RecordRow): Promise<Chain | null> {
  if (type.name === 'Pending') {
    if (record.type !== 'approval') return null;
    const steps = await approvalSteps(ctx, record.id);
    const parties = await chainParties(ctx, { id: record.id, requested_by_id: (record.requested_by_id as string | null) ?? null, created_by: record.created_by });
    return {
      itemId: record.id,
      status: record.status,
      currentIndex: Number(record.current_step_index ?? 0),
      steps,
      parties,
      blockedReason: (record.blocked_reason as string | null) ?? null,
    };
  }
  const chain = await approvalChain(ctx, type, record.id);
  if (!chain) return null;
  return {
    itemId: chain.item.id,
    status: chain.item.status,
    currentIndex: chain.item.current_step_index ?? 0,
    steps: chain.steps,
    parties: chain.parties,
    blockedReason: chain.item.blocked_reason,
  };
}

async function openItemsOf(ctx: Ctx, type: RecordType, record: RecordRow): Promise<OpenItem[]> {
  if (type.name === 'Pending') return [];
  return ctx.db
    .selectFrom('pending_items')
    .select(['id', 'type', 'status', 'assignee_id', 'assignee_role', 'created_at', 'updated_at', 'due_at'])
    .where('entity_type', '=', type.name)
    .where('entity_id', '=', record.id)
    .where('status', '!=', 'completed')
    .where('is_deleted', '=', false)
    .orderBy('created_at')
    .execute();
}

/** Whether the caller may decide the chain's current step (the engine's rule, read for the screen). */
export function holdsCurrentStep(caller: Caller, chain: Chain | null): boolean {
  if (!chain || chain.status === 'completed') return false;
  const step = chain.steps.find((s) => s.step_index === chain.currentIndex);
  return !!step && !step.decision && decisionVerdict(caller, step, chain.parties, chain.currentIndex).allowed;
}

function actionsFor(type: RecordType, caller: Caller, record: RecordRow, chain: Chain | null): ActionButton[] {
  const buttons: ActionButton[] = [];
  const decisionOpen = type.name === 'Pending' || record.status === type.initialStatus;
  if (decisionOpen && holdsCurrentStep(caller, chain)) {
    for (const decision of ['approve', 'reject'] as const) {
      const spec = pendingType.actions[decision];
      buttons.push({ resource: 'pending', id: chain!.itemId, action: decision, label: spec.label, description: spec.description, tone: spec.tone ?? 'neutral' });
    }
  }
  if (type.name === 'Pending') return buttons;
  for (const [name, spec] of Object.entries(type.actions)) {
    if (spec.decision || !spec.from.includes(record.status) || !mayTake(type, spec, caller, record)) continue;
    buttons.push({ resource: type.resource, id: record.id, action: name, label: spec.label, description: spec.description, tone: spec.tone ?? 'neutral' });
  }
  return buttons;
}

/** Pending items that are not approvals move through their status machine by update (api.md, Lifecycles). */
function statusMovesFor(type: RecordType, caller: Caller, record: RecordRow): string[] {
  if (!type.statusMachine || record.type === 'approval' || record.engine === true || !canUpdate(type, caller, record)) return [];
  return [...(type.statusMachine[record.status] ?? [])];
}

export async function loadDetail(ctx: Ctx, type: RecordType, id: string) {
  const record = await getRecord(ctx, type, id);
  const people = await listPeople(ctx);
  const audit = await listAudit(ctx, type.name, id);
  const chain = await chainOf(ctx, type, record);
  const openItems = await openItemsOf(ctx, type, record);
  const comments = await listComments(ctx, type, id);
  const { caller } = ctx;
  return {
    record,
    names: new Map(people.map((p) => [p.id, p.name])),
    audit,
    chain,
    openItems,
    comments,
    actions: actionsFor(type, caller, record, chain),
    canEdit: canUpdate(type, caller, record),
    statusMoves: statusMovesFor(type, caller, record),
    canWithdraw: canDelete(type, caller, record),
  };
}

export type Detail = Awaited<ReturnType<typeof loadDetail>>;
