/**
 * Who is told (engine.md §5, "no noise"): the current step's eligible approvers only — its named people or
 * its role's holders, minus whoever separation of duties keeps off it and whoever already approved it — and
 * the delegates of the named ones ("for Bob"); a request's participants for comments; `@name` mentions.
 * Nobody is told about their own action: the caller is left out by notify().
 */
import type { Role } from '@/db/schema';
import type { Ctx } from '@/lib/data/context';
import { excludedPeople, type ChainParties } from '@/lib/operations/separation';
import { holdersOf } from '@/lib/policies/resolve';

export interface Recipient {
  personId: string;
  /** A delegate's copy: the person whose named step they may decide. */
  onBehalfOf: string | null;
}

/** An approval item as the notifier reads it. */
export interface ApprovalItemRef {
  id: string;
  status: string;
  title?: unknown;
  entity_type: string | null;
  entity_id: string | null;
  requested_by_id: string | null;
  created_by: string | null;
  current_step_index: number | null;
  total_steps: number | null;
  assignee_id: string | null;
  assignee_role: Role | null;
  candidate_ids: string[] | null;
}

/** The people who may decide the item's current step now, and the delegates of those it names. */
export async function stepApprovers(ctx: Ctx, item: ApprovalItemRef): Promise<Recipient[]> {
  // Blocked: waiting for an answer (the asker is told when it comes) or for an admin to reassign it.
  if (item.status !== 'queued' && item.status !== 'processing') return [];
  const index = item.current_step_index ?? 0;
  const decisions = await ctx.db
    .selectFrom('approval_decisions')
    .select(['step_index', 'decided_by', 'on_behalf_of'])
    .where('pending_id', '=', item.id)
    .where('voided', '=', false)
    .execute();
  const parties: ChainParties = { requesterId: item.requested_by_id, filedBy: item.created_by, decisions };
  const excluded = excludedPeople(parties, index);
  for (const d of decisions) if (d.step_index === index) excluded.add(d.on_behalf_of ?? d.decided_by);

  const named = item.assignee_id ? [item.assignee_id] : (item.candidate_ids ?? []);
  const holders = item.assignee_role ? await holdersOf(ctx, item.assignee_role) : [];
  const direct = [...new Set([...named, ...holders])].filter((id) => !excluded.has(id));
  const recipients: Recipient[] = direct.map((personId) => ({ personId, onBehalfOf: null }));

  // Delegation covers steps assigned by name; role steps stay with the role's other holders (engine.md §3).
  const namedEligible = named.filter((id) => !excluded.has(id));
  if (namedEligible.length > 0) {
    const now = ctx.clock.now().toISOString();
    const delegations = await ctx.db
      .selectFrom('delegations')
      .select(['delegator_id', 'delegate_id'])
      .where('delegator_id', 'in', namedEligible)
      .where('ended_at', 'is', null)
      .where('starts_at', '<=', now)
      .where('ends_at', '>', now)
      .execute();
    const told = new Set(direct);
    for (const d of delegations) {
      if (excluded.has(d.delegate_id) || told.has(d.delegate_id)) continue;
      told.add(d.delegate_id);
      recipients.push({ personId: d.delegate_id, onBehalfOf: d.delegator_id });
    }
  }
  return recipients;
}

/** Who takes part in a request: its requester and filer, whoever acted on it, and whoever commented. */
export async function participants(ctx: Ctx, entityType: string, entityId: string, record: { requesterId: string | null; filedBy: string | null }): Promise<string[]> {
  const [actors, commenters] = await Promise.all([
    ctx.db.selectFrom('audit_events').select('actor_id').distinct().where('entity_type', '=', entityType).where('entity_id', '=', entityId).execute(),
    ctx.db.selectFrom('comments').select('author_id').distinct().where('entity_type', '=', entityType).where('entity_id', '=', entityId).execute(),
  ]);
  const ids = [record.requesterId, record.filedBy, ...actors.map((a) => a.actor_id), ...commenters.map((c) => c.author_id)];
  return [...new Set(ids.filter((id): id is string => !!id))];
}

/** `@name` in a text: matched to people by first name or email's local part, case-insensitively. */
export function mentionHandles(text: string): string[] {
  const handles = new Set<string>();
  for (const match of text.matchAll(/(^|[^\w@.])@([\p{L}\p{N}._-]{2,64})/gu)) handles.add(match[2].replace(/[._-]+$/, '').toLowerCase());
  return [...handles];
}

export async function mentionedPeople(ctx: Ctx, text: string): Promise<string[]> {
  const handles = mentionHandles(text);
  if (handles.length === 0) return [];
  const people = await ctx.db.selectFrom('people').select(['id', 'name', 'email']).where('active', '=', true).execute();
  return people
    .filter((p) => {
      const first = p.name.split(/\s+/)[0]?.toLowerCase();
      const local = p.email.split('@')[0]?.toLowerCase();
      return handles.includes(first) || handles.includes(local) || handles.includes(p.name.toLowerCase().replace(/\s+/g, '.'));
    })
    .map((p) => p.id);
}
