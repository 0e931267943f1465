/**
 * From a policy and a record to the chain: which steps apply (conditions), and who may decide each
 * (manager levels, roles, named people, groups, system owners). The same code files a request, previews
 * it on the form ("Will be approved by …") and dry-runs a policy against an existing request.
 */
import type { Role } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';
import type { RecordType } from '@/lib/operations/define';
import { requesterOf } from '@/lib/operations/visibility';
import { stepApplies, type Approver, type Policy, type PolicyResource } from './policy';
import { getPolicy } from './store';

/** One step of a chain: the policy step it came from, its quorum, and the people it resolved to. */
export interface ResolvedStep {
  approver: Approver;
  min: number;
  /** A role step: whoever holds the role when it is decided. */
  role: Role | null;
  /** Any other step: the people it resolved to when filed (empty when nobody: e.g. no manager). */
  eligibleIds: string[] | null;
}

export interface ResolvedChain {
  version: number;
  steps: ResolvedStep[];
}

async function managerAt(ctx: Ctx, personId: string | null, level: number): Promise<string | null> {
  let current = personId;
  for (let i = 0; i < level && current; i++) {
    const row = await ctx.db.selectFrom('people').select('manager_id').where('id', '=', current).executeTakeFirst();
    current = row?.manager_id ?? null;
  }
  return current;
}

async function peopleOf(ctx: Ctx, approver: Approver, record: Record<string, unknown>, requesterId: string | null): Promise<string[]> {
  switch (approver.kind) {
    case 'manager': {
      const manager = await managerAt(ctx, requesterId, approver.level);
      return manager ? [manager] : [];
    }
    case 'person': {
      const row = await ctx.db.selectFrom('people').select('id').where('id', '=', approver.person_id).executeTakeFirst();
      return row ? [row.id] : [];
    }
    case 'group': {
      const rows = await ctx.db.selectFrom('group_members').select('person_id').where('group_id', '=', approver.group_id).orderBy('person_id').execute();
      return rows.map((r) => r.person_id);
    }
    case 'system_owner': {
      if (typeof record.system_id !== 'string') return [];
      const row = await ctx.db.selectFrom('systems').select('owner_ids').where('id', '=', record.system_id).executeTakeFirst();
      return row?.owner_ids ?? [];
    }
    case 'role':
      return [];
  }
}

/** The chain a record gets under a policy (the one in force when none is given). */
export async function resolveChain(ctx: Ctx, type: RecordType, record: Record<string, unknown>, policy?: Policy): Promise<ResolvedChain> {
  const used = policy ?? (await getPolicy(ctx, type.resource as PolicyResource));
  const requesterId = requesterOf(type, record);
  const steps: ResolvedStep[] = [];
  for (const step of used.steps) {
    if (!stepApplies(step, record)) continue;
    const min = step.rule?.min ?? 1;
    if (step.approver.kind === 'role') steps.push({ approver: step.approver, min, role: step.approver.role, eligibleIds: null });
    else steps.push({ approver: step.approver, min, role: null, eligibleIds: await peopleOf(ctx, step.approver, record, requesterId) });
  }
  return { version: used.version, steps };
}

/** Holders of a role in the tenant. */
export async function holdersOf(ctx: Ctx, role: Role): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('people')
    .select('id')
    .where((eb) => eb(eb.val(role), '=', eb.fn.any('roles')))
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Where a step goes once separation of duties has had its say (engine.md §2). */
export interface RoutedStep {
  assignee_id: string | null;
  assignee_role: Role | null;
  /** The people it waits on by name when more than one may decide (a group, several owners). */
  candidate_ids: string[] | null;
  /** Set when too few eligible people remain: the item waits for an admin to reassign it. */
  blockedReason: string | null;
}

/**
 * Routes a step: to its people or role when at least `min` eligible people hold it; when nobody
 * eligible does, to the tenant's admins (minus the excluded people); else blocked, saying why.
 */
/** Of these people, those deactivated (offboarded): they decide nothing, so routing passes them by. */
async function inactiveAmong(ctx: Ctx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await ctx.db.selectFrom('people').select('id').where('id', 'in', [...ids]).where('active', '=', false).execute();
  return new Set(rows.map((r) => r.id));
}

export async function routeStep(ctx: Ctx, step: Pick<ResolvedStep, 'min' | 'role' | 'eligibleIds'>, excluded: Set<string>): Promise<RoutedStep> {
  const named = step.eligibleIds ?? [];
  const inactive = step.role ? new Set<string>() : await inactiveAmong(ctx, named);
  const eligible = (step.role ? await holdersOf(ctx, step.role) : named).filter((id) => !excluded.has(id) && !inactive.has(id));
  if (eligible.length >= step.min && eligible.length > 0) {
    if (step.role) return { assignee_id: null, assignee_role: step.role, candidate_ids: null, blockedReason: null };
    if (eligible.length === 1) return { assignee_id: eligible[0], assignee_role: null, candidate_ids: null, blockedReason: null };
    return { assignee_id: null, assignee_role: null, candidate_ids: eligible, blockedReason: null };
  }
  if (eligible.length === 0) {
    const admins = (await holdersOf(ctx, 'admin')).filter((id) => !excluded.has(id));
    if (admins.length >= step.min && admins.length > 0) return { assignee_id: null, assignee_role: 'admin', candidate_ids: null, blockedReason: null };
    return {
      assignee_id: null,
      assignee_role: 'admin',
      candidate_ids: null,
      blockedReason: 'Nobody may decide this step: everyone who could is the requester, filed it, or decided an earlier step. An admin must hand it to someone else.',
    };
  }
  return {
    assignee_id: null,
    assignee_role: step.role,
    candidate_ids: step.role ? null : eligible,
    blockedReason: `This step needs ${step.min} approvers but only ${eligible.length} may decide it. An admin must hand it to someone else.`,
  };
}
